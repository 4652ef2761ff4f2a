import type pg from 'pg';
import { pgLib } from '../store/postgres/pgLib';

/** The channel hubs NOTIFY after committing event rows; the payload is the highest seq committed. */
export const EVENTS_CHANNEL = 'switchboard_events';

export type FeedRow = Readonly<{
  seq: number;
  at: number;
  type: string;
  conversationId: number | null;
  agentId: number | null;
  queueId: string | null;
  channel: string | null;
  data: string;
}>;

export type EventFeedOptions = Readonly<{
  url: string;
  /** Highest seq this hub has folded already (its own writes are folded as they commit). */
  fromSeq: number;
  /** Rows of other hubs (and this hub's, harmlessly skipped by seq) in seq order. */
  onRows(rows: readonly FeedRow[]): void;
  /** A safety net for a NOTIFY missed while the listener reconnected. */
  pollMs?: number;
  batch?: number;
  onError?(err: unknown): void;
}>;

/**
 * Keeps this hub's metrics fold on the one event log. A hub committing event rows sends NOTIFY with the
 * new max seq (PostgreSQL delivers notifications only after the commit, in commit order); every hub then
 * reads the rows past the last seq it folded. Seq is assigned by a sequence at insert time, so a row with a
 * lower seq can commit after one with a higher seq: the feed reads only up to the lowest seq not yet
 * visible as committed... which PostgreSQL does not tell, so rows are read up to the notified seq and a
 * gap (a seq missing below it) is re-read until it appears or 2 s pass (a rolled-back insert leaves a hole
 * for good).
 */
export class EventFeed {
  private listener: pg.Client | null = null;
  private readonly reader: pg.Pool;
  private last: number;
  private target = 0;
  private reading: Promise<void> | null = null;
  private again = false;
  private poll: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly gaps = new Map<number, number>();

  constructor(private readonly options: EventFeedOptions) {
    this.last = options.fromSeq;
    this.reader = new (pgLib().Pool)({ connectionString: options.url, max: 1, application_name: 'switchboard event feed' });
    this.reader.on('error', (err) => options.onError?.(err));
  }

  get lastSeq(): number {
    return this.last;
  }

  async start(): Promise<void> {
    await this.listen();
    this.poll = setInterval(() => this.kick(Number.MAX_SAFE_INTEGER), this.options.pollMs ?? 1000);
    this.kick(Number.MAX_SAFE_INTEGER);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    await this.reading;
    await this.listener?.end().catch(() => undefined);
    await this.reader.end().catch(() => undefined);
  }

  /** Sent by the hub that committed: call after COMMIT with the highest seq it wrote. */
  static async notify(client: Pick<pg.Pool, 'query'>, maxSeq: number): Promise<void> {
    await client.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, String(maxSeq)]);
  }

  private async listen(): Promise<void> {
    const client = new (pgLib().Client)({
      connectionString: this.options.url,
      keepAlive: true,
      application_name: 'switchboard event listen',
    });
    client.on('notification', (message) => {
      const seq = Number(message.payload);
      if (Number.isFinite(seq)) this.kick(seq);
    });
    const relisten = (): void => {
      if (this.stopped || this.listener !== client) return;
      this.listener = null;
      setTimeout(() => void this.listen().catch((err: unknown) => this.options.onError?.(err)), 250);
    };
    client.on('error', (err) => {
      this.options.onError?.(err);
      relisten();
    });
    client.on('end', relisten);
    this.listener = client;
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    // Whatever committed while we were not listening is read now.
    this.kick(Number.MAX_SAFE_INTEGER);
  }

  private kick(seq: number): void {
    if (this.stopped) return;
    this.target = Math.max(this.target, seq);
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.readAll()
      .catch((err: unknown) => this.options.onError?.(err))
      .finally(() => {
        this.reading = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick(0);
        }
      });
  }

  private async readAll(): Promise<void> {
    const batch = this.options.batch ?? 2000;
    for (;;) {
      const { rows } = await this.reader.query<{
        seq: string;
        at: string;
        type: string;
        conversation_id: string | null;
        agent_id: string | null;
        queue_id: string | null;
        channel: string | null;
        data: string;
      }>('SELECT seq, at, type, conversation_id, agent_id, queue_id, channel, data FROM event WHERE seq > $1 ORDER BY seq LIMIT $2', [
        this.last,
        batch,
      ]);
      const ready: FeedRow[] = [];
      let expected = this.last + 1;
      for (const r of rows) {
        const seq = Number(r.seq);
        if (seq !== expected && !this.gapExpired(expected)) break; // wait for the lower seq to commit
        this.gaps.clear();
        ready.push({
          seq,
          at: Number(r.at),
          type: r.type,
          conversationId: r.conversation_id === null ? null : Number(r.conversation_id),
          agentId: r.agent_id === null ? null : Number(r.agent_id),
          queueId: r.queue_id,
          channel: r.channel,
          data: typeof r.data === 'string' ? r.data : JSON.stringify(r.data),
        });
        expected = seq + 1;
      }
      if (ready.length > 0) {
        this.last = ready[ready.length - 1]!.seq;
        this.options.onRows(ready);
      }
      if (rows.length < batch || ready.length < rows.length) return;
    }
  }

  /** A hole in seq: a transaction still in flight (wait) or rolled back (give up after 2 s). */
  private gapExpired(seq: number): boolean {
    const since = this.gaps.get(seq);
    if (since === undefined) {
      this.gaps.set(seq, Date.now());
      return false;
    }
    return Date.now() - since > 2000;
  }
}
