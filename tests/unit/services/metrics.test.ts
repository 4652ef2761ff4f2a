import { describe, expect, it } from 'vitest';
import type { Queue } from '../../../services/contracts';
import { DAY_MS, MetricsAccumulator } from '../../../services/metrics/accumulator';
import { agentsNeeded, erlangC, erlangServiceLevel } from '../../../services/metrics/erlang';
import type { EventRow } from '../../../services/store/repos/events';

const queue: Queue = {
  id: 'q',
  name: 'Q',
  channels: ['voice', 'chat', 'email'],
  skills: {},
  slaSeconds: 20,
  priority: 0,
  slTargetPercent: 80,
  shortAbandonSeconds: 5,
};
const other: Queue = { ...queue, id: 'billing' };
const day = 20 * DAY_MS;
const t = (seconds: number) => day + 8 * 3600_000 + seconds * 1000;

let seq = 0;
function ev(type: string, atSeconds: number, over: Partial<EventRow> = {}): EventRow {
  seq += 1;
  return { seq, at: t(atSeconds), type, conversationId: 1, agentId: null, queueId: 'q', channel: 'voice', data: {}, ...over };
}

function run(events: EventRow[], now = t(3600)) {
  const acc = new MetricsAccumulator((id) => (id === 'q' ? queue : id === 'billing' ? other : undefined));
  acc.applyAll(events);
  const report = acc.report(day, day + DAY_MS, now);
  return {
    report,
    q: report.byQueue.find((x) => x.queueId === 'q')?.figures,
    billing: report.byQueue.find((x) => x.queueId === 'billing')?.figures,
  };
}

describe('metric definitions (docs/metrics.md) on hand-built event sequences', () => {
  it('service level counts answers within the threshold over answered + abandoned', () => {
    const { q } = run([
      ev('conversation/queued', 0, { conversationId: 1, data: { reason: 'new' } }),
      ev('conversation/accepted', 10, { conversationId: 1, agentId: 7, data: { waitMs: 10_000 } }),
      ev('conversation/queued', 0, { conversationId: 2, data: { reason: 'new' } }),
      ev('conversation/accepted', 30, { conversationId: 2, agentId: 8, data: { waitMs: 30_000 } }),
      ev('conversation/queued', 0, { conversationId: 3, data: { reason: 'new' } }),
      ev('conversation/abandoned', 40, { conversationId: 3, data: { waitMs: 40_000 } }),
      ev('conversation/queued', 0, { conversationId: 4, data: { reason: 'new' } }),
      ev('conversation/abandoned', 3, { conversationId: 4, data: { waitMs: 3_000 } }),
    ]);
    expect(q).toMatchObject({ arrivals: 4, answered: 2, answeredInSl: 1, abandoned: 1, shortAbandoned: 1 });
    expect(q?.serviceLevel).toBeCloseTo(1 / 3);
    expect(q?.abandonRate).toBeCloseTo(1 / 3);
    expect(q?.asaMs).toBe(20_000);
  });

  it('an answer exactly at the threshold is within service level', () => {
    const { q } = run([
      ev('conversation/queued', 0, { data: { reason: 'new' } }),
      ev('conversation/accepted', 20, { agentId: 7, data: { waitMs: 20_000 } }),
    ]);
    expect(q?.answeredInSl).toBe(1);
  });

  it('a reopen is a new arrival (and counted as reopened); its answer counts again', () => {
    const { q } = run([
      ev('conversation/queued', 0, { data: { reason: 'new' } }),
      ev('conversation/accepted', 5, { agentId: 7, data: { waitMs: 5_000 } }),
      ev('conversation/closed', 65, { agentId: 7 }),
      ev('conversation/reopened', 600),
      ev('conversation/queued', 600, { data: { reason: 'reopened' } }),
      ev('conversation/accepted', 610, { agentId: 7, data: { waitMs: 10_000 } }),
      ev('conversation/closed', 700, { agentId: 7 }),
    ]);
    expect(q).toMatchObject({ arrivals: 2, reopened: 1, answered: 2, handled: 2 });
    expect(q?.ahtMs).toBe((60_000 + 90_000) / 2);
  });

  it('a transfer ends the first handling segment, counts out of one queue and into the other', () => {
    const { q, billing } = run([
      ev('conversation/queued', 0, { data: { reason: 'new' } }),
      ev('conversation/accepted', 4, { agentId: 7, data: { waitMs: 4_000 } }),
      ev('conversation/transferred', 64, { agentId: 7, queueId: 'billing', data: { fromQueue: 'q' } }),
      ev('conversation/queued', 64, { queueId: 'billing', data: { reason: 'transfer', fromQueue: 'q' } }),
      ev('conversation/accepted', 94, { agentId: 8, queueId: 'billing', data: { waitMs: 30_000 } }),
      ev('conversation/wrapUp', 200, { agentId: 8, queueId: 'billing' }),
      ev('conversation/closed', 214, { agentId: 8, queueId: 'billing' }),
    ]);
    expect(q).toMatchObject({ arrivals: 1, transfersOut: 1, answered: 1, handled: 1, ahtMs: 60_000 });
    // Transfers are not new arrivals; handle time includes wrap-up (accepted -> closed).
    expect(billing).toMatchObject({ arrivals: 0, transfersIn: 1, answered: 1, answeredInSl: 0, handled: 1, ahtMs: 120_000 });
  });

  it('first response time: first outbound message after the contact was queued, once per entry', () => {
    const { q } = run([
      ev('conversation/queued', 0, { channel: 'email', data: { reason: 'new' } }),
      ev('conversation/accepted', 100, { channel: 'email', agentId: 7, data: { waitMs: 100_000 } }),
      ev('message/note', 150, { channel: 'email', agentId: 7 }),
      ev('message/out', 300, { channel: 'email', agentId: 7 }),
      ev('message/out', 400, { channel: 'email', agentId: 7 }),
    ]);
    expect(q).toMatchObject({ firstResponses: 1, frtMs: 300_000 });
  });

  it('occupancy: busy time over busy + available-idle time while connected', () => {
    const agent = { conversationId: null, queueId: null, channel: null, agentId: 7 } as const;
    const { report } = run(
      [
        ev('agent/connected', 0, agent),
        ev('agent/presence', 0, { ...agent, data: { presence: 'available' } }),
        ev('conversation/accepted', 100, { agentId: 7, data: { waitMs: 0 } }),
        ev('conversation/closed', 400, { agentId: 7 }),
        ev('agent/presence', 500, { ...agent, data: { presence: 'away' } }),
        ev('agent/presence', 900, { ...agent, data: { presence: 'available' } }),
        ev('agent/disconnected', 1000, agent),
      ],
      t(5000),
    );
    // busy 300 s; idle 100 + 100 + 100 s; away and disconnected time not counted.
    expect(report.occupancy.busyMs).toBe(300_000);
    expect(report.occupancy.idleMs).toBe(300_000);
    expect(report.occupancy.occupancy).toBe(0.5);
  });

  it("a hub restart ends everyone's connected time", () => {
    const agent = { conversationId: null, queueId: null, channel: null, agentId: 7 } as const;
    const { report } = run(
      [
        ev('agent/connected', 0, agent),
        ev('agent/presence', 0, { ...agent, data: { presence: 'available' } }),
        ev('hub/started', 60, { conversationId: null, queueId: null, channel: null }),
      ],
      t(5000),
    );
    expect(report.occupancy.idleMs).toBe(60_000);
  });

  it('history written after the fact counts on its own day; a few ms of lag still counts at the fold time', () => {
    const acc = new MetricsAccumulator((id) => (id === 'q' ? queue : undefined));
    const agent = { conversationId: null, queueId: null, channel: null, agentId: 7 } as const;
    const threeDaysAgo = t(0) - 3 * DAY_MS;
    acc.applyAll([
      ev('hub/started', 0, { conversationId: null, queueId: null, channel: null }),
      ev('agent/connected', 0, agent),
      ev('agent/presence', 0, { ...agent, data: { presence: 'available' } }),
      // Backfilled: queued and closed three days ago, committed now (the demo's history, an import).
      { ...ev('conversation/queued', 0, { conversationId: 5, data: { reason: 'new' } }), at: threeDaysAgo },
      { ...ev('conversation/accepted', 0, { conversationId: 5, agentId: 7, data: { waitMs: 4_000 } }), at: threeDaysAgo + 4_000 },
      { ...ev('conversation/closed', 0, { conversationId: 5, agentId: 7 }), at: threeDaysAgo + 60_000 },
      // A live decision persisted 5 ms after a later event: counted at the fold's time, as before.
      ev('conversation/queued', 100, { conversationId: 6, data: { reason: 'new' } }),
      { ...ev('conversation/accepted', 0, { conversationId: 6, agentId: 7, data: { waitMs: 0 } }), at: t(100) - 5 },
    ]);
    const today = acc.report(day, day + DAY_MS, t(200)).byQueue.find((x) => x.queueId === 'q')?.figures;
    expect(today).toMatchObject({ arrivals: 1, answered: 1 });
    const past = acc.report(day - 3 * DAY_MS, day - 2 * DAY_MS, t(200)).byQueue.find((x) => x.queueId === 'q')?.figures;
    expect(past).toMatchObject({ arrivals: 1, answered: 1 });
    // The agent's time today is untouched by the past segment: idle 0..100 s, busy from 100 s on.
    const occupancy = acc.report(day, day + DAY_MS, t(200)).occupancy;
    expect(occupancy.idleMs).toBe(100_000);
    expect(occupancy.busyMs).toBe(100_000);
  });

  it('splits by channel inside a queue', () => {
    const acc = new MetricsAccumulator(() => queue);
    acc.applyAll([
      ev('conversation/queued', 0, { conversationId: 1, channel: 'voice', data: { reason: 'new' } }),
      ev('conversation/queued', 0, { conversationId: 2, channel: 'chat', data: { reason: 'new' } }),
      ev('conversation/queued', 0, { conversationId: 3, channel: 'chat', data: { reason: 'new' } }),
    ]);
    const r = acc.report(day, day + DAY_MS, t(100));
    expect(r.byQueueChannel.map((x) => [x.channel, x.figures.arrivals])).toEqual([
      ['chat', 2],
      ['voice', 1],
    ]);
  });
});

describe('Erlang C', () => {
  // Direct textbook formula: C = (A^N/N! * N/(N-A)) / (sum_{k<N} A^k/k! + A^N/N! * N/(N-A)).
  function direct(n: number, a: number): number {
    let term = 1;
    let sum = 0;
    for (let k = 0; k < n; k += 1) {
      sum += term;
      term = (term * a) / (k + 1);
    }
    const top = term * (n / (n - a));
    return top / (sum + top);
  }

  it('agrees with the direct formula and the classic small case', () => {
    expect(erlangC(3, 2)).toBeCloseTo(4 / 9, 6);
    for (const [n, a] of [
      [22, 18],
      [10, 7.5],
      [50, 45],
    ] as const)
      expect(erlangC(n, a)).toBeCloseTo(direct(n, a), 9);
  });

  it('service level rises with agents; agentsNeeded is the first count reaching the target', () => {
    const perSecond = 360 / 3600;
    const needed = agentsNeeded(perSecond, 180, 20, 0.8)!;
    expect(erlangServiceLevel(needed, perSecond, 180, 20)).toBeGreaterThanOrEqual(0.8);
    expect(erlangServiceLevel(needed - 1, perSecond, 180, 20)).toBeLessThan(0.8);
    expect(erlangServiceLevel(18, perSecond, 180, 20)).toBe(0);
    expect(agentsNeeded(0, 180, 20, 0.8)).toBe(0);
  });
});
