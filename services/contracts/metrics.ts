import { z } from 'zod';
import { AgentState, ChannelKind, QueueId } from './domain';

/** Figures over a window, as defined in docs/metrics.md. Rates are null when their denominator is 0. */
export const WindowFigures = z.object({
  arrivals: z.number().int(),
  reopened: z.number().int(),
  transfersIn: z.number().int(),
  transfersOut: z.number().int(),
  answered: z.number().int(),
  answeredInSl: z.number().int(),
  abandoned: z.number().int(),
  shortAbandoned: z.number().int(),
  serviceLevel: z.number().nullable(),
  asaMs: z.number().nullable(),
  abandonRate: z.number().nullable(),
  handled: z.number().int(),
  ahtMs: z.number().nullable(),
  firstResponses: z.number().int(),
  frtMs: z.number().nullable(),
});
export type WindowFigures = z.infer<typeof WindowFigures>;

export const QueueChannelFigures = z.object({
  queueId: QueueId,
  channel: ChannelKind,
  figures: WindowFigures,
});
export type QueueChannelFigures = z.infer<typeof QueueChannelFigures>;

export const Occupancy = z.object({
  busyMs: z.number(),
  idleMs: z.number(),
  /** busy / (busy + idle); null before anyone was available. */
  occupancy: z.number().nullable(),
});
export type Occupancy = z.infer<typeof Occupancy>;

export const MetricsReport = z.object({
  from: z.number(),
  to: z.number(),
  byQueueChannel: z.array(QueueChannelFigures),
  byQueue: z.array(z.object({ queueId: QueueId, figures: WindowFigures })),
  occupancy: Occupancy,
});
export type MetricsReport = z.infer<typeof MetricsReport>;

export const Forecast = z.object({
  queueId: QueueId,
  arrivalsPerHour: z.number(),
  ahtSeconds: z.number().nullable(),
  /** Agents who can serve the queue and are available, busy or in wrap-up now. */
  staffed: z.number().int(),
  /** Erlang C service level for the next 30 minutes with the staffed agents; null without traffic. */
  predictedServiceLevel: z.number().nullable(),
  agentsNeeded: z.number().int().nullable(),
});
export type Forecast = z.infer<typeof Forecast>;

/** Why a queue is not OK; the rules are in docs/metrics.md ("Queue status") and services/metrics/status.ts. */
export const QueueStatusReason = z.enum([
  'wait_over_target',
  'sl_last30_below_target',
  'wait_near_target',
  'no_agent_available',
  'forecast_below_target',
  'sl_today_below_target',
]);
export type QueueStatusReason = z.infer<typeof QueueStatusReason>;
export const QueueStatus = z.object({
  level: z.enum(['ok', 'at_risk', 'breach']),
  reasons: z.array(QueueStatusReason),
  /** When the clock alone will change the level (the oldest wait crossing a threshold); null when it cannot. */
  changesAt: z.number().nullable(),
});
export type QueueStatus = z.infer<typeof QueueStatus>;

export const LiveBoard = z.object({
  at: z.number(),
  queues: z.array(
    z.object({
      queueId: QueueId,
      name: z.string(),
      slaSeconds: z.number(),
      slTargetPercent: z.number(),
      waiting: z.number().int(),
      oldestWaitingSince: z.number().nullable(),
      agentsAvailable: z.number().int(),
      agentsBusy: z.number().int(),
      agentsAway: z.number().int(),
      today: WindowFigures,
      last30: WindowFigures,
      byChannelToday: z.array(z.object({ channel: ChannelKind, figures: WindowFigures })),
      status: QueueStatus,
      forecast: Forecast,
    }),
  ),
  agentsByState: z.record(AgentState, z.number().int()),
  occupancyToday: Occupancy,
  /** Points for the day chart: one per 15 minutes since midnight. */
  series: z.array(z.object({ at: z.number(), waiting: z.number().int(), serviceLevel: z.number().nullable() })),
});
export type LiveBoard = z.infer<typeof LiveBoard>;
