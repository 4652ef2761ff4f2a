import type { FastifyBaseLogger } from 'fastify';
import { renderAck, type AckChannel, type AckSettings, type Queue } from '../contracts';
import { ackWords, ackWordingFor } from '../phrases/acknowledgements';
import type { Connection, Store } from '../store/store';
import {
  ackedSince,
  candidatesAfter,
  getAllAckSettings,
  getWatermark,
  recordAck,
  setWatermark,
  skipToLatest,
  type AckCandidate,
} from './repo';

/** What one channel contributes: who the message is from (or why not to answer it) and how to send. */
export type AckSender = Readonly<{
  channel: AckChannel;
  /** Inside the decision's transaction: the customer address to answer (the rate-limit key), or why not. */
  inspect(tx: Connection, c: AckCandidate): Promise<Readonly<{ address: string } | { skip: string }>>;
  /** Inside the same transaction: the outbound message row (and the channel's durable send rows); its id. */
  enqueue(tx: Connection, c: AckCandidate, text: string, at: number): Promise<number>;
  /** After the commit: announce and hand the committed acknowledgements to the provider. */
  deliver(outMessageIds: readonly number[]): Promise<void>;
  /** At start, before deciding anything new: finish what a stopped hub committed but did not send. */
  recover?(): Promise<void>;
}>;

export type AckWorkerDeps = Readonly<{
  store: Store;
  queue: (queueId: string) => Queue | undefined;
  sender: AckSender;
  now: () => number;
  log: FastifyBaseLogger;
  /**
   * Least time from the end of one round of passes to the start of the next (default PASS_GAP_MS). Under load
   * every ingest batch wakes the worker; without a gap each batch cost a write transaction of its own (six
   * thread-pool round trips) queued between two ingest batches, so at low concurrency every message waited
   * for it too. With it, a round decides all the messages of the last few ms at once.
   */
  passGapMs?: number;
}>;

/** A message older than this when decided (the hub was down for a day) is not acknowledged any more: too late to help. */
export const MAX_AGE_MS = 24 * 3600_000;
const BATCH = 50;
/** An acknowledgement goes out at most this much later than it could; nobody notices 20 ms on an SMS reply. */
export const PASS_GAP_MS = 20;

/** The conversation reference a customer can quote: the number in the email subject token [#SB-12]. */
export const ackReference = (conversationId: number): string => `SB-${conversationId}`;

/**
 * Decides acknowledgements from the committed inbound messages past the channel's watermark. Each batch is
 * one transaction: the decisions, their outbound rows and the new watermark commit together, so a message is
 * decided exactly once whatever crashes when (a provider's retry of a stored message stores no new message,
 * so there is nothing new to decide). Sending happens after the commit, by the channel.
 */
export class AckWorker {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private recovered = false;
  /** A round waiting for the gap after the previous one (see passGapMs). */
  private timer: NodeJS.Timeout | null = null;
  private timerDone: (() => void) | null = null;
  private timerPromise: Promise<void> | null = null;
  private lastRoundEnded = -Infinity;

  constructor(private readonly deps: AckWorkerDeps) {}

  start(): void {
    this.stopped = false;
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    await this.running;
  }

  /** New inbound messages may be there: decide them (once the current pass ends and the gap passed). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    const wait = this.lastRoundEnded + (this.deps.passGapMs ?? PASS_GAP_MS) - performance.now();
    if (wait > 0) {
      this.timerPromise = new Promise<void>((resolve) => (this.timerDone = resolve));
      this.timer = setTimeout(() => {
        this.clearTimer();
        this.wake();
      }, wait);
      // A stopped hub does not wait for it: what it would decide stays past the watermark for the next start.
      this.timer.unref();
      return;
    }
    this.running = (async () => {
      try {
        if (!this.recovered) {
          await this.deps.sender.recover?.();
          this.recovered = true;
        }
        this.again = false;
        while (!this.stopped && (await this.pass())) {
          // more past the watermark
        }
      } catch (error) {
        this.deps.log.error(
          { err: error, channel: this.deps.sender.channel },
          'acknowledgements: deciding failed; retried on the next message',
        );
      } finally {
        this.running = null;
        this.lastRoundEnded = performance.now();
        // Woken while the last pass committed: the next round starts after the gap.
        if (this.again && !this.stopped) {
          this.again = false;
          this.wake();
        }
      }
    })();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerDone?.();
    this.timerDone = null;
    this.timerPromise = null;
  }

  /** Idle, with no round waiting for its gap (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.running || this.timerPromise) await (this.running ?? this.timerPromise);
  }

  /** One batch; true when it was full (more may wait). */
  private async pass(): Promise<boolean> {
    const { store, sender } = this.deps;
    const { queued, full } = await store.write(async (tx) => {
      // Every queue's settings in one read, inside the transaction that decides (a save commits before or after it).
      const settings = await getAllAckSettings(tx);
      if (![...settings.values()].some((s) => s[sender.channel]?.enabled)) {
        // Nothing acknowledges on this channel: every message would be decided "none" and leave no row.
        // Moving the watermark past them all is the same outcome without reading them (the common case: a
        // centre without acknowledgements, where this pass followed every ingest batch).
        await skipToLatest(tx, sender.channel);
        return { queued: [], full: false };
      }
      const mark = await getWatermark(tx, sender.channel);
      const batch = await candidatesAfter(tx, sender.channel, mark, BATCH);
      const out: number[] = [];
      const settingsOf = (queueId: string): Promise<AckSettings | undefined> => Promise.resolve(settings.get(queueId));
      for (const c of batch) {
        const id = await this.decide(tx, c, settingsOf);
        if (id !== undefined) out.push(id);
      }
      const last = batch.at(-1);
      if (last) await setWatermark(tx, sender.channel, last.message.id);
      return { queued: out, full: batch.length === BATCH };
    });
    if (queued.length > 0) await sender.deliver(queued);
    return full;
  }

  private async decide(
    tx: Connection,
    c: AckCandidate,
    settingsOf: (queueId: string) => Promise<AckSettings | undefined>,
  ): Promise<number | undefined> {
    const { sender } = this.deps;
    // Only the message that opened the conversation; the rest of a thread is a conversation already answered.
    if (!c.first) return undefined;
    const settings = await settingsOf(c.queueId);
    const channel = settings?.[sender.channel];
    if (!settings || !channel?.enabled) return undefined;
    const at = this.deps.now();
    const record = (address: string, reason: string) =>
      recordAck(tx, {
        inboundMessageId: c.message.id,
        conversationId: c.conversationId,
        channel: sender.channel,
        address,
        state: 'skipped',
        reason,
        outMessageId: null,
        at,
      });
    const who = await sender.inspect(tx, c);
    if ('skip' in who) {
      await record('', who.skip);
      return undefined;
    }
    if (at - c.message.createdAt > MAX_AGE_MS) {
      await record(who.address, 'received more than a day before it could be acknowledged');
      return undefined;
    }
    if (await ackedSince(tx, sender.channel, who.address, at - settings.perAddressMinutes * 60_000)) {
      await record(who.address, `this address was acknowledged less than ${settings.perAddressMinutes} minutes ago`);
      return undefined;
    }
    const queue = this.deps.queue(c.queueId);
    if (!queue) {
      await record(who.address, `queue ${c.queueId} no longer exists`);
      return undefined;
    }
    // Built-in wording and the promise ("within 2 hours") in the queue's language; typed wording as typed.
    const language = queue.language ?? 'en';
    const wording = { ...channel, ...ackWordingFor(language, sender.channel, channel) };
    const { text } = renderAck(wording, queue, at, ackReference(c.conversationId), ackWords(language));
    const outId = await sender.enqueue(tx, c, text, at);
    await recordAck(tx, {
      inboundMessageId: c.message.id,
      conversationId: c.conversationId,
      channel: sender.channel,
      address: who.address,
      state: 'queued',
      reason: null,
      outMessageId: outId,
      at,
    });
    return outId;
  }
}
