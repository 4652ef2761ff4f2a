import { describe, expect, it } from 'vitest';
import { defaultCapacity, type ChannelKind } from '../../../services/contracts';
import { searchCustomerMessages, searchCustomers } from '../../../services/customers/search';
import { ingestInbound } from '../../../services/ingest/ingest';
import type { InboundEvent } from '../../../services/ingest/inbound';
import { countAgents, findAgentByUsername, upsertAgent } from '../../../services/store/repos/agents';
import { getConversation, listOpenConversations, updateConversation } from '../../../services/store/repos/conversations';
import { eventsForConversation } from '../../../services/store/repos/events';
import { findCustomerByIdentity, getCustomerSummary } from '../../../services/store/repos/customers';
import { latestInboundPreviews } from '../../../services/store/repos/inboundPreviews';
import { findMessageByProviderId, listMessages, updateMessageStatus } from '../../../services/store/repos/messages';
import { listQueues, upsertQueue } from '../../../services/store/repos/queues';
import { deleteSession, deleteSessionsOf, findSession, insertSession } from '../../../services/store/repos/sessions';
import { sql } from '../../../services/store/sql';
import type { Store } from '../../../services/store/store';
import { ENGINES, storeEngines } from './engines';

const place = storeEngines();

async function openWithQueue(engine: (typeof ENGINES)[number]): Promise<Store> {
  const store = await (await place(engine)).open();
  await store.write((tx) =>
    upsertQueue(tx, {
      id: 'support',
      name: 'Support',
      channels: ['sms', 'chat', 'email'],
      skills: {},
      slaSeconds: 60,
      priority: 0,
      slTargetPercent: 80,
      shortAbandonSeconds: 5,
    }),
  );
  return store;
}

let n = 0;
function inbound(over: Partial<InboundEvent> & { from: InboundEvent['from']; bodyText: string }): InboundEvent {
  n += 1;
  const channel: ChannelKind = over.channel ?? 'sms';
  return {
    channel,
    providerId: `p-${n}-${Math.random().toString(36).slice(2)}`,
    queueId: 'support',
    threadKey: `${channel}:${over.from.value}`,
    receivedAt: 1_700_000_000_000 + n * 1000,
    ...over,
  };
}

/** What the stored state looks like, without ids or clocks that may legitimately differ. */
const CORPUS: ReadonlyArray<Readonly<{ name: string; company?: string; phone: string; body: string }>> = [
  { name: 'Zoë Ölander', phone: '+15550000001', body: 'My parcel to Malmö never arrived, tracking says délivré' },
  { name: "Seán O'Brien", company: 'Acme Widgets', phone: '+15550000002', body: 'Invoice 2024-117 is wrong; email me at sean@example.com' },
  { name: 'Ann Lee', company: 'Widgetry Ltd', phone: '+15550000003', body: 'Where is my parcel? The courier was rude.' },
  { name: 'Bob Parcelson', phone: '+15550000004', body: 'Please cancel my subscription' },
];

describe.each(ENGINES)('repos on %s', (engine) => {
  it('ingest resolves customers and identities, threads conversations, dedupes provider ids, and logs events', async () => {
    const store = await openWithQueue(engine);
    const first = await ingestInbound(
      store,
      inbound({ from: { kind: 'phone', value: '+15551230001', displayName: 'Dana' }, bodyText: 'hello' }),
    );
    const second = await ingestInbound(store, inbound({ from: { kind: 'phone', value: '+15551230001' }, bodyText: 'still there?' }));
    expect(first.outcome).toBe('created');
    expect(second.outcome).toBe('appended');
    expect(second.conversation.id).toBe(first.conversation.id);
    expect(await findCustomerByIdentity(store, 'phone', '+15551230001')).toBe(first.customerId);
    expect(await getCustomerSummary(store, first.customerId)).toMatchObject({
      displayName: 'Dana',
      identities: [{ kind: 'phone', value: '+15551230001' }],
    });
    // The offer cards' previews at start-up and at a team-mode takeover: the latest customer line, by id.
    expect([...(await latestInboundPreviews(store, [first.conversation.id, 999_999]))]).toEqual([
      [first.conversation.id, 'still there?'],
      [999_999, ''],
    ]);

    const replay = await ingestInbound(
      store,
      inbound({ providerId: first.message.providerId!, from: { kind: 'phone', value: '+15551230001' }, bodyText: 'hello' }),
    );
    expect(replay.outcome).toBe('duplicate');
    expect(replay.message.id).toBe(first.message.id);

    // A burst: one batch, several customers, all stored once.
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        ingestInbound(
          store,
          inbound({ from: { kind: 'phone', value: `+1555999${String(i % 10).padStart(4, '0')}` }, bodyText: `burst ${i}` }),
        ),
      ),
    );
    expect(new Set(burst.map((r) => r.message.id)).size).toBe(40);
    expect(new Set(burst.map((r) => r.conversation.id)).size).toBe(10);
    expect((await store.get<{ n: number }>(sql`SELECT count(*) AS n FROM customer`))!.n).toBe(11);
    const messages = await listMessages(store, first.conversation.id);
    expect(messages.map((m) => m.bodyText)).toEqual(['hello', 'still there?']);
    expect(await findMessageByProviderId(store, first.message.providerId!)).toMatchObject({ id: first.message.id, direction: 'in' });
    const types = (await eventsForConversation(store, first.conversation.id)).map((e) => e.type);
    expect(types[0]).toBe('conversation/created');
    const open = await listOpenConversations(store);
    expect(open.map((c) => c.id).sort((a, b) => a - b)).toEqual(
      [first.conversation.id, ...new Set(burst.map((r) => r.conversation.id))].sort((a, b) => a - b),
    );
  });

  it('stores text with NUL and quotes through both the batch and the single path', async () => {
    const store = await openWithQueue(engine);
    const body = "it's\0 -- here; ? $1 \\ '' end";
    const [a, b] = await Promise.all([
      ingestInbound(store, inbound({ from: { kind: 'phone', value: '+15557770001', displayName: "O'Neil\0" }, bodyText: body })),
      ingestInbound(store, inbound({ from: { kind: 'phone', value: '+15557770002' }, bodyText: body })),
    ]);
    // SQLite keeps NUL; PostgreSQL text cannot hold it and stores U+FFFD, as for a bound parameter.
    const stored = engine === 'postgres' ? body.replace('\0', '\ufffd') : body;
    expect((await listMessages(store, a.conversation.id)).map((m) => m.bodyText)).toEqual([stored]);
    expect((await listMessages(store, b.conversation.id)).map((m) => m.bodyText)).toEqual([stored]);
  });

  it('reads the latest customer text of many conversations in one statement (offer cards when a hub takes over routing)', async () => {
    const store = await openWithQueue(engine);
    const a = await ingestInbound(store, inbound({ from: { kind: 'phone', value: '+15551239001' }, bodyText: 'first' }));
    await ingestInbound(store, inbound({ from: { kind: 'phone', value: '+15551239001' }, bodyText: `then ${'x'.repeat(300)}` }));
    const b = await ingestInbound(store, inbound({ from: { kind: 'phone', value: '+15551239002' }, bodyText: 'only line' }));
    const previews = await latestInboundPreviews(store, [a.conversation.id, b.conversation.id, 999_999]);
    expect(previews.get(a.conversation.id)).toBe(`then ${'x'.repeat(195)}`);
    expect(previews.get(b.conversation.id)).toBe('only line');
    expect(previews.get(999_999)).toBe(''); // asked about, no customer text: an empty preview
    expect((await latestInboundPreviews(store, [])).size).toBe(0);
  });

  it('updates conversations and message status (meta merged) the same way', async () => {
    const store = await openWithQueue(engine);
    const r = await ingestInbound(
      store,
      inbound({ from: { kind: 'email', value: 'x@example.com' }, channel: 'email', bodyText: 'hi', subject: 'Hello' }),
    );
    const updated = await store.write((tx) =>
      updateConversation(tx, r.conversation.id, { state: 'closed', closedAt: 5, disposition: 'resolved' }),
    );
    expect(updated).toMatchObject({ state: 'closed', closedAt: 5, disposition: 'resolved', subject: 'Hello' });
    expect(await getConversation(store, r.conversation.id)).toEqual(updated);
    const message = await store.write((tx) =>
      updateMessageStatus(tx, r.message.id, 'delivered', { sid: 'SM1', email: { mode: 'new', drop: 1 } }),
    );
    const again = await store.write((tx) => updateMessageStatus(tx, r.message.id, 'read', { at: 7, email: { outboxId: 3, drop: null } }));
    expect(message?.status).toBe('delivered');
    // json_patch is a merge patch on both engines: nested objects merge, null removes a key.
    expect(again?.status).toBe('read');
    expect(again?.meta).toEqual({ sid: 'SM1', at: 7, email: { mode: 'new', outboxId: 3 } });
  });

  it('finds customers and messages by full-text search with the same meaning: every word, prefixes, accents and case folded', async () => {
    const store = await openWithQueue(engine);
    const ids = new Map<string, number>();
    for (const c of CORPUS) {
      const r = await ingestInbound(store, inbound({ from: { kind: 'phone', value: c.phone, displayName: c.name }, bodyText: c.body }));
      if (c.company) await store.write((tx) => tx.run(sql`UPDATE customer SET company = ${c.company} WHERE id = ${r.customerId}`));
      ids.set(c.name, r.customerId);
    }
    const names = async (q: string) =>
      (await searchCustomers(store, q, 10))
        .filter((h) => h.matched === 'name')
        .map((h) => h.displayName)
        .sort();
    expect(await names('zoe')).toEqual(['Zoë Ölander']);
    expect(await names('OLAND')).toEqual(['Zoë Ölander']);
    expect(await names("o'brien")).toEqual(["Seán O'Brien"]);
    expect(await names('sean acme')).toEqual(["Seán O'Brien"]);
    expect(await names('widget')).toEqual(['Ann Lee', "Seán O'Brien"]);
    expect(await names('ann widgetry')).toEqual(['Ann Lee']);
    expect(await names('ann acme')).toEqual([]);
    expect(await names('parcel')).toEqual(['Bob Parcelson']);
    expect(await names('"; DROP TABLE customer; --')).toEqual([]);

    const hits = async (name: string, q: string) =>
      (await searchCustomerMessages(store, ids.get(name)!, q, 10)).map((h) => h.snippet.length > 0);
    expect((await searchCustomerMessages(store, ids.get('Zoë Ölander')!, 'malmo', 10))[0]?.snippet).toContain('[Malmö]');
    expect(await hits('Zoë Ölander', 'malmo')).toEqual([true]);
    expect(await hits('Zoë Ölander', 'delivre parc')).toEqual([true]);
    expect(await hits("Seán O'Brien", 'example')).toEqual([true]);
    expect(await hits("Seán O'Brien", '2024')).toEqual([true]);
    expect(await hits('Ann Lee', 'parcel rude')).toEqual([true]);
    expect(await hits('Ann Lee', 'parcel polite')).toEqual([]);
    expect(await hits('Bob Parcelson', 'parcel')).toEqual([]);
  });

  it('keeps queues, agents and sessions', async () => {
    const store = await openWithQueue(engine);
    await store.write((tx) =>
      upsertQueue(tx, {
        id: 'billing',
        name: 'Billing',
        channels: ['email'],
        skills: { de: 2 },
        slaSeconds: 3600,
        priority: 2,
        slTargetPercent: 90.5,
        shortAbandonSeconds: 0,
      }),
    );
    expect((await listQueues(store)).find((q) => q.id === 'billing')).toMatchObject({
      skills: { de: 2 },
      slTargetPercent: 90.5,
      priority: 2,
    });

    const agent = await store.write((tx) =>
      upsertAgent(tx, { username: 'ann', displayName: 'Ann', role: 'agent', skills: {}, capacity: defaultCapacity }, 1),
    );
    const renamed = await store.write((tx) =>
      upsertAgent(tx, { username: 'ann', displayName: 'Ann B', role: 'supervisor', skills: {} }, 2),
    );
    expect(renamed).toMatchObject({ id: agent.id, displayName: 'Ann B', role: 'supervisor', capacity: defaultCapacity });
    expect(await countAgents(store)).toBe(1);
    expect(await findAgentByUsername(store, 'ann')).toMatchObject({ id: agent.id });

    await store.write(async (tx) => {
      await insertSession(tx, 'h1', agent.id, 10, 100);
      await insertSession(tx, 'h2', agent.id, 10, 100);
      await insertSession(tx, 'h3', agent.id, 10, 100);
    });
    expect(await findSession(store, 'h1', 50)).toEqual({ agentId: agent.id, expiresAt: 100 });
    expect(await findSession(store, 'h1', 100)).toBeUndefined();
    expect(await store.write((tx) => deleteSession(tx, 'h1'))).toBe(agent.id);
    expect((await store.write((tx) => deleteSessionsOf(tx, agent.id, 'h3'))).sort()).toEqual(['h2']);
    expect(await findSession(store, 'h3', 50)).toEqual({ agentId: agent.id, expiresAt: 100 });
  });
});
