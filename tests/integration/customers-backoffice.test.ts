import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpJsonConnectorConfig } from '../../services/customers/connectors/httpJson';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';

let t: TestHub | undefined;
let server: Server | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

/** A real HTTP server standing in for the ERP: each path behaves as the test needs. */
async function erp(routes: Record<string, Handler>): Promise<{ base: string; hits: string[] }> {
  const hits: string[] = [];
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    hits.push(`${url.pathname}${url.search}|${String(req.headers['x-api-key'] ?? '')}`);
    const route = Object.entries(routes).find(([p]) => url.pathname === p || url.pathname.startsWith(`${p}/`))?.[1];
    if (route) route(req, res, url);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

const json = (res: ServerResponse, body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));

describe('customers: HTTP JSON back-office connector', () => {
  it('maps orders into a panel, caches briefly, and shows timeouts, bad JSON and HTTP errors as panel states', async () => {
    const { base, hits } = await erp({
      '/orders': (_req, res, url) =>
        json(res, {
          data: {
            orders: [
              {
                no: 'SO-1',
                state: 'shipped',
                total: 99.5,
                placed: '2024-05-01',
                link: `https://erp.example/o/SO-1?e=${url.searchParams.get('email')}`,
              },
              { no: 'SO-2', state: 'open', link: 'javascript:alert(1)' },
              { state: 'no ref, skipped' },
            ],
          },
        }),
      '/slow': (_req, res) => setTimeout(() => json(res, []), 1500),
      '/broken': (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"orders": [ oops'),
      '/down': (_req, res) => res.writeHead(503).end('maintenance'),
      '/shipments': (_req, res) => json(res, [{ id: 77, kind: 'shipment', status: 'in transit' }]),
    });
    const connectors = [
      {
        id: 'orders',
        label: 'Orders',
        urlTemplate: `${base}/orders?email={email}`,
        headers: { 'X-Api-Key': 'k1' },
        itemsPath: 'data.orders',
        fields: { ref: 'no', status: 'state', amount: 'total', date: 'placed', url: 'link' },
        cacheTtlMs: 60_000,
      },
      { id: 'slow', label: 'Quotes', urlTemplate: `${base}/slow?email={email}`, timeoutMs: 200, fields: { ref: 'id' } },
      { id: 'broken', label: 'Invoices', urlTemplate: `${base}/broken?e={email}`, itemsPath: 'orders', fields: { ref: 'id' } },
      { id: 'down', label: 'Legacy ERP', urlTemplate: `${base}/down/{external:erp}`, fields: { ref: 'id' } },
      {
        id: 'ship',
        label: 'Shipments',
        urlTemplate: `${base}/shipments?phone={phone}`,
        fields: { ref: 'id', kind: 'kind', status: 'status' },
      },
    ];
    t = await startTestHub({ customers: { connectors } });
    await seed(t, [{ username: 'ann' }]);
    const ann = await t.connect('ann', 'ann-password');
    const c = await t.hub.center.ingest(chatEvent({ from: { kind: 'email', value: 'a+b&c@example.com' } }));
    await ann.ok('customer/addIdentity', { customerId: c.customerId, kind: 'external', value: 'erp:A/1' });

    const { panels } = await ann.ok('customer/backOffice', { customerId: c.customerId });
    const byId = new Map(panels.map((p) => [p.connectorId, p]));
    expect(byId.get('orders')).toMatchObject({ state: 'ok', cached: false, error: null });
    expect(byId.get('orders')?.items).toEqual([
      {
        kind: 'order',
        ref: 'SO-1',
        title: null,
        status: 'shipped',
        amount: '99.5',
        date: '2024-05-01',
        url: 'https://erp.example/o/SO-1?e=a+b&c@example.com',
      },
      { kind: 'order', ref: 'SO-2', title: null, status: 'open', amount: null, date: null, url: null },
    ]);
    expect(byId.get('slow')).toMatchObject({ state: 'error', error: 'Quotes did not answer within 200 ms', items: [] });
    expect(byId.get('broken')).toMatchObject({ state: 'error', error: 'Invoices sent a response that is not JSON' });
    expect(byId.get('down')).toMatchObject({ state: 'error', error: 'Legacy ERP answered HTTP 503' });
    expect(byId.get('ship')).toMatchObject({ state: 'not_applicable', items: [] });
    // Identity values are URL-encoded into the template and headers are sent.
    expect(hits).toContain('/orders?email=a%2Bb%26c%40example.com|k1');
    expect(hits).toContain('/down/A%2F1|');

    const again = await ann.ok('customer/backOffice', { customerId: c.customerId });
    expect(again.panels.find((p) => p.connectorId === 'orders')?.cached).toBe(true);
    expect(hits.filter((h) => h.startsWith('/orders')).length).toBe(1);
    const refreshed = await ann.ok('customer/backOffice', { customerId: c.customerId, refresh: true });
    expect(refreshed.panels.find((p) => p.connectorId === 'orders')?.cached).toBe(false);
    expect(hits.filter((h) => h.startsWith('/orders')).length).toBe(2);

    await ann.ok('customer/addIdentity', { customerId: c.customerId, kind: 'phone', value: '+14155550100' });
    const ship = (await ann.ok('customer/backOffice', { customerId: c.customerId })).panels.find((p) => p.connectorId === 'ship');
    expect(ship).toMatchObject({ state: 'ok', items: [{ kind: 'shipment', ref: '77', status: 'in transit' }] });
  });

  it('refuses templates whose host could be changed by customer data, and a bad section stops the hub naming the key', async () => {
    const bad = HttpJsonConnectorConfig.safeParse({ id: 'x', label: 'X', urlTemplate: 'https://{email}/orders', fields: { ref: 'id' } });
    expect(bad.success).toBe(false);
    expect(
      HttpJsonConnectorConfig.safeParse({ id: 'x', label: 'X', urlTemplate: 'https://erp.test/o?q={nope}', fields: { ref: 'id' } }).success,
    ).toBe(false);
    expect(
      HttpJsonConnectorConfig.safeParse({ id: 'x', label: 'X', urlTemplate: 'file:///etc/{email}', fields: { ref: 'id' } }).success,
    ).toBe(false);

    // A connector the hub cannot use is a config error like any other: one line with the key path, no hub.
    await expect(startTestHub({ customers: { connectors: [{ id: 'x', urlTemplate: 'https://{email}/' }] } })).rejects.toThrow(
      /^customers\.connectors\[0\]\./,
    );
  });
});
