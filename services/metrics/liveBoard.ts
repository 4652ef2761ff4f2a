import { defaultCapacity, type AgentSnapshot, type AgentState, type ChannelKind, type Queue, type QueueStats } from '../contracts';
import type { Forecast, LiveBoard, MetricsReport, WindowFigures } from '../contracts/metrics';
import { BUCKET_MS, DAY_MS, type MetricsAccumulator } from './accumulator';
import { agentsNeeded, erlangServiceLevel } from './erlang';
import { emptyCounters, toFigures } from './figures';
import { queueStatus } from './status';

const THIRTY_MIN = 30 * 60_000;
const SLOT_MS = 15 * 60_000;

export type BoardInputs = Readonly<{
  now: number;
  dayStart: number;
  queues: readonly Queue[];
  stats: readonly QueueStats[];
  /** Ids and states only: the board counts them, and a full snapshot per agent per push cost more than the rest of the board at 2,000 agents. */
  agents: ReadonlyArray<Pick<AgentSnapshot, 'id' | 'state'>>;
  /** When the longest-ringing offer of a queue entered it (QueueStats' oldest counts waiting contacts only). */
  oldestOfferedSince?: (queueId: string) => number | null;
  waitingSamples: ReadonlyMap<number, number>;
  /** The day chart changes slowly; the caller may pass a recent one instead of recomputing 96 slots. */
  cachedSeries?: LiveBoard['series'];
}>;

const minOrNull = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));

const emptyFigures = (): WindowFigures => toFigures(emptyCounters());

/** The supervisor board: live router state beside today's and the last 30 minutes' figures. */
export function buildLiveBoard(acc: MetricsAccumulator, input: BoardInputs): LiveBoard {
  const { now, dayStart } = input;
  const today = acc.report(dayStart, dayStart + DAY_MS, now);
  const recentFrom = now - (now % BUCKET_MS) - THIRTY_MIN + BUCKET_MS;
  const last30 = acc.report(recentFrom, now + BUCKET_MS, now);
  const stats = new Map(input.stats.map((s) => [s.queueId, s]));

  const queues = input.queues.map((queue) => {
    const s = stats.get(queue.id);
    const todayFigures = today.byQueue.find((q) => q.queueId === queue.id)?.figures ?? emptyFigures();
    const recentFigures = last30.byQueue.find((q) => q.queueId === queue.id)?.figures ?? emptyFigures();
    const waiting = (s?.waiting ?? 0) + (s?.offered ?? 0);
    // An offered contact is still unanswered: the oldest of the waiting and the ringing ones.
    const oldestWaitingSince = minOrNull(s?.oldestWaitingSince ?? null, input.oldestOfferedSince?.(queue.id) ?? null);
    const queueForecast = forecast(queue, last30, today, s);
    const status = queueStatus({
      now,
      slaSeconds: queue.slaSeconds,
      slTargetPercent: queue.slTargetPercent,
      waiting,
      oldestWaitingSince,
      agentsAvailable: s?.agentsAvailable ?? 0,
      serviceLevelToday: todayFigures.serviceLevel,
      serviceLevelLast30: recentFigures.serviceLevel,
      predictedServiceLevel: queueForecast.predictedServiceLevel,
    });
    return {
      queueId: queue.id,
      name: queue.name,
      slaSeconds: queue.slaSeconds,
      slTargetPercent: queue.slTargetPercent,
      waiting,
      oldestWaitingSince,
      agentsAvailable: s?.agentsAvailable ?? 0,
      agentsBusy: s?.agentsBusy ?? 0,
      agentsAway: s?.agentsAway ?? 0,
      today: todayFigures,
      last30: recentFigures,
      byChannelToday: today.byQueueChannel.filter((q) => q.queueId === queue.id).map((q) => ({ channel: q.channel, figures: q.figures })),
      status,
      forecast: queueForecast,
    };
  });

  const agentsByState: Record<AgentState, number> = { available: 0, busy: 0, wrap_up: 0, away: 0, away_missed: 0, offline: 0 };
  for (const a of input.agents) agentsByState[a.state] += 1;

  return { at: now, queues, agentsByState, occupancyToday: today.occupancy, series: input.cachedSeries ?? daySeries(acc, input) };
}

/**
 * Erlang C over the last 30 minutes: arrival rate and handle time per queue; chat/SMS/email handle time is
 * divided by the default concurrency of its channel (an agent works several at once).
 */
function forecast(queue: Queue, last30: MetricsReport, today: MetricsReport, stats: QueueStats | undefined): Forecast {
  // Agents who can serve the queue and are available, busy or in wrap-up: the queue's stats already count
  // exactly those (busy includes wrap-up), so no pass over every agent per queue.
  const staffed = (stats?.agentsAvailable ?? 0) + (stats?.agentsBusy ?? 0);
  const recent = last30.byQueueChannel.filter((q) => q.queueId === queue.id);
  const day = today.byQueueChannel.filter((q) => q.queueId === queue.id);
  const arrivals = recent.reduce((n, q) => n + q.figures.arrivals, 0);
  const arrivalsPerHour = (arrivals / THIRTY_MIN) * 3600_000;
  let weighted = 0;
  let weight = 0;
  for (const q of recent.length > 0 ? recent : day) {
    const aht = q.figures.ahtMs ?? day.find((d) => d.channel === q.channel)?.figures.ahtMs ?? null;
    if (aht === null) continue;
    const n = Math.max(1, q.figures.arrivals);
    weighted += (n * aht) / 1000 / concurrency(q.channel);
    weight += n;
  }
  const ahtSeconds = weight === 0 ? null : weighted / weight;
  if (ahtSeconds === null || arrivals === 0) {
    return { queueId: queue.id, arrivalsPerHour, ahtSeconds, staffed, predictedServiceLevel: null, agentsNeeded: null };
  }
  const perSecond = arrivals / (THIRTY_MIN / 1000);
  return {
    queueId: queue.id,
    arrivalsPerHour,
    ahtSeconds,
    staffed,
    predictedServiceLevel: erlangServiceLevel(staffed, perSecond, ahtSeconds, queue.slaSeconds),
    agentsNeeded: agentsNeeded(perSecond, ahtSeconds, queue.slaSeconds, queue.slTargetPercent / 100),
  };
}

function concurrency(channel: ChannelKind): number {
  return channel === 'voice' ? 1 : Math.max(1, defaultCapacity[channel]);
}

export function daySeries(acc: MetricsAccumulator, input: Omit<BoardInputs, 'cachedSeries'>): LiveBoard['series'] {
  const points: LiveBoard['series'] = [];
  for (let at = input.dayStart; at <= input.now; at += SLOT_MS) {
    points.push({ at, waiting: input.waitingSamples.get(at) ?? 0, serviceLevel: slotServiceLevel(acc, at, input.now) });
  }
  return points;
}

/** SL of one 15-minute slot across all queues: answeredInSl / (answered + abandoned). */
export function slotServiceLevel(acc: MetricsAccumulator, slotStart: number, now: number): number | null {
  const slot = acc.report(slotStart, slotStart + SLOT_MS, now);
  let inSl = 0;
  let offered = 0;
  for (const q of slot.byQueue) {
    inSl += q.figures.answeredInSl;
    offered += q.figures.answered + q.figures.abandoned;
  }
  return offered === 0 ? null : inSl / offered;
}
