import type { BackOfficePanel, CustomerIdentity } from '../../contracts';

export type ConnectorCustomer = Readonly<{ id: number; identities: readonly Pick<CustomerIdentity, 'kind' | 'value'>[] }>;

/**
 * A back-office source (ERP, order system) shown as a panel in the Customer 360. fetch() never throws:
 * every failure is a panel with state 'error' and a message an agent can read.
 */
export type BackOfficeConnector = Readonly<{
  id: string;
  label: string;
  fetch(customer: ConnectorCustomer, signal?: AbortSignal): Promise<Omit<BackOfficePanel, 'cached'>>;
  /** How long a result may be served from the cache (ms); failures use their own shorter time. */
  ttlMs(panel: Omit<BackOfficePanel, 'cached'>): number;
}>;

type CacheEntry = { key: string; expiresAt: number; panel: Omit<BackOfficePanel, 'cached'> };

/** All configured connectors for one hub, with a brief per-customer cache and de-duplicated in-flight calls. */
export class BackOffice {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, Promise<Omit<BackOfficePanel, 'cached'>>>();

  constructor(
    private readonly connectors: readonly BackOfficeConnector[],
    private readonly now: () => number,
    private readonly maxEntries = 5000,
  ) {}

  get size(): number {
    return this.connectors.length;
  }

  async panels(customer: ConnectorCustomer, refresh: boolean): Promise<BackOfficePanel[]> {
    return Promise.all(this.connectors.map((c) => this.panel(c, customer, refresh)));
  }

  private async panel(connector: BackOfficeConnector, customer: ConnectorCustomer, refresh: boolean): Promise<BackOfficePanel> {
    const key = `${connector.id}|${customer.id}|${customer.identities.map((i) => `${i.kind}:${i.value}`).join(',')}`;
    const hit = this.cache.get(key);
    if (hit && !refresh && hit.expiresAt > this.now()) return { ...hit.panel, cached: true };
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = connector.fetch(customer);
      this.inFlight.set(key, pending);
    }
    try {
      const panel = await pending;
      this.remember({ key, expiresAt: this.now() + connector.ttlMs(panel), panel });
      return { ...panel, cached: false };
    } finally {
      this.inFlight.delete(key);
    }
  }

  private remember(entry: CacheEntry): void {
    this.cache.delete(entry.key);
    this.cache.set(entry.key, entry);
    // Map keeps insertion order: the first key is the least recently stored.
    while (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }
}
