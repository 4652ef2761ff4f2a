import { afterEach, describe, expect, it } from 'vitest';
import { listOpenConversations } from '../../services/store/repos/conversations';
import { eventsForConversation } from '../../services/store/repos/events';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';
import { until } from '../support/until';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

async function threeAgents(offerTimeoutMs = 20_000) {
  t = await startTestHub({ routing: { offerTimeoutMs, rejectCooldownMs: 60_000 } });
  await seed(t, [{ username: 'ann' }, { username: 'bob' }, { username: 'cy' }]);
  const [ann, bob, cy] = await Promise.all(['ann', 'bob', 'cy'].map((u) => t!.connect(u, `${u}-password`)));
  return { t, ann: ann!, bob: bob!, cy: cy! };
}

describe('hub: the one queue over real sockets', () => {
  it('offers an ingested contact to an available agent, who accepts and replies with a note', async () => {
    const { t, ann, bob } = await threeAgents();
    await ann.ok('presence/set', { presence: 'available' });
    await bob.ok('presence/set', { presence: 'away', reason: 'lunch' });
    const result = await t.hub.center.ingest(chatEvent({ bodyText: 'my order is late' }));
    expect(result.outcome).toBe('created');

    const offer = await ann.waitFor('offer/new', (o) => o.conversationId === result.conversation.id);
    expect(offer).toMatchObject({ channel: 'chat', queueId: 'support', preview: 'my order is late', reason: 'queue' });
    expect(offer.customer.identities[0]?.kind).toBe('email');
    expect(bob.received('offer/new')).toHaveLength(0);

    const conversation = await ann.ok('offer/accept', { offerId: offer.offerId });
    expect(conversation).toMatchObject({ state: 'active', assignedAgentId: offer.agentId });

    // A follow-up from the customer reaches the agent holding the conversation.
    await t.hub.center.ingest(chatEvent({ conversationId: conversation.id, bodyText: 'are you there?' }));
    await ann.waitFor('message/new', (m) => m.bodyText === 'are you there?');

    const note = await ann.ok('message/send', { conversationId: conversation.id, bodyText: 'checking the courier', internal: true });
    expect(note.direction).toBe('note');
    const noAdapter = await ann.command('message/send', { conversationId: conversation.id, bodyText: 'hi' });
    expect(noAdapter).toMatchObject({ ok: false, error: { code: 'channel_unavailable' } });

    await ann.ok('conversation/wrapUp', { conversationId: conversation.id });
    const closed = await ann.ok('conversation/close', { conversationId: conversation.id, disposition: 'resolved', note: 'refund issued' });
    expect(closed).toMatchObject({ state: 'closed', disposition: 'resolved' });

    const types = (await eventsForConversation(t.hub.store, conversation.id)).map((e) => e.type);
    expect(types).toEqual([
      'conversation/created',
      'conversation/queued',
      'message/in',
      'conversation/offered',
      'conversation/accepted',
      'message/in',
      'message/note',
      'conversation/wrapUp',
      'conversation/closed',
    ]);
  });

  it('a rejected offer goes to the next agent; an unanswered one times out and requeues keeping its age', async () => {
    const { t, ann, bob, cy } = await threeAgents(400);
    await cy.ok('presence/set', { presence: 'away' });
    await ann.ok('presence/set', { presence: 'available' });
    await bob.ok('presence/set', { presence: 'available' });
    const { conversation } = await t.hub.center.ingest(chatEvent());
    const first = await Promise.race([ann.waitFor('offer/new'), bob.waitFor('offer/new')]);
    const [firstClient, secondClient] =
      first.agentId === t.hub.center.snapshots().find((a) => a.username === 'ann')?.id ? [ann, bob] : [bob, ann];
    await firstClient.ok('offer/reject', { offerId: first.offerId, reason: 'not my area' });
    await firstClient.waitFor('offer/revoked', (r) => r.offerId === first.offerId && r.reason === 'rejected');

    const second = await secondClient.waitFor('offer/new', (o) => o.conversationId === conversation.id);
    expect(second.waitingSince).toBe(first.waitingSince);
    // Nobody answers: the offer times out, the contact waits again with its original age.
    const revoked = await secondClient.waitFor('offer/revoked', (r) => r.offerId === second.offerId, 3000);
    expect(revoked.reason).toBe('timeout');
    const late = await secondClient.command('offer/accept', { offerId: second.offerId });
    expect(late).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // Events are written through the group-commit writer just after the push: wait for the commit.
    const waiting = await until(async () => {
      const c = (await listOpenConversations(t.hub.store)).find((x) => x.id === conversation.id);
      return c?.state === 'queued' ? c : undefined;
    });
    expect(waiting?.enqueuedAt).toBe(first.waitingSince);
    const types = (await eventsForConversation(t.hub.store, conversation.id)).map((e) => e.type);
    expect(types).toContain('conversation/rejected');
    expect(types).toContain('conversation/offerTimeout');
  });

  it('two missed offers in a row put the agent away (missed) and tell them', async () => {
    t = await startTestHub({ routing: { offerTimeoutMs: 1000, rejectCooldownMs: 0, maxMissedOffers: 2 } });
    await seed(t, [{ username: 'ann' }]);
    const ann = await t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    await t.hub.center.ingest(chatEvent());
    const away = await ann.waitFor('agent/updated', (a) => a.presence === 'away_missed', 5000);
    expect(away.state).toBe('away_missed');
    expect(ann.received('offer/revoked').filter((r) => r.reason === 'timeout')).toHaveLength(2);
  });

  it('transfers to a named agent with a note, and to a queue', async () => {
    const { t, ann, bob } = await threeAgents();
    await ann.ok('presence/set', { presence: 'available' });
    const { conversation } = await t.hub.center.ingest(chatEvent());
    const offer = await ann.waitFor('offer/new');
    await ann.ok('offer/accept', { offerId: offer.offerId });
    await bob.ok('presence/set', { presence: 'available' });
    const bobId = t.hub.center.snapshots().find((a) => a.username === 'bob')!.id;
    await ann.ok('conversation/transfer', { conversationId: conversation.id, to: { agentId: bobId }, note: 'billing question' });
    const transferred = await bob.waitFor('offer/new', (o) => o.conversationId === conversation.id);
    expect(transferred).toMatchObject({ reason: 'transfer', transferNote: 'billing question' });
    await bob.ok('offer/accept', { offerId: transferred.offerId });
    const detail = await bob.ok('conversation/get', { conversationId: conversation.id });
    expect(detail.messages.some((m) => m.direction === 'note' && m.bodyText === 'billing question')).toBe(true);
    // Ann no longer holds it.
    const denied = await ann.command('message/send', { conversationId: conversation.id, bodyText: 'x', internal: true });
    expect(denied).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('sticky: a returning customer on a closed thread is offered to the last agent first', async () => {
    const { t, ann, bob } = await threeAgents();
    await ann.ok('presence/set', { presence: 'available' });
    const visitor = { kind: 'chat' as const, value: 'v-42' };
    const first = await t.hub.center.ingest(chatEvent({ threadKey: 'chat:v-42', from: visitor }));
    const offer = await ann.waitFor('offer/new');
    await ann.ok('offer/accept', { offerId: offer.offerId });
    await ann.ok('conversation/close', { conversationId: first.conversation.id, disposition: 'resolved' });
    await bob.ok('presence/set', { presence: 'available' });
    const again = await t.hub.center.ingest(chatEvent({ threadKey: 'chat:v-42', from: visitor }));
    expect(again.outcome).toBe('reopened');
    expect(again.conversation.id).toBe(first.conversation.id);
    const sticky = await ann.waitFor('offer/new', (o) => o.reason === 'sticky');
    expect(sticky.conversationId).toBe(first.conversation.id);
  });

  it('a replayed provider id is recognised and stored once', async () => {
    t = await startTestHub();
    await seed(t, []);
    const event = chatEvent();
    const a = await t.hub.center.ingest(event);
    const b = await t.hub.center.ingest(event);
    expect(b.outcome).toBe('duplicate');
    expect(b.message.id).toBe(a.message.id);
    const rows = await t.hub.store.all<{ n: number }>({ text: 'SELECT count(*) AS n FROM message', values: [] });
    expect(rows[0]?.n).toBe(1);
  });

  it('restart mid-offer: the contact is back in the queue and offered again; nothing lost or doubled', async () => {
    const { t, ann } = await threeAgents();
    await ann.ok('presence/set', { presence: 'available' });
    const results = [];
    for (let i = 0; i < 5; i += 1) results.push(await t.hub.center.ingest(chatEvent({ bodyText: `msg ${i}` })));
    const offer = await ann.waitFor('offer/new');
    await t.restart();
    const open = await listOpenConversations(t.hub.store);
    expect(open.map((c) => c.id).sort()).toEqual(results.map((r) => r.conversation.id).sort());
    expect(open.every((c) => c.state === 'queued')).toBe(true);
    const events = await eventsForConversation(t.hub.store, offer.conversationId);
    expect(events.some((e) => e.type === 'conversation/offerRevoked' && e.data.reason === 'hub_restart')).toBe(true);

    // Presence survives the restart: ann reconnects and is offered the oldest contact again.
    const annAgain = await t.connect('ann', 'ann-password');
    const reoffer = await annAgain.waitFor('offer/new');
    expect(reoffer.conversationId).toBe(results[0]!.conversation.id);
    expect(reoffer.waitingSince).toBe(results[0]!.conversation.enqueuedAt);
    const messages = await t.hub.store.all<{ n: number }>({ text: 'SELECT count(*) AS n FROM message', values: [] });
    expect(messages[0]?.n).toBe(5);
  });

  it('pushes queue stats to connected agents', async () => {
    const { t, ann } = await threeAgents();
    await t.hub.center.ingest(chatEvent());
    const stats = await ann.waitFor('queue/stats', (s) => s.some((q) => q.queueId === 'support' && q.waiting === 1));
    expect(stats.find((q) => q.queueId === 'support')?.oldestWaitingSince).toBeTypeOf('number');
    const list = await ann.ok('queue/list', {});
    expect(list[0]).toMatchObject({ eligible: true, stats: { waiting: 1 } });
  });
});
