import { afterEach, describe, expect, it } from 'vitest';
import { sql } from '../../services/store/sql';
import { eventsForConversation } from '../../services/store/repos/events';
import type { AgentClient } from '../support/agentClient';
import { seed, startTestHub, supportQueue, type TestHub } from '../support/testHub';
import { until } from '../support/until';
import { VisitorClient } from '../support/visitorClient';

let t: TestHub | undefined;
const visitors: VisitorClient[] = [];
afterEach(async () => {
  for (const v of visitors.splice(0)) v.close();
  await t?.stop();
  t = undefined;
});

async function visitor(): Promise<VisitorClient> {
  const v = await VisitorClient.connect(t!.hub.url);
  visitors.push(v);
  return v;
}

/** A hub with web chat on and one agent who can hold one chat at a time (so others have to wait). */
async function hubWithAnn(webchat: Record<string, unknown> = {}): Promise<{ t: TestHub; ann: AgentClient; annId: number }> {
  t = await startTestHub({ webchat: { abandonAfterDisconnectMs: 150, positionRefreshMs: 100, ...webchat } });
  await seed(t, []);
  const admin = await t.admin();
  const agent = await admin.ok('admin/agentUpsert', {
    username: 'ann',
    displayName: 'Ann Agent',
    role: 'agent',
    skills: {},
    capacity: { voice: 1, chat: 1, email: 2, sms: 1 },
    password: 'ann-password',
  });
  admin.close();
  const ann = await t.connect('ann', 'ann-password');
  await ann.ok('presence/set', { presence: 'available' });
  return { t, ann, annId: agent.id };
}

describe('web chat over real sockets', () => {
  it('starts a chat, waits in the queue with a live position, and talks both ways once an agent accepts', async () => {
    const { t, ann } = await hubWithAnn();
    const a = await visitor();
    const availability = await a.ok('chat/availability', { queueId: 'support' });
    expect(availability).toMatchObject({ open: true, reason: 'open', queueName: 'Support' });
    expect(availability.limits.maxMessageChars).toBe(4000);

    const session = await a.ok('chat/start', { queueId: 'support', name: 'Alice', email: 'alice@example.com' });
    expect(session.token).toMatch(/^[\w-]{40,}$/);
    expect(session.queue.state).toBe('none');
    const first = await a.ok('message/send', { clientId: 'a-00000001', text: 'Hello, my parcel is late' });
    expect(first.duplicate).toBe(false);
    expect(first.message).toMatchObject({ from: 'visitor', text: 'Hello, my parcel is late', clientId: 'a-00000001' });

    // Ann is free: the chat is offered to her at once; she accepts and the visitor hears who joined.
    const offer = await ann.waitFor('offer/new', (o) => o.channel === 'chat');
    expect(offer.customer.displayName).toBe('Alice');
    const conversation = await ann.ok('offer/accept', { offerId: offer.offerId });
    const joined = await a.waitFor('queue', (q) => q.state === 'active');
    expect(joined.agentName).toBe('Ann Agent');

    // Ann is now full (one chat): the next visitors wait, with positions and an expected wait.
    const b = await visitor();
    await b.ok('chat/start', { queueId: 'support', name: 'Bob' });
    await b.ok('message/send', { clientId: 'b-00000001', text: 'hi from bob' });
    const c = await visitor();
    await c.ok('chat/start', { queueId: 'support' });
    await c.ok('message/send', { clientId: 'c-00000001', text: 'hi from carol' });
    expect(await b.waitFor('queue', (q) => q.state === 'queued')).toMatchObject({ position: 1, expectedWaitSeconds: 60 });
    expect(await c.waitFor('queue', (q) => q.state === 'queued')).toMatchObject({ position: 2, expectedWaitSeconds: 120 });

    // Typing both ways.
    await a.ok('typing/set', { typing: true });
    expect(await ann.waitFor('chat/visitorTyping')).toEqual({ conversationId: conversation.id, typing: true });
    await ann.ok('chat/typing', { conversationId: conversation.id, typing: true });
    expect(await a.waitFor('typing', (p) => p.typing)).toEqual({ typing: true, agentName: 'Ann Agent' });

    // The agent's reply reaches the visitor live and is marked delivered; the visitor reads it.
    const reply = await ann.ok('message/send', { conversationId: conversation.id, bodyText: 'Let me check that for you' });
    const pushed = await a.waitFor('message', (m) => m.id === reply.id);
    expect(pushed).toMatchObject({ from: 'agent', agentName: 'Ann Agent', text: 'Let me check that for you' });
    await ann.waitFor('message/new', (m) => m.id === reply.id && m.status === 'delivered');
    expect(await a.ok('message/read', { upToMessageId: reply.id })).toEqual({ updated: 1 });
    await ann.waitFor('message/new', (m) => m.id === reply.id && m.status === 'read');

    // The agent reads the visitor's lines: the visitor gets a read receipt.
    await ann.ok('chat/read', { conversationId: conversation.id, upToMessageId: first.message.id });
    expect(await a.waitFor('read')).toEqual({ upToMessageId: first.message.id });

    // Ann finishes Alice's chat: Bob is offered, Carol moves up to first place (a live push).
    await ann.ok('conversation/close', { conversationId: conversation.id, disposition: 'resolved' });
    await a.waitFor('queue', (q) => q.state === 'ended');
    await b.waitFor('queue', (q) => q.state === 'offered');
    expect(await c.waitFor('queue', (q) => q.state === 'queued' && q.position === 1)).toMatchObject({ position: 1 });

    const types = (await eventsForConversation(t.hub.store, conversation.id)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['conversation/created', 'message/in', 'conversation/accepted', 'message/out', 'conversation/closed']),
    );
  });

  it('resumes by token after a reconnect: missed agent lines are replayed, unacked lines resent without loss or duplicates', async () => {
    const { t, ann } = await hubWithAnn({ abandonAfterDisconnectMs: 60_000 });
    const v1 = await visitor();
    const { token } = await v1.ok('chat/start', { queueId: 'support', name: 'Rae' });
    const m1 = await v1.ok('message/send', { clientId: 'r-00000001', text: 'first' });
    const offer = await ann.waitFor('offer/new');
    const conversation = await ann.ok('offer/accept', { offerId: offer.offerId });

    // The widget sends a line and the connection drops before the ack arrives.
    v1.socket.emit('command', { name: 'message/send', input: { clientId: 'r-00000002', text: 'second (ack lost)' } }, () => undefined);
    v1.close();
    // While the visitor is away the agent answers: stored as 'sent', waiting for the visitor to come back.
    const whileAway = await ann.ok('message/send', { conversationId: conversation.id, bodyText: 'are you still there?' });
    await ann.waitFor('message/new', (m) => m.id === whileAway.id && m.status === 'sent');

    const v2 = await visitor();
    const resumed = await v2.ok('session/resume', { token, afterMessageId: m1.message.id });
    expect(resumed.queue).toMatchObject({ state: 'active', agentName: 'Ann Agent' });
    expect(resumed.messages.map((m) => m.text)).toContain('are you still there?');
    // The widget resends everything it has no ack for; the hub stores each client id once.
    const resent = await v2.ok('message/send', { clientId: 'r-00000002', text: 'second (ack lost)' });
    const again = await v2.ok('message/send', { clientId: 'r-00000002', text: 'second (ack lost)' });
    expect(again.duplicate).toBe(true);
    expect(again.message.id).toBe(resent.message.id);

    const rows = await t.hub.store.all<{ body_text: string; direction: string }>(
      sql`SELECT body_text, direction FROM message WHERE conversation_id = ${conversation.id} ORDER BY id`,
    );
    expect(rows.filter((r) => r.body_text === 'second (ack lost)')).toHaveLength(1);
    expect(rows.map((r) => r.body_text).sort()).toEqual(['are you still there?', 'first', 'second (ack lost)']);

    const bad = await v2.command('session/resume', { token: 'A'.repeat(43) });
    expect(bad).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('a visitor who leaves or ends the chat while waiting abandons it', async () => {
    const { t, ann } = await hubWithAnn();
    await ann.ok('presence/set', { presence: 'away' });
    // Nobody available or busy serves the queue: chat is closed (the widget shows the offline form).
    const v = await visitor();
    const closed = await v.command('chat/start', { queueId: 'support' });
    expect(closed).toMatchObject({ ok: false, error: { code: 'offline' } });

    await ann.ok('presence/set', { presence: 'available' });
    const first = await visitor();
    await first.ok('chat/start', { queueId: 'support' });
    await first.ok('message/send', { clientId: 'f-00000001', text: 'takes the only seat' });
    const offer = await ann.waitFor('offer/new');
    await ann.ok('offer/accept', { offerId: offer.offerId });

    const leaver = await visitor();
    await leaver.ok('chat/start', { queueId: 'support' });
    const sent = await leaver.ok('message/send', { clientId: 'l-00000001', text: 'I will close the tab' });
    await leaver.waitFor('queue', (q) => q.state === 'queued');
    leaver.close();
    const conversationId = (await t.hub.store.get<{ conversation_id: number }>(
      sql`SELECT conversation_id FROM message WHERE id = ${sent.message.id}`,
    ))!.conversation_id;
    await until(async () => (await t.hub.center.requireConversation(conversationId)).state === 'abandoned');

    const ender = await visitor();
    await ender.ok('chat/start', { queueId: 'support' });
    const s2 = await ender.ok('message/send', { clientId: 'e-00000001', text: 'never mind' });
    const ended = await ender.ok('chat/end', {});
    expect(ended.state).toBe('ended');
    const c2 = (await t.hub.store.get<{ conversation_id: number }>(sql`SELECT conversation_id FROM message WHERE id = ${s2.message.id}`))!
      .conversation_id;
    expect((await t.hub.center.requireConversation(c2)).state).toBe('abandoned');
    const abandoned = (await eventsForConversation(t.hub.store, c2)).find((e) => e.type === 'conversation/abandoned');
    expect(abandoned?.data).toMatchObject({ reason: 'visitor_ended' });
  });

  it('offline form: with nobody online it becomes an email work item in the queue', async () => {
    const { t, ann, annId } = await hubWithAnn();
    await ann.ok('presence/set', { presence: 'offline' });
    const v = await visitor();
    expect(await v.ok('chat/availability', { queueId: 'support' })).toMatchObject({ open: false, reason: 'no_agents' });
    const left = await v.ok('offline/submit', {
      queueId: 'support',
      clientId: 'o-00000001',
      name: 'Olga',
      email: 'Olga@Example.com',
      phone: '+1 415 555 0100',
      message: 'Please call me back about my refund',
    });
    expect(left.received).toBe(true);
    const item = await t.hub.center.requireConversation(left.reference);
    expect(item).toMatchObject({ channel: 'email', state: 'queued', subject: 'Web chat message from Olga' });
    // Submitting twice (a double click, a resend) stores it once.
    const again = await v.ok('offline/submit', {
      queueId: 'support',
      clientId: 'o-00000001',
      name: 'Olga',
      email: 'olga@example.com',
      message: 'Please call me back about my refund',
    });
    expect(again.reference).toBe(left.reference);
    // Client ids are the client's choice: another sender reusing one gets a work item of their own.
    const other = await (
      await visitor()
    ).ok('offline/submit', {
      queueId: 'support',
      clientId: 'o-00000001',
      name: 'Piet',
      email: 'piet@example.com',
      message: 'My parcel never arrived',
    });
    expect(other.reference).not.toBe(left.reference);
    expect(await t.hub.center.requireConversation(other.reference)).toMatchObject({ subject: 'Web chat message from Piet' });

    await ann.ok('presence/set', { presence: 'available' });
    const offer = await ann.waitFor('offer/new', (o) => o.conversationId === left.reference);
    expect(offer).toMatchObject({ channel: 'email', agentId: annId });
    expect(offer.customer.identities).toEqual([{ kind: 'email', value: 'olga@example.com' }]);
  });

  it("outside the queue's business hours chat is closed with a reason", async () => {
    // Open 22:00-02:00 on a weekday three days away: a late range, and closed now.
    const day = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][(new Date().getUTCDay() + 3) % 7]!;
    t = await startTestHub({ webchat: {} });
    await seed(
      t,
      [{ username: 'ann' }],
      [{ ...supportQueue, hours: { timeZone: 'UTC', weekly: { [day]: [{ from: '22:00', to: '02:00' }] } } }],
    );
    const ann = await t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    const v = await visitor();
    expect(await v.ok('chat/availability', { queueId: 'support' })).toMatchObject({ open: false, reason: 'outside_hours' });
    expect(await v.command('chat/start', { queueId: 'support' })).toMatchObject({
      ok: false,
      error: { code: 'offline', message: expect.stringContaining('closed') },
    });
  });
});
