import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelAdapter } from '../../services/hub/channels';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const chatAdapter: ChannelAdapter = { kind: 'chat', async deliver() {} };

async function setup() {
  t = await startTestHub({}, { adapters: [chatAdapter] });
  await seed(t, [{ username: 'ann' }, { username: 'sue', role: 'supervisor' }]);
  const ann = await t.connect('ann', 'ann-password');
  const sue = await t.connect('sue', 'sue-password');
  await ann.ok('presence/set', { presence: 'available' });
  return { t, ann, sue };
}

describe('state the hub tells the desk and the board', () => {
  it('pushes the first-response fact the moment the first reply is committed', async () => {
    const { t, ann } = await setup();
    const { conversation } = await t.hub.center.ingest(chatEvent({ bodyText: 'hello?' }));
    const offer = await ann.waitFor('offer/new');
    await ann.ok('offer/accept', { offerId: offer.offerId });
    const note = await ann.ok('message/send', { conversationId: conversation.id, bodyText: 'checking', internal: true });
    expect(note.direction).toBe('note');
    const reply = await ann.ok('message/send', { conversationId: conversation.id, bodyText: 'Hi, I am on it' });
    const updated = await ann.waitFor('conversation/updated', (c) => c.id === conversation.id && c.firstResponseAt !== null);
    // A note is not a response; the reply is, at its own commit time.
    expect(updated.firstResponseAt).toBe(reply.createdAt);
  });

  it('keeps an agent available while an offer only rings, busy once accepted', async () => {
    const { t, ann, sue } = await setup();
    await t.hub.center.ingest(chatEvent());
    const offer = await ann.waitFor('offer/new');
    const me = await ann.ok('session/me', {});
    expect(me.agent.state).toBe('available');
    const board = await sue.ok('metrics/live', {});
    const support = board.queues.find((q) => q.queueId === 'support')!;
    // The offered contact is still unanswered: counted as waiting, with its age.
    expect(support.waiting).toBe(1);
    expect(support.oldestWaitingSince).not.toBeNull();
    await ann.ok('offer/accept', { offerId: offer.offerId });
    await ann.waitFor('agent/updated', (a) => a.state === 'busy');
  });

  it('derives the board STATUS from the rules: contacts waiting with nobody available is not OK', async () => {
    const { t, ann, sue } = await setup();
    await ann.ok('presence/set', { presence: 'away', reason: 'Lunch' });
    for (let i = 0; i < 3; i++) await t.hub.center.ingest(chatEvent());
    const board = await sue.ok('metrics/live', {});
    const support = board.queues.find((q) => q.queueId === 'support')!;
    expect(support.waiting).toBe(3);
    expect(support.status.level).toBe('at_risk');
    expect(support.status.reasons).toContain('no_agent_available');
    // The board is pushed again when the oldest wait crosses a threshold, with no event needed.
    expect(support.status.changesAt).toBeGreaterThan(board.at);
  });
});

describe('the board turns by the clock alone', () => {
  it('pushes At risk, then Breach, as the oldest wait crosses 75% and 100% of the target, with no event in between', async () => {
    t = await startTestHub({}, { adapters: [chatAdapter] });
    await seed(
      t,
      [{ username: 'sue', role: 'supervisor' }],
      [{ id: 'fast', name: 'Fast', channels: ['chat'], skills: {}, slaSeconds: 2, priority: 0 }],
    );
    const sue = await t.connect('sue', 'sue-password');
    await t.hub.center.ingest(chatEvent({ queueId: 'fast' }));
    const level = (b: { queues: Array<{ queueId: string; status: { level: string } }> }) =>
      b.queues.find((q) => q.queueId === 'fast')?.status.level;
    const first = await sue.waitFor('metrics/live', (b) => level(b) !== undefined && b.queues[0]!.waiting === 1);
    expect(level(first)).toBe('at_risk'); // nobody available
    const breach = await sue.waitFor('metrics/live', (b) => level(b) === 'breach', 5000);
    expect(breach.queues[0]!.status.reasons).toEqual(['wait_over_target', 'no_agent_available']);
    expect(breach.at - first.at).toBeGreaterThanOrEqual(1000);
  });
});

describe('conversation control look-up', () => {
  it('finds conversations by customer name, email or #number, open ones first, with a preview and the holder', async () => {
    const { t, ann, sue } = await setup();
    const first = await t.hub.center.ingest(
      chatEvent({ from: { kind: 'email', value: 'dana@example.com', displayName: 'Dana Whitfield' }, bodyText: 'parcel late' }),
    );
    const offer = await ann.waitFor('offer/new');
    await ann.ok('offer/accept', { offerId: offer.offerId });
    await t.hub.center.ingest(chatEvent({ from: { kind: 'email', value: 'other@example.com', displayName: 'Olaf Other' } }));

    const byName = await sue.ok('supervisor/findConversations', { query: 'Whitfield' });
    expect(byName).toHaveLength(1);
    expect(byName[0]).toMatchObject({
      conversation: { id: first.conversation.id, state: 'active' },
      customer: { displayName: 'Dana Whitfield', identities: [{ kind: 'email', value: 'dana@example.com' }] },
      preview: 'parcel late',
      agentName: 'ANN',
    });
    expect((await sue.ok('supervisor/findConversations', { query: 'dana@example.com' })).map((h) => h.conversation.id)).toEqual([
      first.conversation.id,
    ]);
    expect((await sue.ok('supervisor/findConversations', { query: `#${first.conversation.id}` }))[0]?.conversation.id).toBe(
      first.conversation.id,
    );
    expect(await ann.command('supervisor/findConversations', { query: 'Whitfield' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});
