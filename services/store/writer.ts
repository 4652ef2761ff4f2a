import type { Connection } from './connection';

export type WriteUnit<T> = (tx: Connection) => Promise<T>;

type Pending = {
  unit: WriteUnit<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

/**
 * The one writer. Units queued while a transaction is in flight are committed together in the next one
 * (group commit): each unit runs inside its own SAVEPOINT, so a failing unit is rolled back alone and the
 * others still commit. A unit's promise resolves only after COMMIT returned, which is what lets callers
 * acknowledge inbound messages safely.
 */
export class Writer {
  private queue: Pending[] = [];
  private running: Promise<void> | null = null;
  private closed = false;
  /** Upper bound on units per transaction so one burst cannot hold the write lock for long. */
  private readonly maxBatch: number;

  constructor(
    private readonly connection: Connection,
    options: Readonly<{ maxBatch?: number; onCommitted?: (events: readonly unknown[]) => void }> = {},
  ) {
    this.maxBatch = options.maxBatch ?? 500;
    this.onCommitted = options.onCommitted;
  }

  private readonly onCommitted: ((events: readonly unknown[]) => void) | undefined;

  write<T>(unit: WriteUnit<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ unit, resolve: resolve as (value: unknown) => void, reject });
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
        const batch = this.queue.splice(0, this.maxBatch);
        await this.commitBatch(batch);
      }
    } finally {
      this.running = null;
    }
  }

  private async commitBatch(batch: Pending[]): Promise<void> {
    const results: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await this.connection.exec('BEGIN IMMEDIATE');
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    const events = this.connection.pendingEvents;
    events.length = 0;
    for (const p of batch) {
      const mark = events.length;
      await this.connection.exec('SAVEPOINT unit');
      try {
        const value = await p.unit(this.connection);
        await this.connection.exec('RELEASE unit');
        results.push({ ok: true, value });
      } catch (error) {
        await this.connection.exec('ROLLBACK TO unit; RELEASE unit');
        events.length = mark;
        results.push({ ok: false, error });
      }
    }
    try {
      await this.connection.exec('COMMIT');
    } catch (error) {
      events.length = 0;
      await this.connection.exec('ROLLBACK').catch(() => undefined);
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
