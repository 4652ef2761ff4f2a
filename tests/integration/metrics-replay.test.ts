import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelKind } from '../../services/contracts';
import type { ChannelAdapter } from '../../services/hub/channels';
import { DAY_MS } from '../../services/metrics/accumulator';
import { METRICS } from '../../services/metrics/module';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

/** Outbound delivery that just marks messages sent (the channels themselves are tested elsewhere). */
const sentAdapter = (kind: ChannelKind, center: () => TestHub['hub']['center']): ChannelAdapter => ({
  kind,
  async deliver({ message }) {
    await center().setMessageStatus(message.id, 'sent');
  },
});

describe('metrics: live board == historical report over a replayed day', () => {
  it('a simulated day gives identical figures live and from the stored events', async () => {
    const dayStart = Math.floor(Date.now() / DAY_MS) * DAY_MS - 3 * DAY_MS;
    let clock = dayStart + 8 * 3600_000;
    const now = () => clock;
    const advance = (seconds: number) => {
      clock += seconds * 1000;
    };
    const hubHolder: { hub?: TestHub } = {};
    const adapters = (['chat', 'email', 'sms', 'voice'] as const).map((k) => sentAdapter(k, () => hubHolder.hub!.hub.center));
    t = await startTestHub({ routing: { offerTimeoutMs: 3_600_000, rejectCooldownMs: 0 } }, { now, adapters });
    hubHolder.hub = t;
    await seed(
      t,
      [{ username: 'ann' }, { username: 'bob' }],
      [
        { id: 'support', name: 'Support', channels: ['chat', 'email', 'sms', 'voice'], skills: {}, slaSeconds: 60, priority: 0 },
        { id: 'billing', name: 'Billing', channels: ['chat', 'email', 'sms', 'voice'], skills: {}, slaSeconds: 30, priority: 0 },
      ],
    );
    const ann = await t.connect('ann', 'ann-password');
    const bob = await t.connect('bob', 'bob-password');
    const agents = [ann, bob];
    await ann.ok('presence/set', { presence: 'available' });
    const billingAgentId = t.hub.center.snapshots().find((a) => a.username === 'bob')!.id;

    const channels: ChannelKind[] = ['chat', 'email', 'sms', 'voice'];
    let rng = 42;
    const random = () => (rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

    for (let i = 0; i < 30; i += 1) {
      advance(60 + Math.floor(random() * 600));
      const channel = channels[i % channels.length]!;
      const kind = i % 7;
      if (kind === 3) {
        // Nobody available: the customer waits, then hangs up (some before the short-abandon threshold).
        await ann.ok('presence/set', { presence: 'away' });
        const { conversation } = await t.hub.center.ingest(chatEvent({ channel }));
        advance(i % 2 === 0 ? 2 : 90);
        await t.hub.center.abandon(conversation.id, 'caller hung up');
        await ann.ok('presence/set', { presence: 'available' });
        continue;
      }
      const { conversation } = await t.hub.center.ingest(chatEvent({ channel }));
      const waited = 5 + Math.floor(random() * 120);
      advance(waited);
      const offer = await ann.waitFor('offer/new', (o) => o.conversationId === conversation.id);
      await ann.ok('offer/accept', { offerId: offer.offerId });
      advance(30 + Math.floor(random() * 300));
      await ann.ok('message/send', { conversationId: conversation.id, bodyText: `answer ${i}` });
      if (kind === 5) {
        await bob.ok('presence/set', { presence: 'available' });
        await ann.ok('conversation/transfer', { conversationId: conversation.id, to: { agentId: billingAgentId }, note: 'billing' });
        const transferred = await bob.waitFor('offer/new', (o) => o.conversationId === conversation.id);
        advance(20);
        await bob.ok('offer/accept', { offerId: transferred.offerId });
        advance(200);
        await bob.ok('conversation/close', { conversationId: conversation.id, disposition: 'resolved' });
        await bob.ok('presence/set', { presence: 'away' });
      } else {
        await ann.ok('conversation/wrapUp', { conversationId: conversation.id });
        advance(15);
        await ann.ok('conversation/close', { conversationId: conversation.id, disposition: 'resolved' });
      }
    }
    advance(30);
    // Reopen: the customer writes again on a closed thread.
    const first = await t.hub.center.ingest(chatEvent({ threadKey: 'sms:+15550001:+15559999', channel: 'sms' }));
    advance(10);
    const offer = await ann.waitFor('offer/new', (o) => o.conversationId === first.conversation.id);
    await ann.ok('offer/accept', { offerId: offer.offerId });
    advance(60);
    await ann.ok('conversation/close', { conversationId: first.conversation.id, disposition: 'resolved' });
    advance(3600);
    const again = await t.hub.center.ingest(chatEvent({ threadKey: 'sms:+15550001:+15559999', channel: 'sms' }));
    expect(again.outcome).toBe('reopened');
    for (const a of agents) a.close();

    clock = dayStart + DAY_MS - 1;
    const metrics = t.hub.services.find(METRICS)!;
    // Let the last committed events reach the live fold.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const live = metrics.liveReport(dayStart, dayStart + DAY_MS);
    const historical = await metrics.report(dayStart, dayStart + DAY_MS);
    expect(live).toEqual(historical);

    const support = historical.byQueue.find((q) => q.queueId === 'support')!.figures;
    expect(support.arrivals).toBeGreaterThan(20);
    expect(support.reopened).toBe(1);
    expect(support.answered).toBeGreaterThan(15);
    expect(support.abandoned + support.shortAbandoned).toBe(4);
    expect(support.shortAbandoned).toBeGreaterThan(0);
    expect(support.transfersOut).toBeGreaterThan(0);
    expect(support.handled).toBeGreaterThan(10);
    expect(support.firstResponses).toBeGreaterThan(10);
    expect(historical.occupancy.occupancy).toBeGreaterThan(0);
  }, 60_000);
});
