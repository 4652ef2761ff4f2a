import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../services/store/sql';
import { postgresUnavailable, startPostgres, type Postgres } from '../support/postgres';
import { seed, startTestHub, type TestHub } from '../support/testHub';
import { until } from '../support/until';
import { VisitorClient } from '../support/visitorClient';

const skip = postgresUnavailable();
if (skip) console.warn(`team-mode web chat test skipped: ${skip}`);

let postgres: Postgres;
/** a routes (it starts first and takes the router lock); the visitor talks to b; the agent sits on c. */
let a: TestHub;
let b: TestHub;
let c: TestHub;
const visitors: VisitorClient[] = [];

// Slow enough that a disconnect never abandons a chat under a loaded machine; the test ends chats itself.
const webchat = { abandonAfterDisconnectMs: 60_000, positionRefreshMs: 100 };

beforeAll(async () => {
  if (skip) return;
  postgres = await startPostgres();
  const url = await postgres.createDatabase();
  a = await startTestHub({ store: { engine: 'postgres', url }, webchat });
  await seed(a, [{ username: 'ann' }]);
  b = await startTestHub({ store: { engine: 'postgres', url }, webchat });
  c = await startTestHub({ store: { engine: 'postgres', url }, webchat });
  // The adapter's heartbeats make the hubs known to each other.
  await new Promise((r) => setTimeout(r, 1500));
}, 120_000);

afterAll(async () => {
  for (const v of visitors) v.close();
  await c?.stop();
  await b?.stop();
  await a?.stop();
  await postgres?.destroy();
});

async function visitorOnB(): Promise<VisitorClient> {
  const v = await VisitorClient.connect(b.hub.url);
  visitors.push(v);
  return v;
}

/** B answers "is anyone there?" from the router's queue figures, broadcast a moment after they change. */
const agentAvailableOnB = async (): Promise<void> =>
  void (await until(() => (b.hub.center.queueStats().find((s) => s.queueId === 'support')?.agentsAvailable ?? 0) > 0, 5000));

const storedTexts = async (conversationId: number): Promise<string[]> =>
  (
    await a.hub.store.all<{ body_text: string }>(
      sql`SELECT body_text FROM message WHERE conversation_id = ${conversationId} ORDER BY body_text`,
    )
  ).map((r) => r.body_text);

describe.skipIf(skip !== null)('team mode: web chat across hubs (router on A, visitor on B, agent on C, one PostgreSQL)', () => {
  it('the visitor and the agent talk both ways, the agent ends the chat and both sides see it; every line stored once', async () => {
    expect([a.hub.center.routes, b.hub.center.routes, c.hub.center.routes]).toEqual([true, false, false]);
    const ann = await c.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    await agentAvailableOnB();

    const v = await visitorOnB();
    await v.ok('chat/start', { queueId: 'support', name: 'Vera', email: 'vera@example.com' });
    const first = await v.ok('message/send', { clientId: 'v-00000001', text: 'Hello from hub B' });
    expect(first.duplicate).toBe(false);

    // Committed on B, adopted by the router on A, offered to Ann's socket on C; her accept travels to A.
    const offer = await ann.waitFor('offer/new', (o) => o.channel === 'chat', 10_000);
    expect(offer.customer.displayName).toBe('Vera');
    const conversation = await ann.ok('offer/accept', { offerId: offer.offerId });
    expect(await v.waitFor('queue', (q) => q.state === 'active', 10_000)).toMatchObject({ agentName: 'ANN' });

    // Visitor -> agent, live, across hubs (B commits, the push reaches C).
    const second = await v.ok('message/send', { clientId: 'v-00000002', text: 'Is my parcel on its way?' });
    expect(await ann.waitFor('message/new', (m) => m.id === second.message.id, 10_000)).toMatchObject({
      conversationId: conversation.id,
      direction: 'in',
      bodyText: 'Is my parcel on its way?',
    });

    // Agent -> visitor (C commits, the push reaches B); the visitor's socket marks it delivered.
    const reply = await ann.ok('message/send', { conversationId: conversation.id, bodyText: 'Yes, it left this morning' });
    expect(await v.waitFor('message', (m) => m.id === reply.id, 10_000)).toMatchObject({
      from: 'agent',
      agentName: 'ANN',
      text: 'Yes, it left this morning',
    });
    await ann.waitFor('message/new', (m) => m.id === reply.id && m.status === 'delivered', 10_000);

    // The agent ends the chat on C: the visitor on B sees it ended, the agent's desk sees it closed.
    const closedOnDesk = ann.waitFor('conversation/updated', (u) => u.id === conversation.id && u.state === 'closed', 10_000);
    await ann.ok('conversation/close', { conversationId: conversation.id, disposition: 'resolved' });
    await v.waitFor('queue', (q) => q.state === 'ended', 10_000);
    await closedOnDesk;

    expect(await storedTexts(conversation.id)).toEqual(['Hello from hub B', 'Is my parcel on its way?', 'Yes, it left this morning']);
  }, 60_000);

  it('the visitor ends the chat on B: the agent on C sees it at once and closes it; a resent line is stored once', async () => {
    const ann = await c.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    await agentAvailableOnB();
    const v = await visitorOnB();
    await v.ok('chat/start', { queueId: 'support', name: 'Walt' });
    await v.ok('message/send', { clientId: 'w-00000001', text: 'Hi, Walt here' });
    const offer = await ann.waitFor('offer/new', (o) => o.channel === 'chat' && o.customer.displayName === 'Walt', 10_000);
    const conversation = await ann.ok('offer/accept', { offerId: offer.offerId });
    await v.waitFor('queue', (q) => q.state === 'active', 10_000);

    // The widget resends a line it has no ack for: the hub stores it once and says so.
    const sent = await v.ok('message/send', { clientId: 'w-00000002', text: 'Never mind, found it' });
    const again = await v.ok('message/send', { clientId: 'w-00000002', text: 'Never mind, found it' });
    expect(again).toMatchObject({ duplicate: true, message: { id: sent.message.id } });
    await ann.waitFor('message/new', (m) => m.id === sent.message.id, 10_000);

    // The visitor leaves on B: their side ends; the agent on C keeps the chat to wrap up and is told so.
    expect(await v.ok('chat/end', {})).toMatchObject({ state: 'ended' });
    expect(
      await ann.waitFor('message/new', (m) => m.conversationId === conversation.id && m.meta.system === 'ended', 10_000),
    ).toMatchObject({ direction: 'in', bodyText: 'The visitor ended the chat.' });
    const closedOnDesk = ann.waitFor('conversation/updated', (u) => u.id === conversation.id && u.state === 'closed', 10_000);
    await ann.ok('conversation/close', { conversationId: conversation.id, disposition: 'resolved' });
    await closedOnDesk;

    expect(await storedTexts(conversation.id)).toEqual(['Hi, Walt here', 'Never mind, found it', 'The visitor ended the chat.']);
  }, 60_000);
});
