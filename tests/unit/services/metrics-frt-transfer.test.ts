import { describe, expect, it } from 'vitest';
import type { Queue } from '../../../services/contracts';
import { DAY_MS, MetricsAccumulator } from '../../../services/metrics/accumulator';
import type { EventRow } from '../../../services/store/repos/events';

const base: Queue = {
  id: 'q',
  name: 'Q',
  channels: ['email'],
  skills: {},
  slaSeconds: 3600,
  priority: 0,
  slTargetPercent: 80,
  shortAbandonSeconds: 5,
};
const queues = new Map([
  ['q', base],
  ['billing', { ...base, id: 'billing' }],
]);
const day = 20 * DAY_MS;
const t = (seconds: number) => day + 8 * 3600_000 + seconds * 1000;
let seq = 0;
const ev = (type: string, atSeconds: number, over: Partial<EventRow> = {}): EventRow => {
  seq += 1;
  return { seq, at: t(atSeconds), type, conversationId: 1, agentId: null, queueId: 'q', channel: 'email', data: {}, ...over };
};

describe('first response time across a transfer (docs/metrics.md)', () => {
  it('runs from the arrival, not from the transfer, when the first reply comes after a transfer', () => {
    const acc = new MetricsAccumulator((id) => queues.get(id));
    acc.applyAll([
      ev('conversation/queued', 0, { data: { reason: 'new' } }),
      ev('conversation/accepted', 100, { agentId: 7, data: { waitMs: 100_000 } }),
      ev('conversation/transferred', 200, { agentId: 7, queueId: 'billing', data: { fromQueue: 'q' } }),
      ev('conversation/queued', 200, { queueId: 'billing', data: { reason: 'transfer', fromQueue: 'q' } }),
      ev('conversation/accepted', 260, { agentId: 8, queueId: 'billing', data: { waitMs: 60_000 } }),
      ev('message/out', 500, { agentId: 8, queueId: 'billing' }),
    ]);
    const report = acc.report(day, day + DAY_MS, t(3600));
    const billing = report.byQueue.find((q) => q.queueId === 'billing')?.figures;
    // Before the fix the clock restarted at the transfer: 300 s instead of the customer's 500 s.
    expect(billing).toMatchObject({ firstResponses: 1, frtMs: 500_000 });
    // The transferred-in answer still measures its own wait from the transfer (ASA of the second queue).
    expect(billing?.asaMs).toBe(60_000);
  });
});
