import { describe, expect, it } from 'vitest';
import { defaultCapacity, type ChannelKind, type Queue } from '../../../services/contracts';
import { Router } from '../../../services/routing/router';
import type { RoutingEffect } from '../../../services/routing/types';

const queue = (id: string, over: Partial<Queue> = {}): Queue => ({
  id,
  name: id,
  channels: ['voice', 'sms', 'email', 'chat'],
  skills: {},
  slaSeconds: 60,
  priority: 0,
  slTargetPercent: 80,
  shortAbandonSeconds: 5,
  ...over,
});

let offerSeq = 0;
function makeRouter(config: ConstructorParameters<typeof Router>[0] = {}): Router {
  offerSeq = 0;
  return new Router(config, () => `o${++offerSeq}`);
}

function available(router: Router, id: number, skills: Record<string, number> = {}, capacity = defaultCapacity, now = 0): RoutingEffect[] {
  router.upsertAgent({ id, skills, capacity, presence: 'offline', connected: true }, now);
  return router.setPresence(id, 'available', now);
}

const offers = (effects: readonly RoutingEffect[]) =>
  effects.flatMap((e) =>
    e.type === 'offer' ? [{ agent: e.offer.agentId, conv: e.offer.item.conversationId, reason: e.offer.reason }] : [],
  );

let convSeq = 100;
function contact(router: Router, over: Partial<Parameters<Router['enqueue']>[0]> & { channel?: ChannelKind } = {}, now = 0) {
  const conversationId = over.conversationId ?? ++convSeq;
  return router.enqueue({ conversationId, queueId: 'q', channel: 'chat', priority: 0, enqueuedAt: now, ...over }, now);
}

describe('Router ordering', () => {
  const cases: Array<{
    name: string;
    waiting: Array<{ id: number; queueId?: string; priority?: number; enqueuedAt: number }>;
    expectFirst: number;
  }> = [
    {
      name: 'older first at equal priority and SLA',
      waiting: [
        { id: 1, enqueuedAt: 20 },
        { id: 2, enqueuedAt: 10 },
      ],
      expectFirst: 2,
    },
    {
      name: 'priority beats age',
      waiting: [
        { id: 1, enqueuedAt: 0 },
        { id: 2, enqueuedAt: 50, priority: 5 },
      ],
      expectFirst: 2,
    },
    {
      name: 'less SLA time left beats age across queues',
      // q-fast: SLA 10 s, enqueued at 5 s -> breach at 15 s. q-slow: SLA 60 s, enqueued at 0 -> breach at 60 s.
      waiting: [
        { id: 1, queueId: 'q-slow', enqueuedAt: 0 },
        { id: 2, queueId: 'q-fast', enqueuedAt: 5_000 },
      ],
      expectFirst: 2,
    },
    {
      name: 'queue priority counts',
      waiting: [
        { id: 1, enqueuedAt: 0 },
        { id: 2, queueId: 'q-vip', enqueuedAt: 9_000 },
      ],
      expectFirst: 2,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = makeRouter();
      r.upsertQueue(queue('q'), 0);
      r.upsertQueue(queue('q-slow', { slaSeconds: 60 }), 0);
      r.upsertQueue(queue('q-fast', { slaSeconds: 10 }), 0);
      r.upsertQueue(queue('q-vip', { priority: 10 }), 0);
      for (const w of c.waiting) {
        r.enqueue(
          { conversationId: w.id, queueId: w.queueId ?? 'q', channel: 'chat', priority: w.priority ?? 0, enqueuedAt: w.enqueuedAt },
          0,
        );
      }
      const effects = available(r, 7, {}, { voice: 1, chat: 1, email: 0, sms: 0 }, 10_000);
      expect(offers(effects)).toEqual([{ agent: 7, conv: c.expectFirst, reason: 'queue' }]);
    });
  }
});

describe('Router queue figures on a large backlog', () => {
  it('oldest waiting time and positions agree with a scan of the queue, through enqueues, re-prioritising and removals', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const r = makeRouter();
    r.upsertQueue(queue('q'), 0);
    const ids: number[] = [];
    for (let i = 0; i < 3000; i += 1) {
      const id = 10_000 + i;
      ids.push(id);
      // Few priority bands (as in practice) and arrival times out of order (re-queued work keeps its time).
      r.enqueue(
        { conversationId: id, queueId: 'q', channel: 'chat', priority: [0, 0, 0, 5, 50][random(5)] ?? 0, enqueuedAt: random(1_000_000) },
        0,
      );
    }
    const check = (): void => {
      const list = r.waitingIn('q');
      const scanned = list.reduce<number | null>((min, x) => (min === null || x.enqueuedAt < min ? x.enqueuedAt : min), null);
      expect(r.oldestWaitingSince('q')).toBe(scanned);
      for (let k = 0; k < 50; k += 1) {
        const item = list[random(list.length)];
        if (item) expect(r.positionOf(item.conversationId)).toBe(list.indexOf(item) + 1);
      }
    };
    check();
    for (let round = 0; round < 20; round += 1) {
      for (let k = 0; k < 60; k += 1) r.remove(ids[random(ids.length)] ?? 0, 'abandoned', 0);
      for (let k = 0; k < 20; k += 1) r.requeue(ids[random(ids.length)] ?? 0, { priority: [0, 5, 50, 90][random(4)] ?? 0 }, 0);
      check();
    }
    expect(r.oldestWaitingSince('nobody')).toBeNull();
  });
});

describe('Router skills and capacity', () => {
  it('offers only to agents with the required skill level, preferring the higher level', () => {
    const r = makeRouter();
    r.upsertQueue(queue('q', { skills: { spanish: 3 } }), 0);
    available(r, 1, { spanish: 2 });
    available(r, 2, { spanish: 5 });
    available(r, 3, { spanish: 9 });
    expect(offers(contact(r))).toEqual([{ agent: 3, conv: convSeq, reason: 'queue' }]);
  });

  it('prefers longest idle among equals', () => {
    const r = makeRouter();
    r.upsertQueue(queue('q'), 0);
    available(r, 1, {}, defaultCapacity, 500);
    available(r, 2, {}, defaultCapacity, 100);
    expect(offers(contact(r, {}, 1000))[0]?.agent).toBe(2);
  });

  const capacityCases: Array<{
    name: string;
    held: Partial<Record<ChannelKind, number>>;
    channel: ChannelKind;
    offered: boolean;
    interrupt?: boolean;
  }> = [
    { name: 'chat under the limit', held: { chat: 2 }, channel: 'chat', offered: true },
    { name: 'chat at the limit', held: { chat: 3 }, channel: 'chat', offered: false },
    { name: 'email while chatting', held: { chat: 3 }, channel: 'email', offered: true },
    { name: 'nothing while on a call', held: { voice: 1 }, channel: 'email', offered: false },
    { name: 'voice interrupts email-only work', held: { email: 2 }, channel: 'voice', offered: true },
    { name: 'voice does not interrupt email when configured off', held: { email: 1 }, channel: 'voice', offered: false, interrupt: false },
    { name: 'voice never interrupts a chat', held: { chat: 1 }, channel: 'voice', offered: false },
    { name: 'sms at its limit', held: { sms: 3 }, channel: 'sms', offered: false },
  ];
  for (const c of capacityCases) {
    it(`capacity: ${c.name}`, () => {
      const r = makeRouter({ voiceInterruptsEmail: c.interrupt ?? true });
      r.upsertQueue(queue('q'), 0);
      r.upsertAgent({ id: 1, skills: {}, capacity: defaultCapacity, presence: 'available', connected: true }, 0);
      for (const [channel, n] of Object.entries(c.held)) for (let i = 0; i < (n ?? 0); i += 1) r.addLoad(1, channel as ChannelKind);
      expect(offers(contact(r, { channel: c.channel })).length).toBe(c.offered ? 1 : 0);
    });
  }

  it('makes one offer at a time per agent, the next after accepting', () => {
    const r = makeRouter();
    r.upsertQueue(queue('q'), 0);
    available(r, 1);
    const first = offers(contact(r, { conversationId: 1 }));
    expect(offers(contact(r, { conversationId: 2 }))).toEqual([]);
    const accepted = r.accept(`o1`, 1, 10);
    expect(first[0]?.conv).toBe(1);
    expect(accepted.ok && offers(accepted.effects)).toEqual([{ agent: 1, conv: 2, reason: 'queue' }]);
  });

  it('does not offer to away, offline or disconnected agents', () => {
    const r = makeRouter();
    r.upsertQueue(queue('q'), 0);
    r.upsertAgent({ id: 1, skills: {}, capacity: defaultCapacity, presence: 'away', connected: true }, 0);
    r.upsertAgent({ id: 2, skills: {}, capacity: defaultCapacity, presence: 'available', connected: false }, 0);
    r.upsertAgent({ id: 3, skills: {}, capacity: defaultCapacity, presence: 'offline', connected: true }, 0);
    expect(offers(contact(r))).toEqual([]);
    expect(offers(r.setConnected(2, true, 5))).toEqual([{ agent: 2, conv: convSeq, reason: 'queue' }]);
  });
});

describe('Router offers: reject, timeout, missed -> away', () => {
  it('a rejected contact goes to the next agent keeping its original age', () => {
    const r = makeRouter();
    r.upsertQueue(queue('q'), 0);
    available(r, 1, {}, defaultCapacity, 0);
    available(r, 2, {}, defaultCapacity, 1);
    contact(r, { conversationId: 1, enqueuedAt: 0 });
    const effects = r.reject('o1', 1, 100) ?? [];
    const next = effects.find((e) => e.type === 'offer');
    expect(next?.type === 'offer' && next.offer.agentId).toBe(2);
    expect(next?.type === 'offer' && next.offer.item.enqueuedAt).toBe(0);
  });

  it('a timed-out offer requeues; two in a row set the agent away_missed', () => {
    const r = makeRouter({ offerTimeoutMs: 20_000, maxMissedOffers: 2, rejectCooldownMs: 1_000 });
    r.upsertQueue(queue('q'), 0);
    available(r, 1);
    contact(r, { conversationId: 1 });
    expect(r.tick(19_999)).toEqual([]);
    const first = r.tick(20_000);
    expect(first.some((e) => e.type === 'revoke' && e.reason === 'timeout')).toBe(true);
    expect(r.agent(1)?.missedInRow).toBe(1);
    expect(r.isWaiting(1)).toBe(true);
    // After the cool-down the same (only) agent is offered it again and misses again.
    const again = r.tick(21_000);
    expect(offers(again)).toEqual([{ agent: 1, conv: 1, reason: 'queue' }]);
    r.tick(41_000);
    expect(r.agent(1)?.presence).toBe('away_missed');
    expect(r.isWaiting(1)).toBe(true);
    expect(r.offersOf(1)).toEqual([]);
  });

  it('accepting resets the missed counter', () => {
    const r = makeRouter({ offerTimeoutMs: 1000, rejectCooldownMs: 0 });
    r.upsertQueue(queue('q'), 0);
    available(r, 1);
    contact(r, { conversationId: 1 });
    r.tick(1000);
    r.tick(1001);
    const offerId = r.offersOf(1)[0]?.offerId ?? '';
    expect(r.accept(offerId, 1, 1002).ok).toBe(true);
    expect(r.agent(1)?.missedInRow).toBe(0);
  });

  it('an agent going away hands its pending offer back to the queue', () => {
    const r = makeRouter();
    r.upsertQueue(queue('q'), 0);
    available(r, 1);
    contact(r, { conversationId: 1 });
    const effects = r.setPresence(1, 'away', 5);
    expect(effects.some((e) => e.type === 'revoke' && e.reason === 'agent_unavailable')).toBe(true);
    expect(r.isWaiting(1)).toBe(true);
  });

  it('accept by another agent is refused', () => {
    const r = makeRouter();
    r.upsertQueue(queue('q'), 0);
    available(r, 1);
    contact(r, { conversationId: 1 });
    expect(r.accept('o1', 2, 1)).toEqual({ ok: false, reason: 'not_yours' });
    expect(r.accept('nope', 1, 1)).toEqual({ ok: false, reason: 'no_such_offer' });
  });
});

describe('Router sticky and transfer', () => {
  it('offers a returning contact to its last agent when that agent has room', () => {
    const r = makeRouter();
    r.upsertQueue(queue('q'), 0);
    available(r, 1, {}, defaultCapacity, 0);
    available(r, 2, {}, defaultCapacity, 10);
    expect(offers(contact(r, { stickyAgentId: 2 }))).toEqual([{ agent: 2, conv: convSeq, reason: 'sticky' }]);
  });

  it('falls back to the queue when the last agent has no room', () => {
    const r = makeRouter();
    r.upsertQueue(queue('q'), 0);
    available(r, 1);
    r.upsertAgent({ id: 2, skills: {}, capacity: defaultCapacity, presence: 'away', connected: true }, 0);
    expect(offers(contact(r, { stickyAgentId: 2 }))).toEqual([{ agent: 1, conv: convSeq, reason: 'queue' }]);
  });

  it('a transfer to a named agent is offered only to them; on reject it goes back to the queue', () => {
    const r = makeRouter();
    r.upsertQueue(queue('q'), 0);
    available(r, 1, {}, defaultCapacity, 0);
    r.upsertAgent({ id: 2, skills: {}, capacity: defaultCapacity, presence: 'away', connected: true }, 0);
    expect(offers(contact(r, { conversationId: 9, targetAgentId: 2 }))).toEqual([]);
    expect(offers(r.setPresence(2, 'available', 1))).toEqual([{ agent: 2, conv: 9, reason: 'transfer' }]);
    const back = r.reject(r.offersOf(2)[0]?.offerId ?? '', 2, 2) ?? [];
    expect(offers(back)).toEqual([{ agent: 1, conv: 9, reason: 'queue' }]);
  });

  it('remove() withdraws a waiting or offered contact', () => {
    const r = makeRouter();
    r.upsertQueue(queue('q'), 0);
    available(r, 1);
    contact(r, { conversationId: 1 });
    contact(r, { conversationId: 2 });
    expect(r.remove(1, 'abandoned', 5).some((e) => e.type === 'revoke' && e.reason === 'abandoned')).toBe(true);
    r.remove(2, 'abandoned', 5);
    expect(r.isWaiting(2)).toBe(false);
    expect(r.waitingIn('q')).toHaveLength(0);
  });

  it('reports 1-based queue positions', () => {
    const r = makeRouter();
    r.upsertQueue(queue('q'), 0);
    contact(r, { conversationId: 1, enqueuedAt: 5 });
    contact(r, { conversationId: 2, enqueuedAt: 1 });
    expect(r.positionOf(2)).toBe(1);
    expect(r.positionOf(1)).toBe(2);
    expect(r.positionOf(3)).toBeNull();
  });
});
