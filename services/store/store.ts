import { Checkpointer, type CheckpointOptions, type CheckpointStats } from './checkpointer';
import { Connection } from './connection';
import { migrate } from './migrate';
import type { Migration } from './migration';
import type { SqlQuery } from './sql';
import { Writer, type OutsideUnit, type WriteUnit } from './writer';
import { insertEventsSql, lastEventSeq, type EventRow } from './repos/events';

export type StoreOptions = Readonly<{
  file: string;
  /** The schema: the core's migrations plus those of the modules this hub runs (see services/server/migrations.ts). */
  migrations: readonly Migration[];
  maxBatch?: number;
  checkpoint?: CheckpointOptions;
}>;

/**
 * The hub's SQLite file: one writer connection (group-committed transactions), one reader connection, and
 * one that only checkpoints the WAL (see Checkpointer). WAL lets the reader see the last committed state
 * while the writer works.
 */
export class Store {
  private constructor(
    private readonly writerConnection: Connection,
    private readonly reader: Connection,
    private readonly writer: Writer,
    private readonly checkpointer: Checkpointer,
    private readonly checkpointConnection: Connection,
  ) {}

  static async open(options: StoreOptions): Promise<Store> {
    const writerConnection = await Connection.open(options.file, 'readwrite');
    // WAL + NORMAL: a commit survives a process crash; an OS crash may lose the last few ms, never corrupts.
    await writerConnection.exec('PRAGMA journal_mode = WAL');
    await writerConnection.exec('PRAGMA synchronous = NORMAL');
    await writerConnection.exec('PRAGMA foreign_keys = ON');
    // Checkpoints run on their own connection, off the write path (see Checkpointer).
    await writerConnection.exec('PRAGMA wal_autocheckpoint = 0');
    // Every unit runs in a savepoint, so SQLite copies each page it first changes into a sub-journal; past
    // 64 KiB that journal spills to a temp file, and those writes were over half of the pool threads' pwrite time
    // under load (perf). In memory it is a few hundred KiB per batch at most.
    await writerConnection.exec('PRAGMA temp_store = MEMORY');
    await migrate(writerConnection, options.migrations);
    const reader = await Connection.open(options.file, 'readonly');
    await reader.exec('PRAGMA foreign_keys = ON');
    const listeners = new Set<(events: readonly EventRow[]) => void>();
    writerConnection.eventSeq = await lastEventSeq(writerConnection);
    const writer = new Writer(writerConnection, {
      maxBatch: options.maxBatch,
      commitPrefix: (events) => insertEventsSql(events as EventRow[]),
      onCommitted: (events) => {
        for (const listener of listeners) listener(events as EventRow[]);
      },
    });
    const checkpointConnection = await Connection.open(options.file, 'readwrite');
    const checkpointer = new Checkpointer(checkpointConnection, options.checkpoint, () =>
      writer.runBetweenBatches('PRAGMA wal_checkpoint(RESTART)'),
    );
    const store = new Store(writerConnection, reader, writer, checkpointer, checkpointConnection);
    store.eventListeners = listeners;
    return store;
  }

  private eventListeners = new Set<(events: readonly EventRow[]) => void>();

  /** Event-log rows, in order, right after the transaction that appended them committed. */
  onEvents(listener: (events: readonly EventRow[]) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Runs `unit` in the next group-committed transaction; resolves after COMMIT. */
  write<T>(unit: WriteUnit<T>): Promise<T> {
    return this.writer.write(unit);
  }

  /** Work committed on another connection, in line with the writes (see OutsideUnit): the ingest worker. */
  writeOutside<T>(unit: OutsideUnit<T>): Promise<T> {
    return this.writer.writeOutside(unit);
  }

  get<T>(query: SqlQuery): Promise<T | undefined> {
    return this.reader.get<T>(query);
  }

  all<T>(query: SqlQuery): Promise<T[]> {
    return this.reader.all<T>(query);
  }

  /** Checkpoint passes so far and the WAL length the last one saw (for benchmarks and health). */
  get checkpointStats(): Readonly<CheckpointStats> {
    return this.checkpointer.stats;
  }

  async close(): Promise<void> {
    await this.writer.close();
    await this.checkpointer.stop();
    await this.checkpointConnection.close();
    await this.reader.close();
    // Leave a tidy file: everything in the database, an empty WAL.
    await this.writerConnection.exec('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
    await this.writerConnection.exec('PRAGMA optimize').catch(() => undefined);
    await this.writerConnection.close();
  }
}

export type { Connection } from './connection';
