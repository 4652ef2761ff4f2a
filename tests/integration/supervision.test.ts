import { afterEach, describe, expect, it } from 'vitest';
import type { LiveBoard } from '../../services/contracts';
import type { ChannelAdapter } from '../../services/hub/channels';
import { eventsForConversation } from '../../services/store/repos/events';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';
import { until } from '../support/until';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const delivered: string[] = [];
const chatAdapter: ChannelAdapter = {
  kind: 'chat',
  async deliver({ message }) {
    delivered.push(message.bodyText);
  },
};

async function setup() {
  t = await startTestHub({}, { adapters: [chatAdapter] });
  await seed(t, [{ username: 'ann' }, { username: 'bob' }, { username: 'sue', role: 'supervisor' }]);
  const ann = await t.connect('ann', 'ann-password');
  const sue = await t.connect('sue', 'sue-password');
  await ann.ok('presence/set', { presence: 'available' });
  return { t, ann, sue };
}

describe('supervisor console commands', () => {
  it('agents cannot call supervisor commands', async () => {
    const { ann } = await setup();
    for (const name of ['metrics/live', 'supervisor/agents', 'supervisor/forceLogout'] as const) {
      const reply = await ann.command(name, name === 'supervisor/forceLogout' ? { agentId: 1 } : {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('pushes the live board to supervisors after an event, and answers metrics/live', async () => {
    const { t, sue } = await setup();
    await t.hub.center.ingest(chatEvent());
    const board = await sue.waitFor('metrics/live', (b) => b.queues.some((q) => q.queueId === 'support' && q.today.arrivals >= 1));
    const support = board.queues.find((q) => q.queueId === 'support')!;
    expect(support.status.level).toMatch(/^(ok|at_risk|breach)$/);
    expect(board.agentsByState.available + board.agentsByState.busy).toBeGreaterThanOrEqual(1);
    const pulled = await sue.ok('metrics/live', {});
    expect(pulled.queues.find((q) => q.queueId === 'support')?.today.arrivals).toBe(1);
  });

  it('the board follows router changes that commit no event (a new queue), and settles on the exact counts', async () => {
    const { t, sue } = await setup();
    const boards: LiveBoard[] = [];
    sue.socket.on('metrics/live', (b: LiveBoard) => boards.push(b));
    const admin = await t.admin();
    await admin.ok('admin/queueUpsert', { id: 'vip', name: 'VIP', channels: ['chat'], skills: { vip: 1 }, slaSeconds: 10, priority: 5 });
    await until(() => boards.some((b) => b.queues.some((q) => q.queueId === 'vip')));
    // A burst: the pushes are coalesced, and the last one shows what the router holds once it is over.
    await Promise.all(Array.from({ length: 6 }, () => t.hub.center.ingest(chatEvent({ queueId: 'vip' }))));
    const exact = (): boolean => {
      const last = boards.at(-1)?.queues.find((q) => q.queueId === 'vip');
      const stats = t.hub.center.queueStats().find((s) => s.queueId === 'vip');
      return last?.today.arrivals === 6 && last.waiting === (stats?.waiting ?? -1) + (stats?.offered ?? -1) && last.waiting === 6;
    };
    await until(exact);
  });

  it('silent monitor, whisper and barge on a live chat; each is an audit event', async () => {
    const { t, ann, sue } = await setup();
    delivered.length = 0;
    const { conversation } = await t.hub.center.ingest(chatEvent({ bodyText: 'I need help' }));
    const offer = await ann.waitFor('offer/new');
    await ann.ok('offer/accept', { offerId: offer.offerId });

    const monitored = await sue.ok('supervisor/monitor', { conversationId: conversation.id, on: true });
    expect(monitored.messages.map((m) => m.bodyText)).toEqual(['I need help']);
    await t.hub.center.ingest(chatEvent({ conversationId: conversation.id, bodyText: 'still there?' }));
    await sue.waitFor('message/new', (m) => m.bodyText === 'still there?');

    await sue.ok('supervisor/whisper', { conversationId: conversation.id, text: 'offer the refund' });
    const whisper = await ann.waitFor('message/new', (m) => m.bodyText === 'offer the refund');
    expect(whisper).toMatchObject({ direction: 'note', meta: { kind: 'whisper' } });
    await sue.ok('supervisor/barge', { conversationId: conversation.id, text: 'Hello, I am the team lead.' });
    await until(() => delivered.includes('Hello, I am the team lead.'));
    // The customer channel received the barge but never the whisper.
    expect(delivered).not.toContain('offer the refund');

    const types = (await eventsForConversation(t.hub.store, conversation.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['supervisor/monitor', 'supervisor/whisper', 'supervisor/barge']));
  });

  it('moves a waiting contact to another queue, raises its priority, and reassigns it', async () => {
    const { t, ann, sue } = await setup();
    await ann.ok('presence/set', { presence: 'away' });
    const admin = await t.admin();
    await admin.ok('admin/queueUpsert', { id: 'vip', name: 'VIP', channels: ['chat'], skills: { vip: 1 }, slaSeconds: 10, priority: 5 });
    const { conversation } = await t.hub.center.ingest(chatEvent());
    const moved = await sue.ok('supervisor/moveConversation', { conversationId: conversation.id, queueId: 'vip', priority: 9 });
    expect(moved).toMatchObject({ queueId: 'vip', priority: 9, state: 'queued' });
    const annId = t.hub.center.snapshots().find((a) => a.username === 'ann')!.id;
    await sue.ok('supervisor/reassign', { conversationId: conversation.id, agentId: annId });
    await sue.ok('supervisor/setAgentPresence', { agentId: annId, presence: 'available' });
    const offer = await ann.waitFor('offer/new', (o) => o.conversationId === conversation.id);
    expect(offer.reason).toBe('transfer');
  });

  it("changes an agent's skills and capacity, and forces a sign-out", async () => {
    const { t, ann, sue } = await setup();
    const annId = t.hub.center.snapshots().find((a) => a.username === 'ann')!.id;
    const updated = await sue.ok('supervisor/updateAgent', {
      agentId: annId,
      skills: { french: 4 },
      capacity: { voice: 0, chat: 1, email: 1, sms: 1 },
    });
    expect(updated).toMatchObject({ skills: { french: 4 }, capacity: { chat: 1 } });
    const gone = new Promise((resolve) => ann.socket.once('disconnect', resolve));
    const snapshot = await sue.ok('supervisor/forceLogout', { agentId: annId });
    expect(snapshot.presence).toBe('offline');
    await gone;
    await expect(t.login('ann', 'ann-password')).resolves.toBeTypeOf('string');
  });
});
