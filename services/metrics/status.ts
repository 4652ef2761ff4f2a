import type { QueueStatus, QueueStatusReason } from '../contracts/metrics';

/** Share of the SLA target after which the oldest wait puts a queue at risk (docs/metrics.md, "Queue status"). */
export const AT_RISK_WAIT_SHARE = 0.75;

export type QueueStatusInput = Readonly<{
  now: number;
  slaSeconds: number;
  slTargetPercent: number;
  /** Contacts not yet answered: waiting plus offered. */
  waiting: number;
  oldestWaitingSince: number | null;
  agentsAvailable: number;
  serviceLevelToday: number | null;
  serviceLevelLast30: number | null;
  predictedServiceLevel: number | null;
}>;

/** Order in which reasons are listed: the worst first. */
const order: readonly QueueStatusReason[] = [
  'wait_over_target',
  'sl_last30_below_target',
  'wait_near_target',
  'no_agent_available',
  'forecast_below_target',
  'sl_today_below_target',
];

const breaches = new Set<QueueStatusReason>(['wait_over_target', 'sl_last30_below_target']);

/**
 * The queue's STATUS from the rules in docs/metrics.md: Breach when the oldest contact has waited past the
 * SLA target or the last 30 minutes' SL is below target; At risk when the oldest wait is past 75% of the
 * target, contacts wait with no agent available, the forecast SL or today's SL is below target; OK
 * otherwise. A null SL (nothing offered) breaks no rule. `changesAt` is when the status will change by the
 * clock alone (the oldest wait crossing a threshold), so the board can be pushed again then.
 */
export function queueStatus(q: QueueStatusInput): QueueStatus {
  const target = q.slTargetPercent / 100;
  const slaMs = q.slaSeconds * 1000;
  const reasons = new Set<QueueStatusReason>();
  let changesAt: number | null = null;
  if (q.waiting > 0 && q.oldestWaitingSince !== null) {
    const waited = q.now - q.oldestWaitingSince;
    const riskAt = q.oldestWaitingSince + slaMs * AT_RISK_WAIT_SHARE;
    const breachAt = q.oldestWaitingSince + slaMs;
    if (waited > slaMs) reasons.add('wait_over_target');
    else if (waited > slaMs * AT_RISK_WAIT_SHARE) {
      reasons.add('wait_near_target');
      changesAt = breachAt + 1;
    } else changesAt = riskAt + 1;
  }
  if (q.serviceLevelLast30 !== null && q.serviceLevelLast30 < target) reasons.add('sl_last30_below_target');
  if (q.waiting > 0 && q.agentsAvailable === 0) reasons.add('no_agent_available');
  if (q.predictedServiceLevel !== null && q.predictedServiceLevel < target) reasons.add('forecast_below_target');
  if (q.serviceLevelToday !== null && q.serviceLevelToday < target) reasons.add('sl_today_below_target');
  const sorted = order.filter((r) => reasons.has(r));
  const level = sorted.some((r) => breaches.has(r)) ? 'breach' : sorted.length > 0 ? 'at_risk' : 'ok';
  return { level, reasons: sorted, changesAt };
}
