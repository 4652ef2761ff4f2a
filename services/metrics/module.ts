import type { QueueStats } from '../contracts';
import type { LiveBoard, MetricsReport } from '../contracts/metrics';
import type { ReportBucket, ReportSeries } from '../contracts/reports';
import type { HubModule, HubModuleContext } from '../hub/module';
import { SUPERVISORS } from '../hub/push';
import { provide, serviceKey } from '../hub/services';
import { eventSlices } from '../store/repos/events';
import { DAY_MS, MetricsAccumulator } from './accumulator';
import { buildLiveBoard, daySeries, slotServiceLevel } from './liveBoard';
import { LeadingThrottle } from './pushThrottle';

/** At most one board push per this many ms (40 a second); an isolated event is pushed at once. */
export const BOARD_PUSH_INTERVAL_MS = 25;
const HOUR_MS = 3_600_000;
const SLOT_MS = 15 * 60_000;
const SERIES_REFRESH_MS = 30_000;

/** Live figures for supervisors (pushed on every committed event) and historical reports, from one fold. */
export class MetricsService {
  private readonly live: MetricsAccumulator;
  private readonly pushes: LeadingThrottle;
  private sampleTimer: NodeJS.Timeout | null = null;
  private readonly waitingSamples = new Map<number, number>();
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly ctx: HubModuleContext) {
    this.live = new MetricsAccumulator((id) => ctx.center.queue(id), this.dayStart);
    this.pushes = new LeadingThrottle(
      BOARD_PUSH_INTERVAL_MS,
      () => this.pushBoard(),
      () => performance.now(),
    );
  }

  /** UTC days; a configured time zone would change only this function. */
  readonly dayStart = (at: number): number => at - (at % DAY_MS);

  async start(): Promise<void> {
    const now = this.ctx.now();
    // A day of lookback reconstructs who was connected and which conversations were being handled.
    for await (const slice of eventSlices(this.ctx.store, this.dayStart(now) - DAY_MS, now + 1)) this.live.applyAll(slice);
    const offEvents = this.ctx.store.onEvents((events) => {
      this.live.applyAll(events);
      this.pushes.request();
    });
    // The board also shows the router's live counts (waiting, agents available): they can change after the
    // commit's push went out (an ingest routes once its commit resolved) or with no event at all.
    const offStats = this.ctx.center.onQueueStatsChanged(() => this.pushes.request());
    this.unsubscribe = () => {
      offEvents();
      offStats();
    };
    this.sample();
    this.sampleTimer = setInterval(() => this.sample(), 60_000);
    this.sampleTimer.unref();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.pushes.stop();
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.stopped = true;
    if (this.sampleTimer) clearInterval(this.sampleTimer);
  }

  board(): LiveBoard {
    const now = this.ctx.now();
    this.live.prune(this.dayStart(now) - DAY_MS);
    const center = this.ctx.center;
    // One pass over the agents for the queue stats per board (the waiting sample reads the same stats).
    const stats = center.queueStats();
    this.recordWaiting(now, stats);
    const inputs = {
      now,
      dayStart: this.dayStart(now),
      queues: center.listQueues(),
      stats,
      agents: center.agentStates(),
      oldestOfferedSince: (queueId: string) => center.router.oldestOfferedSince(queueId),
      waitingSamples: this.waitingSamples,
    };
    if (!this.series || now - this.series.at > SERIES_REFRESH_MS || this.dayStart(this.series.at) !== inputs.dayStart) {
      this.series = { at: now, points: daySeries(this.live, inputs) };
    }
    // Past slots' SL is cached; the current slot's SL and every waiting bar are cheap, so they are always current.
    const current = now - (now % SLOT_MS);
    const points = this.series.points.map((p) => ({
      ...p,
      waiting: this.waitingSamples.get(p.at) ?? 0,
      serviceLevel: p.at === current ? slotServiceLevel(this.live, current, now) : p.serviceLevel,
    }));
    if ((points.at(-1)?.at ?? -1) < current) {
      points.push({ at: current, waiting: this.waitingSamples.get(current) ?? 0, serviceLevel: slotServiceLevel(this.live, current, now) });
    }
    const board = buildLiveBoard(this.live, { ...inputs, cachedSeries: points });
    this.pushWhenStatusChanges(board);
    return board;
  }

  private statusTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  /** A queue can turn At risk or Breach with no event at all (the oldest wait just grows): push again then. */
  private pushWhenStatusChanges(board: LiveBoard): void {
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.statusTimer = null;
    const next = Math.min(...board.queues.map((q) => q.status.changesAt ?? Infinity));
    if (!Number.isFinite(next) || this.stopped) return;
    this.statusTimer = setTimeout(() => this.pushes.request(), Math.max(0, next - this.ctx.now()));
    this.statusTimer.unref();
  }

  private series: { at: number; points: LiveBoard['series'] } | null = null;

  /** The same fold over the stored events of [from, to), with the same day of lookback as the live board. */
  async report(from: number, to: number): Promise<MetricsReport> {
    const acc = await this.foldStored(from, to);
    return acc.report(from, to, Math.min(to, this.ctx.now()));
  }

  /** The window's figures and the same figures per hour or per day (one fold, read slice by slice). */
  async reportSeries(from: number, to: number, bucket: ReportBucket): Promise<ReportSeries> {
    const acc = await this.foldStored(from, to);
    const now = Math.min(to, this.ctx.now());
    const size = bucket === 'hour' ? HOUR_MS : DAY_MS;
    const first = bucket === 'hour' ? from - (from % HOUR_MS) : this.dayStart(from);
    const points: ReportSeries['points'] = [];
    for (let start = first; start < to; start += size) {
      const a = Math.max(start, from);
      const b = Math.min(start + size, to);
      const { byQueueChannel, byQueue } = acc.report(a, b, Math.min(b, now));
      points.push({ start: a, end: b, byQueueChannel, byQueue });
    }
    return { from, to, bucket, total: acc.report(from, to, now), points };
  }

  /** Stored events from a day before `from` (who was connected, what was being handled) up to `to`. */
  private async foldStored(from: number, to: number): Promise<MetricsAccumulator> {
    const acc = new MetricsAccumulator((id) => this.ctx.center.queue(id), this.dayStart);
    for await (const slice of eventSlices(this.ctx.store, this.dayStart(from) - DAY_MS, to)) acc.applyAll(slice);
    return acc;
  }

  /** Same as report() but from the live fold (what the board shows). */
  liveReport(from: number, to: number): MetricsReport {
    return this.live.report(from, to, Math.min(to, this.ctx.now()));
  }

  private sample(): void {
    this.recordWaiting(this.ctx.now(), this.ctx.center.queueStats());
  }

  /** The day chart's waiting bar of a 15-minute slot: the most waiting (or ringing) seen in it. */
  private recordWaiting(now: number, stats: readonly QueueStats[]): void {
    const slot = now - (now % SLOT_MS);
    const waiting = stats.reduce((n, s) => n + s.waiting + s.offered, 0);
    this.waitingSamples.set(slot, Math.max(waiting, this.waitingSamples.get(slot) ?? 0));
    for (const at of this.waitingSamples.keys()) if (at < this.dayStart(now)) this.waitingSamples.delete(at);
  }

  /** One board, serialised once by socket.io for all of this hub's supervisor sockets. */
  private pushBoard(): void {
    // Nobody watching: the fold stays current, the board is built on demand.
    if (!this.ctx.push.occupied(SUPERVISORS)) return;
    this.ctx.push.local(SUPERVISORS).emit('metrics/live', this.board());
  }
}

export const METRICS = serviceKey<MetricsService>('metrics');

export function metricsModule(): HubModule {
  return {
    name: 'metrics',
    handlers: {},
    setup(ctx) {
      const service = new MetricsService(ctx);
      return { enabled: true, services: [provide(METRICS, service)], start: () => service.start(), stop: () => service.stop() };
    },
  };
}
