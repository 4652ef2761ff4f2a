import type { FastifyBaseLogger } from 'fastify';
import { renderAck, type AckChannel, type Queue } from '../contracts';
import { ackWords, ackWordingFor } from '../phrases/acknowledgements';
import type { Connection, Store } from '../store/store';
import { ackedSince, candidatesAfter, getAckSettings, getWatermark, recordAck, setWatermark, type AckCandidate } from './repo';

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
}>;

/** A message older than this when decided (the hub was down for a day) is not acknowledged any more: too late to help. */
export const MAX_AGE_MS = 24 * 3600_000;
const BATCH = 50;

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

  constructor(private readonly deps: AckWorkerDeps) {}

  start(): void {
    this.stopped = false;
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** New inbound messages may be there: decide them (once the current pass ends, if one runs). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      try {
        if (!this.recovered) {
          await this.deps.sender.recover?.();
          this.recovered = true;
        }
        do {
          this.again = false;
          while (!this.stopped && (await this.pass())) {
            // more past the watermark
          }
        } while (this.again && !this.stopped);
      } catch (error) {
        this.deps.log.error(
          { err: error, channel: this.deps.sender.channel },
          'acknowledgements: deciding failed; retried on the next message',
        );
      } finally {
        this.running = null;
      }
    })();
  }

  /** Idle (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** One batch; true when it was full (more may wait). */
  private async pass(): Promise<boolean> {
    const { store, sender } = this.deps;
    const { queued, full } = await store.write(async (tx) => {
      const mark = await getWatermark(tx, sender.channel);
      const batch = await candidatesAfter(tx, sender.channel, mark, BATCH);
      const out: number[] = [];
      // A queue's settings, read once per pass rather than once per message (one store round trip each).
      const settings = new Map<string, ReturnType<typeof getAckSettings>>();
      const settingsOf = (queueId: string): ReturnType<typeof getAckSettings> => {
        let found = settings.get(queueId);
        if (!found) settings.set(queueId, (found = getAckSettings(tx, queueId)));
        return found;
      };
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
    settingsOf: (queueId: string) => ReturnType<typeof getAckSettings>,
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
