import type { TopicSpike, VocProgress } from '../contracts';
import type { Store } from '../store/store';
import { findSpikes } from './board';
import {
  inboundAfter,
  inboundCountBetween,
  markSpike,
  newestMessageId,
  readState,
  startReanalysis,
  storeBatch,
  topicsByIds,
  type AnalysedRow,
  type InboundRow,
  type VocState,
} from './repo';
import { inProcessAnalyser, type TextAnalyser } from './worker/analyser';

export type VocJobOptions = Readonly<{
  /** Messages per read and per write unit. */
  batchSize: number;
  /** With nothing to read, look again after this long even without a new-message nudge. */
  pollMs: number;
  /**
   * Share of one core the job may take while customers' messages are arriving fast (`busyPerSecond` or more
   * in the last second): it sleeps (1 - share) / share times as long as each batch took. Idle, it runs flat out.
   */
  busyShare: number;
  busyPerSecond: number;
  /** While busy, at least this long between batches. */
  busyGapMs: number;
  /** A topic alerts again only after this long. */
  spikeQuietMs: number;
  /** Spikes are looked for at most this often, and this long after the last new analysis at the latest. */
  spikeCheckMs: number;
}>;

export const defaultJobOptions: VocJobOptions = {
  batchSize: 200,
  pollMs: 2000,
  busyShare: 0.1,
  busyPerSecond: 20,
  busyGapMs: 1000,
  spikeQuietMs: 6 * 3_600_000,
  spikeCheckMs: 5000,
};

export type VocJobEvents = Readonly<{
  changed(analysedTo: number, customerIds: readonly number[]): void;
  spike(spike: TopicSpike): void;
  progress(progress: VocProgress): void;
  error(err: unknown): void;
}>;

const CHUNK = 25;

/** System lines stored as inbound messages are not the customer speaking ("Call from +44…", failed transcriptions). */
function spokenByCustomer(row: InboundRow): boolean {
  let meta: Record<string, unknown> = {};
  try {
    meta = JSON.parse(row.meta) as Record<string, unknown>;
  } catch {
    /* not JSON: treat as no meta */
  }
  if (meta.kind === 'call' || meta.kind === 'voicemail') return false;
  if (meta.kind === 'transcription' && meta.status !== 'completed') return false;
  if (typeof meta.system === 'string') return false;
  const email = meta.email as { autoReply?: unknown } | undefined;
  if (email && typeof email.autoReply === 'string') return false;
  return true;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** What is read of a message: its text, or its HTML when an email came without a text part. */
const textOf = (row: InboundRow): string => (row.body_text.trim() === '' && row.body_html ? row.body_html : row.body_text);

/**
 * The analyser as a background job over committed messages. It reads customer messages above its watermark
 * through the reader connection (so only committed rows), has them analysed in small chunks (on the
 * analysis thread in the hub, ./worker/analyser.ts; in process between event-loop turns otherwise), and stores each batch with the new watermark in one write unit: ingest never waits for it (it is
 * told of new messages after their commit, and only as a nudge), a restart resumes at the watermark, and a
 * re-analysis walks history again with its own position, replacing what it finds.
 */
export class VocJob {
  private state: VocState = { watermark: 0, reanalyseFrom: null, reanalyseTo: null, reanalyseStartedAt: null };
  private stopped = true;
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private arrivals: number[] = [];
  private reanalyseTotal = 0;
  private reanalyseDone = 0;
  private lastSpikeCheck = 0;
  private spikeDue = false;
  private newest = 0;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly events: VocJobEvents,
    private readonly options: VocJobOptions = defaultJobOptions,
    /** Who reads the texts; the hub passes its analysis thread (module.ts), which it closes on stop. */
    readonly analyser: TextAnalyser = inProcessAnalyser,
  ) {}

  async start(): Promise<void> {
    this.state = await readState(this.store);
    this.newest = await newestMessageId(this.store);
    if (this.state.reanalyseTo !== null) {
      this.reanalyseTotal = await inboundCountBetween(this.store, 0, this.state.reanalyseTo);
      this.reanalyseDone = await inboundCountBetween(this.store, 0, this.state.reanalyseFrom ?? 0);
    }
    this.stopped = false;
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
    this.running = null;
  }

  /** A customer message was committed: look soon (never does any work on the caller's turn). */
  nudge(): void {
    const now = this.now();
    this.arrivals.push(now);
    if (this.arrivals.length > 1000) this.arrivals.splice(0, this.arrivals.length - 1000);
    this.wake?.();
  }

  async reanalyse(): Promise<VocProgress> {
    // History is what was read already; newer messages are the normal pass's, so no message is read by both.
    const upTo = this.state.watermark;
    const at = this.now();
    await this.store.write((tx) => startReanalysis(tx, upTo, at));
    this.state = { ...this.state, reanalyseFrom: 0, reanalyseTo: upTo, reanalyseStartedAt: at };
    this.reanalyseTotal = await inboundCountBetween(this.store, 0, upTo);
    this.reanalyseDone = 0;
    this.wake?.();
    const p = await this.progress();
    this.events.progress(p);
    return p;
  }

  async progress(): Promise<VocProgress> {
    this.newest = Math.max(this.newest, await newestMessageId(this.store));
    const pending = await inboundCountBetween(this.store, this.state.watermark, this.newest);
    return {
      analysedTo: this.state.watermark,
      newestMessage: this.newest,
      pending,
      reanalysis:
        this.state.reanalyseTo === null
          ? null
          : { done: this.reanalyseDone, total: this.reanalyseTotal, startedAt: this.state.reanalyseStartedAt ?? 0 },
    };
  }

  private busy(): boolean {
    const since = this.now() - 1000;
    while (this.arrivals.length > 0 && this.arrivals[0]! < since) this.arrivals.shift();
    return this.arrivals.length >= this.options.busyPerSecond;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const started = performance.now();
      let worked = false;
      try {
        // New messages first, then a batch of history when a re-analysis runs: new ones never wait for it.
        worked = await this.step(false);
        if (this.state.reanalyseTo !== null && !this.stopped) worked = (await this.step(true)) || worked;
      } catch (err) {
        this.events.error(err);
      }
      if (this.stopped) break;
      if (worked) {
        const spent = performance.now() - started;
        // While customers' messages pour in, ingest owns the event loop, the cores and the writer: the job
        // takes its share in batches at least busyGapMs apart (one extra write unit a second at most), and
        // catches up when the rush is over. `spent` includes the time the analysis thread took over the
        // batch, so the share also bounds how fast the job feeds that thread (it competes for the same cores).
        const busy = this.busy();
        const share = busy ? this.options.busyShare : 1;
        await this.sleep(busy ? Math.max(this.options.busyGapMs, (spent * (1 - share)) / share) : 0, false);
      } else {
        // Idle with a spike check owed: wake for it rather than waiting for the next message.
        await this.sleep(this.spikeDue ? Math.min(this.options.pollMs, this.options.spikeCheckMs) : this.options.pollMs, true);
      }
    }
  }

  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if (ms <= 0) return turn();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      // A nudge ends an idle wait; a duty-cycle pause only ends early when stopping.
      this.wake = () => {
        if (wakeable || this.stopped) done();
      };
    });
  }

  /** One batch. Returns whether there was anything to do. */
  private async step(reanalysing: boolean): Promise<boolean> {
    const after = reanalysing ? (this.state.reanalyseFrom ?? 0) : this.state.watermark;
    const upTo = reanalysing ? this.state.reanalyseTo! : await newestMessageId(this.store);
    this.newest = Math.max(this.newest, upTo);
    if (upTo <= after) {
      if (reanalysing) await this.finishReanalysis(after);
      else if (this.spikeDue) await this.checkSpikes(this.now());
      return false;
    }
    if (reanalysing && this.reanalyseDone === 0) this.events.progress(await this.progress());
    const rows = await inboundAfter(this.store, after, upTo, this.options.batchSize);
    // Every committed id up to `upTo` is visible now (one writer, ids only grow): with a short batch the
    // whole range is read, so the position moves past trailing agent replies too.
    const end = rows.length < this.options.batchSize ? upTo : rows[rows.length - 1]!.id;
    const analysed: AnalysedRow[] = [];
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK).filter(spokenByCustomer);
      // A failure here (the thread died twice) throws before anything is stored: the batch is read again.
      const analyses = await this.analyser.analyse(chunk.map(textOf));
      chunk.forEach((row, k) => {
        const a = analyses[k]!;
        analysed.push({
          messageId: row.id,
          conversationId: row.conversation_id,
          queueId: row.queue_id,
          channel: row.channel,
          at: row.created_at,
          language: a.language,
          sentiment: a.sentiment,
          phrases: a.phrases,
          truncated: a.truncated,
          topics: a.topics,
        });
      });
      if (i + CHUNK < rows.length) await turn();
      if (this.stopped) return true;
    }
    const now = this.now();
    const done = reanalysing && end >= upTo;
    await this.store.write((tx) =>
      storeBatch(tx, {
        rows: analysed,
        position: reanalysing ? { reanalyseFrom: end, done } : { watermark: end },
        ...(reanalysing ? { replace: { after, upTo: end } } : {}),
        now,
      }),
    );
    if (reanalysing) {
      this.state = done
        ? { ...this.state, reanalyseFrom: null, reanalyseTo: null, reanalyseStartedAt: null }
        : { ...this.state, reanalyseFrom: end };
      this.reanalyseDone += rows.length;
      this.events.progress(await this.progress());
    } else {
      this.state = { ...this.state, watermark: end };
    }
    if (analysed.length > 0) {
      const customers = [...new Set(rows.map((r) => r.customer_id))].slice(0, 500);
      this.events.changed(this.state.watermark, customers);
      if (!reanalysing) {
        this.spikeDue = true;
        await this.checkSpikes(now);
      }
    }
    return true;
  }

  private async finishReanalysis(at: number): Promise<void> {
    const now = this.now();
    await this.store.write((tx) => storeBatch(tx, { rows: [], position: { reanalyseFrom: at, done: true }, now }));
    this.state = { ...this.state, reanalyseFrom: null, reanalyseTo: null, reanalyseStartedAt: null };
    this.events.progress(await this.progress());
  }

  /** At most every spikeCheckMs: topics spiking in the last hour that have not alerted recently. */
  private async checkSpikes(now: number): Promise<void> {
    if (now - this.lastSpikeCheck < this.options.spikeCheckMs) return;
    this.lastSpikeCheck = now;
    this.spikeDue = false;
    const spikes = await findSpikes(this.store, now, {});
    if (spikes.length === 0) return;
    const topics = new Map(
      (
        await topicsByIds(
          this.store,
          spikes.map((s) => s.topicId),
        )
      ).map((t) => [t.id, t]),
    );
    for (const spike of spikes) {
      const topic = topics.get(spike.topicId);
      if (!topic || topic.hidden === 1) continue;
      if (topic.last_spike_at !== null && now - topic.last_spike_at < this.options.spikeQuietMs) continue;
      await this.store.write((tx) => markSpike(tx, spike.topicId, now));
      this.events.spike(spike);
    }
  }
}
