import type { ChannelKind, TopicFigure, TopicSpike, VocBoard, VocPeriod, VocProgress } from '../contracts';
import type { Store } from '../store/store';
import { dayOf, dayTotals, DAY_MS, pinnedTopics, recentCounts, topicCounts, topicsByIds, type Scope } from './repo';

const HOUR_MS = 3_600_000;
const TOP = 15;
const RISING = 10;

/** A spike: at least this many messages in the last hour, from at least this many customers... */
export const SPIKE_MIN_MESSAGES = 5;
export const SPIKE_MIN_CUSTOMERS = 3;
/** ...and at least this many times the topic's usual hourly rate over the previous 7 days. */
export const SPIKE_FACTOR = 4;

export type PeriodDays = Readonly<{ prevFrom: number; curFrom: number; curTo: number; from: number; to: number; previousFrom: number }>;

/**
 * Today against yesterday, or the last 7 days (today included) against the 7 before. Days are UTC days, as
 * in the metrics board. A partial today is compared with a whole yesterday, scaled by the share of the day
 * gone (see `change`).
 */
export function periodDays(period: VocPeriod, now: number): PeriodDays {
  const today = dayOf(now);
  const length = period === 'today' ? 1 : 7;
  const curFrom = today - length + 1;
  return { prevFrom: curFrom - length, curFrom, curTo: today, from: curFrom * DAY_MS, to: now, previousFrom: (curFrom - length) * DAY_MS };
}

function figure(
  topic: { id: number; label: string; pinned: number; hidden: number },
  counts: { cur: number; prev: number; s: number; sn: number } | undefined,
  elapsedShare: number,
): TopicFigure {
  const count = Math.round(counts?.cur ?? 0);
  const previous = Math.round(counts?.prev ?? 0);
  return {
    topicId: topic.id,
    label: topic.label,
    count,
    previous,
    // The current period is not over: compare with the same share of the previous one.
    change: Math.round((count - previous * elapsedShare) * 10) / 10,
    sentiment: counts && counts.sn > 0 ? Math.round((counts.s / counts.sn) * 100) / 100 : null,
    pinned: topic.pinned === 1,
    hidden: topic.hidden === 1,
  };
}

export async function buildBoard(
  store: Store,
  input: Readonly<{ period: VocPeriod; queueId?: string; channel?: ChannelKind; includeHidden: boolean }>,
  now: number,
  progress: VocProgress,
): Promise<VocBoard> {
  const days = periodDays(input.period, now);
  const scope: Scope = { queueId: input.queueId, channel: input.channel };
  const counts = await topicCounts(store, days, scope);
  const byTopic = new Map(counts.map((c) => [c.topic_id, c]));
  const elapsedShare = Math.min(1, (now - days.from) / (days.curTo - days.curFrom + 1) / DAY_MS);

  const topIds = [...counts].sort((a, b) => b.cur - a.cur).slice(0, TOP * 3);
  const risingIds = [...counts]
    .filter((c) => c.cur >= 3 && c.cur > c.prev * elapsedShare)
    .sort((a, b) => (b.cur + 1) / (b.prev * elapsedShare + 2) - (a.cur + 1) / (a.prev * elapsedShare + 2))
    .slice(0, RISING * 3);
  const pinned = await pinnedTopics(store);
  const ids = [...new Set([...topIds, ...risingIds].map((c) => c.topic_id))];
  const topics = new Map((await topicsByIds(store, ids)).map((t) => [t.id, t]));
  for (const p of pinned) topics.set(p.id, p);
  const visible = (id: number): boolean => {
    const t = topics.get(id);
    return t !== undefined && t.merged_into === null && (input.includeHidden || t.hidden === 0);
  };

  const top = [
    ...pinned.filter((p) => visible(p.id)).map((p) => figure(p, byTopic.get(p.id), elapsedShare)),
    ...topIds
      .filter((c) => c.cur > 0 && visible(c.topic_id) && topics.get(c.topic_id)!.pinned === 0)
      .map((c) => figure(topics.get(c.topic_id)!, c, elapsedShare)),
  ]
    .sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.count - a.count)
    .slice(0, Math.max(TOP, pinned.length));
  const rising = risingIds
    .filter((c) => visible(c.topic_id))
    .map((c) => figure(topics.get(c.topic_id)!, c, elapsedShare))
    .slice(0, RISING);
  const spikes = (await findSpikes(store, now, scope)).filter((s) => input.includeHidden || topics.get(s.topicId)?.hidden !== 1);
  return {
    period: input.period,
    from: days.from,
    to: days.to,
    previousFrom: days.previousFrom,
    queueId: input.queueId ?? null,
    channel: input.channel ?? null,
    top,
    rising,
    spikes,
    progress,
  };
}

/**
 * Topics whose last hour runs far above their usual rate: a new outage shows up here as a topic that had no
 * messages last week and has a handful from different customers within the hour.
 */
export async function findSpikes(store: Store, now: number, scope: Scope): Promise<TopicSpike[]> {
  const recent = (await recentCounts(store, now - HOUR_MS, scope)).filter(
    (r) => r.n >= SPIKE_MIN_MESSAGES && r.customers >= SPIKE_MIN_CUSTOMERS,
  );
  if (recent.length === 0) return [];
  const today = dayOf(now);
  const baseline = await dayTotals(
    store,
    recent.map((r) => r.topic_id),
    today - 7,
    today - 1,
    scope,
  );
  const spiking = recent
    .map((r) => ({ ...r, perHour: (baseline.get(r.topic_id) ?? 0) / (7 * 24) }))
    .filter((r) => r.n >= SPIKE_FACTOR * r.perHour);
  const topics = new Map(
    (
      await topicsByIds(
        store,
        spiking.map((s) => s.topic_id),
      )
    ).map((t) => [t.id, t]),
  );
  return spiking
    .filter((s) => topics.get(s.topic_id)?.merged_into === null)
    .map((s) => ({
      topicId: s.topic_id,
      label: topics.get(s.topic_id)!.label,
      lastHour: s.n,
      baselinePerHour: Math.round(s.perHour * 100) / 100,
      queueId: scope.queueId ?? null,
      at: now,
    }))
    .sort((a, b) => b.lastHour - a.lastHour);
}
