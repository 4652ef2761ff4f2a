import type { Connection } from './connection';

export type WriteUnit<T> = (tx: Connection) => Promise<T>;
/**
 * Work that commits on another connection (the ingest worker's): it runs alone, between two of this writer's
 * transactions, so the two connections never wait on each other's write lock. It gets the writer's
 * connection to continue (and hand back) the event numbering, and returns the event rows it committed.
 */
export type OutsideUnit<T> = (tx: Connection) => Promise<Readonly<{ value: T; events: readonly unknown[] }>>;

type Pending = {
  unit: WriteUnit<unknown>;
  outside?: OutsideUnit<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

export type WriterOptions = Readonly<{
  maxBatch?: number;
  /** SQL that writes what the batch's units deferred (event-log rows); it runs in the same exec as COMMIT. */
  commitPrefix?: (events: readonly unknown[]) => string;
  onCommitted?: (events: readonly unknown[]) => void;
  /**
   * Opens the batch's transaction and its first savepoint (the engine's hook): SQLite takes the write lock
   * with BEGIN IMMEDIATE; PostgreSQL takes the writer lock shared by every hub and reads where the event log
   * ends (postgres/pgStore.ts).
   */
  begin?: (connection: Connection) => Promise<void>;
}>;

/**
 * The one writer. Units queued while a transaction is in flight are committed together in the next one
 * (group commit): each unit runs inside its own SAVEPOINT, so a failing unit is rolled back alone and the
 * others still commit. A unit's promise resolves only after COMMIT returned, which is what lets callers
 * acknowledge inbound messages safely.
 *
 * Every statement is a round trip to sqlite3's thread pool, the cost that bounds ingest throughput, so the
 * savepoint bookkeeping between units travels in one exec ("RELEASE unit; SAVEPOINT unit").
 */
export class Writer {
  private queue: Pending[] = [];
  private running: Promise<void> | null = null;
  private closed = false;
  /** Upper bound on units per transaction so one burst cannot hold the write lock for long. */
  private readonly maxBatch: number;
  private readonly commitPrefix: WriterOptions['commitPrefix'];
  private readonly onCommitted: WriterOptions['onCommitted'];
  private readonly begin: (connection: Connection) => Promise<void>;

  constructor(
    private readonly connection: Connection,
    options: WriterOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 500;
    this.commitPrefix = options.commitPrefix;
    this.onCommitted = options.onCommitted;
    this.begin = options.begin ?? ((connection) => connection.exec('BEGIN IMMEDIATE; SAVEPOINT unit'));
  }

  /**
   * Runs `text` once, outside any transaction, before the next batch (a WAL restart must not run inside one).
   * Best effort: a failure is ignored, the caller asks again if it still needs it.
   */
  runBetweenBatches(text: string): void {
    this.betweenBatches = text;
  }

  private betweenBatches: string | null = null;

  write<T>(unit: WriteUnit<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ unit, resolve: resolve as (value: unknown) => void, reject });
      this.running ??= this.drain();
    });
  }

  /** Queues `unit` in line with the other writes; resolves after its own COMMIT (see OutsideUnit). */
  writeOutside<T>(unit: OutsideUnit<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise<T>((resolve, reject) => {
      const never: WriteUnit<unknown> = () => Promise.reject(new Error('outside unit'));
      this.queue.push({ unit: never, outside: unit, resolve: resolve as (value: unknown) => void, reject });
      this.running ??= this.drain();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const outside = this.queue[0]?.outside ? this.queue.shift() : undefined;
        if (outside) {
          await this.runOutside(outside);
          continue;
        }
        const end = this.queue.findIndex((p) => p.outside);
        const batch = this.queue.splice(0, Math.min(this.maxBatch, end < 0 ? this.queue.length : end));
        await this.commitBatch(batch);
      }
    } finally {
      this.running = null;
    }
  }

  private async runOutside(p: Pending): Promise<void> {
    // The checkpointer's WAL restart waits for a moment between transactions: this is one, on either connection.
    const maintenance = this.betweenBatches;
    this.betweenBatches = null;
    if (maintenance) await this.connection.exec(maintenance).catch(() => undefined);
    try {
      const { value, events } = await (p.outside as OutsideUnit<unknown>)(this.connection);
      if (events.length > 0) {
        try {
          this.onCommitted?.(events);
        } catch {
          // As in commitBatch: a listener's failure does not fail what committed.
        }
      }
      p.resolve(value);
    } catch (error) {
      p.reject(error);
    }
  }

  private commitSql(tail: readonly string[], events: readonly unknown[]): string {
    const eventSql = events.length > 0 && this.commitPrefix ? [this.commitPrefix(events)] : [];
    return [...tail, ...eventSql, 'COMMIT'].join(';\n');
  }

  private async commitBatch(batch: Pending[]): Promise<void> {
    const results: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    const connection = this.connection;
    const events = connection.pendingEvents;
    events.length = 0;
    const batchMark = connection.markEvents();
    const maintenance = this.betweenBatches;
    this.betweenBatches = null;
    if (maintenance) await connection.exec(maintenance).catch(() => undefined);
    try {
      await this.begin(connection);
    } catch (error) {
      await connection.exec('ROLLBACK').catch(() => undefined);
      for (const p of batch) p.reject(error);
      return;
    }
    const deferred = connection.deferredSql;
    try {
      let lastTail: string[] = [];
      let lastMark = batchMark;
      for (const [index, p] of batch.entries()) {
        const mark = connection.markEvents();
        const last = index === batch.length - 1;
        deferred.length = 0;
        try {
          const value = await p.unit(connection);
          // What the unit deferred runs in the exec the writer makes anyway, before the savepoint moves on.
          const tail = deferred.splice(0);
          if (!last) await connection.exec([...tail, 'RELEASE unit', 'SAVEPOINT unit'].join(';\n'));
          else {
            lastTail = tail;
            lastMark = mark;
          }
          results.push({ ok: true, value });
        } catch (error) {
          deferred.length = 0;
          await connection.exec(last ? 'ROLLBACK TO unit' : 'ROLLBACK TO unit; RELEASE unit; SAVEPOINT unit');
          connection.dropEventsSince(mark);
          results.push({ ok: false, error });
        }
      }
      // COMMIT releases the last unit's savepoint too (after ROLLBACK TO it is simply empty). The last unit's
      // deferred statements and the batch's event rows go in the same exec: one round trip.
      try {
        await connection.exec(this.commitSql(lastTail, events));
      } catch (error) {
        // Unless COMMIT itself failed, the transaction is still open: the last unit's deferred statements (or
        // the event insert) failed. Fail that unit alone and commit the others.
        if (lastTail.length === 0) throw error;
        await connection.exec('ROLLBACK TO unit');
        connection.dropEventsSince(lastMark);
        results[results.length - 1] = { ok: false, error };
        await connection.exec(this.commitSql([], events));
      }
    } catch (error) {
      deferred.length = 0;
      connection.dropEventsSince(batchMark);
      await connection.exec('ROLLBACK').catch(() => undefined);
      for (const p of batch) p.reject(error);
      return;
    }
    if (events.length > 0) {
      const committed = events.splice(0);
      try {
        this.onCommitted?.(committed);
      } catch {
        // A listener's failure must not fail the writes that already committed.
      }
    }
    batch.forEach((p, i) => {
      const result = results[i];
      if (result?.ok) p.resolve(result.value);
      else p.reject(result?.error);
    });
  }
}
