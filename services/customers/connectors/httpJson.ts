import { z } from 'zod';
import type { BackOfficeItem, BackOfficePanel } from '../../contracts';
import type { BackOfficeConnector, ConnectorCustomer } from './connector';

const PLACEHOLDER = /\{(email|phone|chat|external(?::[A-Za-z0-9_.-]+)?|customerId)\}/g;
const path = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'a dot path like "order.number"');
const itemKinds = ['order', 'quote', 'invoice', 'shipment', 'other'] as const;

export const HttpJsonConnectorConfig = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/),
    label: z.string().min(1).max(120),
    kind: z.literal('http-json').default('http-json'),
    /** e.g. https://erp.example/api/orders?email={email}. Placeholders: {email} {phone} {chat} {external} {external:<system>} {customerId}. */
    urlTemplate: z.string().min(8).max(2000),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/), z.string().max(4000)).default({}),
    timeoutMs: z.number().int().min(50).max(60_000).default(3000),
    cacheTtlMs: z.number().int().min(0).max(3_600_000).default(30_000),
    errorCacheTtlMs: z.number().int().min(0).max(600_000).default(5_000),
    /** Where the list is in the response; empty = the response itself is the list. */
    itemsPath: z.union([path, z.literal('')]).default(''),
    /** What every item is, unless fields.kind names a field holding order/quote/invoice/shipment. */
    itemKind: z.enum(itemKinds).default('order'),
    fields: z
      .object({
        ref: path,
        kind: path.optional(),
        title: path.optional(),
        status: path.optional(),
        amount: path.optional(),
        date: path.optional(),
        url: path.optional(),
      })
      .strict(),
    maxItems: z.number().int().min(1).max(200).default(20),
    maxBytes: z
      .number()
      .int()
      .min(1024)
      .max(10 * 1024 * 1024)
      .default(1024 * 1024),
  })
  .strict()
  .superRefine((c, ctx) => {
    // Placeholders may only fill path/query: the host is fixed by the template, so customer data cannot redirect the call.
    const probe = c.urlTemplate.replace(PLACEHOLDER, 'x');
    let url: URL;
    try {
      url = new URL(probe);
    } catch {
      ctx.addIssue({ code: 'custom', path: ['urlTemplate'], message: 'not a URL' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      ctx.addIssue({ code: 'custom', path: ['urlTemplate'], message: 'http or https only' });
    const origin = `${url.protocol}//${url.host}`;
    if (!c.urlTemplate.startsWith(`${origin}/`) && c.urlTemplate !== origin) {
      ctx.addIssue({ code: 'custom', path: ['urlTemplate'], message: 'placeholders may not appear in the scheme or host' });
    }
    if (/[{}]/.test(c.urlTemplate.replace(PLACEHOLDER, '')))
      ctx.addIssue({ code: 'custom', path: ['urlTemplate'], message: 'unknown placeholder' });
  });
export type HttpJsonConnectorConfig = z.output<typeof HttpJsonConnectorConfig>;

/** The URL for this customer, or null when the customer lacks an identity the template needs. */
export function renderUrl(template: string, customer: ConnectorCustomer): string | null {
  let missing = false;
  const url = template.replace(PLACEHOLDER, (_m, name: string) => {
    const value = placeholderValue(name, customer);
    if (value === null) missing = true;
    return encodeURIComponent(value ?? '');
  });
  return missing ? null : url;
}

function placeholderValue(name: string, customer: ConnectorCustomer): string | null {
  if (name === 'customerId') return String(customer.id);
  if (name.startsWith('external:')) {
    const prefix = `${name.slice('external:'.length)}:`;
    const found = customer.identities.find((i) => i.kind === 'external' && i.value.startsWith(prefix));
    return found ? found.value.slice(prefix.length) : null;
  }
  const found = customer.identities.find((i) => i.kind === name);
  return found?.value ?? null;
}

function pick(value: unknown, dotPath: string | undefined): unknown {
  if (dotPath === undefined || dotPath === '') return value;
  let current = value;
  for (const key of dotPath.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function text(value: unknown, max = 200): string | null {
  if (typeof value === 'string') return value.slice(0, max);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function safeLink(value: unknown): string | null {
  const s = text(value, 2000);
  if (!s) return null;
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null;
  } catch {
    return null;
  }
}

class ConnectorFailure extends Error {}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new ConnectorFailure(`response too large (${declared} bytes)`);
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new ConnectorFailure(`response larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The built-in connector: GET a JSON document, map its list into order/quote/invoice/shipment rows. */
export function httpJsonConnector(config: HttpJsonConnectorConfig, now: () => number = Date.now): BackOfficeConnector {
  const base = { connectorId: config.id, label: config.label };
  return {
    id: config.id,
    label: config.label,
    ttlMs: (panel) => (panel.state === 'ok' ? config.cacheTtlMs : config.errorCacheTtlMs),
    async fetch(customer: ConnectorCustomer): Promise<Omit<BackOfficePanel, 'cached'>> {
      const url = renderUrl(config.urlTemplate, customer);
      if (url === null) return { ...base, state: 'not_applicable', items: [], error: null, fetchedAt: now() };
      try {
        const response = await fetch(url, {
          headers: { accept: 'application/json', ...config.headers },
          signal: AbortSignal.timeout(config.timeoutMs),
          redirect: 'error',
        });
        if (!response.ok) {
          await response.body?.cancel().catch(() => undefined);
          throw new ConnectorFailure(`${config.label} answered HTTP ${response.status}`);
        }
        const body = await readCapped(response, config.maxBytes);
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          throw new ConnectorFailure(`${config.label} sent a response that is not JSON`);
        }
        const list = pick(json, config.itemsPath);
        if (!Array.isArray(list)) throw new ConnectorFailure(`${config.label} response has no list at "${config.itemsPath || '(root)'}"`);
        const items = list.slice(0, config.maxItems).flatMap((raw): BackOfficeItem[] => {
          const ref = text(pick(raw, config.fields.ref));
          if (ref === null) return [];
          const kindText = text(pick(raw, config.fields.kind))?.toLowerCase();
          const kind = (itemKinds as readonly string[]).includes(kindText ?? '')
            ? (kindText as BackOfficeItem['kind'])
            : config.fields.kind
              ? 'other'
              : config.itemKind;
          return [
            {
              kind,
              ref,
              title: text(pick(raw, config.fields.title)),
              status: text(pick(raw, config.fields.status), 60),
              amount: text(pick(raw, config.fields.amount), 40),
              date: text(pick(raw, config.fields.date), 40),
              url: safeLink(pick(raw, config.fields.url)),
            },
          ];
        });
        return { ...base, state: 'ok', items, error: null, fetchedAt: now() };
      } catch (error) {
        return { ...base, state: 'error', items: [], error: describe(error, config), fetchedAt: now() };
      }
    },
  };
}

function describe(error: unknown, config: HttpJsonConnectorConfig): string {
  if (error instanceof ConnectorFailure) return error.message;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `${config.label} did not answer within ${config.timeoutMs} ms`;
  }
  return `${config.label} is unreachable`;
}
