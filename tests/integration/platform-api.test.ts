import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { publicRoutes, type PublicRouteName } from '../../services/contracts';
import { openApiPath } from '../../services/platform/api/openapi';
import { customersChangedSql } from '../../services/platform/repo';
import { queryPlan } from '../support/traces';
import { allScopes, api, createKey, type ApiReply } from '../support/platform';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';
import type { AgentClient } from '../support/agentClient';

let t: TestHub;
let admin: AgentClient;
let key: string;
let doc: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>> };
const ajv = new Ajv2020({ strict: false, allErrors: true });
let validated = 0;

/** Checks a 2xx reply against the OpenAPI document's schema for that route and against the zod contract. */
function conforms(name: PublicRouteName, reply: ApiReply): void {
  const spec = publicRoutes[name];
  const op = doc.paths[openApiPath(spec.path)]?.[spec.method.toLowerCase()];
  const schema = op?.responses[spec.method === 'POST' ? '201' : '200']?.content?.['application/json']?.schema;
  expect(schema, `${name} documented`).toBeDefined();
  const validate = ajv.compile(schema!);
  expect(validate(reply.body), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
  expect(spec.response.safeParse(reply.body).success, name).toBe(true);
  validated += 1;
}

beforeAll(async () => {
  t = await startTestHub({ webchat: {} });
  await seed(t, [{ username: 'ann' }]);
  admin = await t.admin();
  key = (await createKey(admin, allScopes)).secret;
  doc = (await api(t, null, 'GET', '/openapi.json')).body as typeof doc;
  for (let i = 0; i < 5; i += 1) {
    await t.hub.center.ingest(
      chatEvent({ from: { kind: 'email', value: `sync${i}@example.com`, displayName: `Sync Person ${i}` }, bodyText: `first words ${i}` }),
    );
  }
});
afterAll(async () => {
  await t.stop();
});

describe('public API: reads with an API key, over real HTTP', () => {
  it('syncs customers page by page and then only what changed', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const r = await api(t, key, 'GET', `/customers?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      conforms('customersList', r);
      const body = r.body as { items: Array<{ id: number }>; nextCursor: string | null };
      if (body.items.length === 0) break;
      seen.push(...body.items.map((c) => c.id));
      cursor = body.nextCursor;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    // Nothing changed: the saved cursor returns nothing; a new customer then shows up alone.
    expect(((await api(t, key, 'GET', `/customers?cursor=${cursor}`)).body as { items: unknown[] }).items).toHaveLength(0);
    await t.hub.center.ingest(chatEvent({ from: { kind: 'email', value: 'late@example.com', displayName: 'Late Comer' } }));
    const after = (await api(t, key, 'GET', `/customers?cursor=${cursor}`)).body as { items: Array<{ displayName: string }> };
    expect(after.items.map((c) => c.displayName)).toEqual(['Late Comer']);
  });

  it('pages customers through an index, not a scan', async () => {
    const plan = await queryPlan(t.dbFile, customersChangedSql({ at: Date.now(), id: 3 }, 100));
    expect(plan).toMatch(/SEARCH customer USING (COVERING )?INDEX customer_changed/);
  });

  it('searches, reads one customer with an ETag, identities and timeline', async () => {
    const search = await api(t, key, 'GET', '/customers/search?q=sync3%40example.com');
    expect(search.status).toBe(200);
    conforms('customersSearch', search);
    const hit = (search.body as { items: Array<{ customerId: number }> }).items[0]!;
    const one = await api(t, key, 'GET', `/customers/${hit.customerId}`);
    expect(one.status).toBe(200);
    conforms('customerGet', one);
    const etag = one.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect((await api(t, key, 'GET', `/customers/${hit.customerId}`, undefined, { 'if-none-match': etag })).status).toBe(304);
    const ids = await api(t, key, 'GET', `/customers/${hit.customerId}/identities`);
    conforms('customerIdentities', ids);
    expect(ids.body).toMatchObject({ items: [{ kind: 'email', value: 'sync3@example.com' }] });
    const timeline = await api(t, key, 'GET', `/customers/${hit.customerId}/timeline?limit=10`);
    conforms('customerTimeline', timeline);
    expect((timeline.body as { items: Array<{ firstLine: string }> }).items[0]?.firstLine).toBe('first words 3');
    expect((await api(t, key, 'GET', '/customers/999999')).body).toMatchObject({ code: 'not_found' });
  });

  it('follows conversations and messages by change cursor', async () => {
    const first = await api(t, key, 'GET', '/conversations?limit=3');
    conforms('conversationsList', first);
    const page1 = first.body as { items: Array<{ id: number }>; nextCursor: string };
    expect(page1.items).toHaveLength(3);
    const second = (await api(t, key, 'GET', `/conversations?cursor=${page1.nextCursor}`)).body as {
      items: Array<{ id: number }>;
      nextCursor: string;
    };
    const all = [...page1.items, ...second.items].map((c) => c.id);
    expect(new Set(all).size).toBeGreaterThanOrEqual(6);
    // A new message on an old conversation brings it back in the feed.
    const old = page1.items[0]!.id;
    const { conversation } = (await t.hub.center.ingest(chatEvent({ conversationId: old, bodyText: 'again' }))) as {
      conversation: { id: number };
    };
    expect(conversation.id).toBe(old);
    const changed = (await api(t, key, 'GET', `/conversations?cursor=${second.nextCursor}`)).body as { items: Array<{ id: number }> };
    expect(changed.items.map((c) => c.id)).toContain(old);

    const got = await api(t, key, 'GET', `/conversations/${old}`);
    conforms('conversationGet', got);
    const messages = await api(t, key, 'GET', `/conversations/${old}/messages?limit=1`);
    conforms('conversationMessages', messages);
    const m = messages.body as { items: Array<{ bodyText: string }>; nextCursor: string };
    expect(m.items).toHaveLength(1);
    const rest = (await api(t, key, 'GET', `/conversations/${old}/messages?cursor=${m.nextCursor}`)).body as {
      items: Array<{ bodyText: string }>;
    };
    expect(rest.items.map((x) => x.bodyText)).toContain('again');

    const feed = await api(t, key, 'GET', '/messages?limit=100');
    conforms('messagesList', feed);
    expect((feed.body as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(7);
  });

  it('reads queues, agents and a report', async () => {
    const queues = await api(t, key, 'GET', '/queues');
    conforms('queuesList', queues);
    expect(queues.body).toMatchObject({ items: [{ queue: { id: 'support' }, stats: { queueId: 'support' } }] });
    const agents = await api(t, key, 'GET', '/agents');
    conforms('agentsList', agents);
    expect((agents.body as { items: Array<{ username: string }> }).items.map((a) => a.username)).toEqual(
      expect.arrayContaining(['admin', 'ann']),
    );
    const now = Date.now();
    const report = await api(t, key, 'GET', `/reports?from=${now - 3_600_000}&to=${now + 1000}`);
    expect(report.status).toBe(200);
    conforms('reportGet', report);
    expect((report.body as { byQueue: Array<{ figures: { arrivals: number } }> }).byQueue[0]?.figures.arrivals).toBeGreaterThanOrEqual(6);
  });

  it('starts a conversation and sends a message through the desk path, held by the agent', async () => {
    const cust = ((await api(t, key, 'GET', '/customers/search?q=sync1%40example.com')).body as { items: Array<{ customerId: number }> })
      .items[0]!;
    const ann = t.hub.center.agentByUsername('ann')!;
    // No email channel on this hub: the same refusal the desk gets.
    const refused = await api(t, key, 'POST', '/conversations', { customerId: cust.customerId, channel: 'email', agentId: ann.id });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'channel_unavailable' });
    // A chat conversation the agent holds: the API sends as that agent, stored as the desk stores it.
    const annClient = await t.connect('ann', 'ann-password');
    await annClient.ok('presence/set', { presence: 'available' });
    // The oldest waiting chat is offered first; whichever it is, once accepted it is held by ann.
    const offer = await annClient.waitFor('offer/new');
    await annClient.ok('offer/accept', { offerId: offer.offerId });
    const sent = await api(t, key, 'POST', `/conversations/${offer.conversationId}/messages`, { bodyText: 'Yes, how can I help?' });
    expect(sent.status).toBe(201);
    conforms('messageCreate', sent);
    expect(sent.body).toMatchObject({ direction: 'out', authorAgentId: ann.id, bodyText: 'Yes, how can I help?' });
    // Queued work nobody holds: refused, never sent as someone who does not hold it.
    await annClient.ok('presence/set', { presence: 'away' });
    const waiting = await t.hub.center.ingest(chatEvent({ bodyText: 'still waiting' }));
    const unheld = await api(t, key, 'POST', `/conversations/${waiting.conversation.id}/messages`, { bodyText: 'x' });
    expect(unheld.status).toBe(409);
    expect(unheld.body).toMatchObject({ code: 'conflict' });
  });

  it('streams exports as CSV and JSON', async () => {
    await t.hub.center.ingest(chatEvent({ bodyText: '=HYPERLINK("http://evil.example","click")' }));
    const csv = await api(t, key, 'GET', '/exports/messages?format=csv');
    // A spreadsheet must not run customer text as a formula: the cell starts with a quote.
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('id,conversationId,channel,customerId,direction,authorAgentId,bodyText,status,createdAt');
    expect(lines.length).toBeGreaterThan(5);
    const json = await api(t, key, 'GET', '/exports/conversations?format=json');
    const rows = json.body as unknown[];
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const row of rows) expect(publicRoutes.exportConversations.response.safeParse(row).success).toBe(true);
    const now = Date.now();
    const report = await api(t, key, 'GET', `/exports/report?from=${now - 2 * 86_400_000}&to=${now + 1000}&format=json`);
    expect(report.status).toBe(200);
    const reportRows = report.body as Array<{ queueId: string; arrivals: number }>;
    expect(reportRows.some((r) => r.queueId === 'support' && r.arrivals > 0)).toBe(true);
  });

  it('validated every JSON reply route', () => {
    expect(validated).toBeGreaterThanOrEqual(12);
  });
});
