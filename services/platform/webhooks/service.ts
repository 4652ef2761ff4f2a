import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { HubError, type WebhookDelivery, type WebhookEventType, type WebhookSubscription } from '../../contracts';
import type { Store } from '../../store/store';
import type { PlatformConfig } from '../settings';
import {
  countLiveSubscriptions,
  deleteSubscription,
  getDelivery,
  getSubscription,
  insertSubscription,
  listDeliveries,
  listSubscriptions,
  requeueDelivery,
  setSubscriptionActive,
  watermarksToNow,
} from '../repo';
import { feedOnce } from './feed';
import { WebhookSender } from './sender';

/** Subscriptions, the feed that turns committed rows into deliveries, and the sender. */
export class Webhooks {
  private readonly sender: WebhookSender;
  private pollTimer: NodeJS.Timeout | null = null;
  private feeding: Promise<void> | null = null;
  private feedAgain = false;
  private unsubscribe: (() => void) | null = null;
  /** Subscriptions not deleted; with none, the feed does not run at all (no write unit per commit). */
  private live = 0;

  constructor(
    private readonly deps: Readonly<{ store: Store; settings: PlatformConfig['webhooks']; now: () => number; log: FastifyBaseLogger }>,
  ) {
    this.sender = new WebhookSender(deps);
  }

  async start(): Promise<void> {
    this.live = await countLiveSubscriptions(this.deps.store);
    // Woken by every commit that appended events; the poll covers merges (no event) and missed wake-ups.
    this.unsubscribe = this.deps.store.onEvents(() => this.feed());
    this.pollTimer = setInterval(() => this.feed(), this.deps.settings.pollMs);
    this.pollTimer.unref();
    this.feed();
    // Deliveries left pending by the previous run go out now, not when the next event arrives.
    this.sender.resume();
    this.sender.wake();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    await this.feeding;
    await this.sender.stop();
  }

  /** Runs the feed once (coalescing wake-ups that arrive while it runs), then wakes the sender. */
  feed(): void {
    if (this.live === 0) return;
    if (this.feeding) {
      this.feedAgain = true;
      return;
    }
    this.feeding = (async () => {
      try {
        do {
          this.feedAgain = false;
          const queued = await feedOnce(this.deps.store, this.deps.now());
          if (queued > 0) this.sender.wake();
        } while (this.feedAgain && this.pollTimer);
      } catch (error) {
        if (this.pollTimer) this.deps.log.warn({ err: error }, 'webhook feed failed; the next poll retries');
      } finally {
        this.feeding = null;
      }
    })();
  }

  list(): Promise<WebhookSubscription[]> {
    return listSubscriptions(this.deps.store);
  }

  async create(
    input: Readonly<{ url: string; events: readonly WebhookEventType[]; description?: string }>,
    byAgentId: number,
  ): Promise<{ subscription: WebhookSubscription; secret: string }> {
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const id = await this.deps.store.write(async (tx) => {
      // The first subscription starts from now: while there was none the feed did not read the log.
      if ((await countLiveSubscriptions(tx)) === 0) await watermarksToNow(tx);
      return insertSubscription(tx, {
        url: input.url,
        events: [...new Set(input.events)],
        description: input.description ?? null,
        secret,
        at: this.deps.now(),
        byAgentId,
      });
    });
    this.live = await countLiveSubscriptions(this.deps.store);
    return { subscription: await this.require(id), secret };
  }

  async setActive(id: number, active: boolean): Promise<WebhookSubscription> {
    const changed = await this.deps.store.write((tx) => setSubscriptionActive(tx, id, active));
    if (changed === 0) throw new HubError('not_found', `no webhook subscription ${id}`);
    if (active) this.sender.wake();
    return this.require(id);
  }

  async remove(id: number): Promise<void> {
    const changed = await this.deps.store.write((tx) => deleteSubscription(tx, id, this.deps.now()));
    if (changed === 0) throw new HubError('not_found', `no webhook subscription ${id}`);
    this.live = await countLiveSubscriptions(this.deps.store);
  }

  async deliveries(subscriptionId: number, limit: number): Promise<WebhookDelivery[]> {
    await this.require(subscriptionId);
    return listDeliveries(this.deps.store, subscriptionId, limit);
  }

  async resend(deliveryId: number): Promise<WebhookDelivery> {
    const d = await getDelivery(this.deps.store, deliveryId);
    if (!d) throw new HubError('not_found', `no delivery ${deliveryId}`);
    await this.require(d.subscriptionId);
    await this.deps.store.write((tx) => requeueDelivery(tx, deliveryId, this.deps.now()));
    this.sender.wake();
    return (await getDelivery(this.deps.store, deliveryId))!;
  }

  private async require(id: number): Promise<WebhookSubscription> {
    const s = await getSubscription(this.deps.store, id);
    if (!s) throw new HubError('not_found', `no webhook subscription ${id}`);
    return s;
  }
}
