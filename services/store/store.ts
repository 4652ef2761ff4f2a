import { Checkpointer, type CheckpointOptions, type CheckpointStats } from './checkpointer';
import { Connection } from './connection';
import type { Connection as EngineConnection, Engine } from './engine';
import { migrate } from './migrate';
import type { Migration } from './migration';
import type { SqlQuery } from './sql';
import { Writer, type OutsideUnit, type WriteUnit } from './writer';
import { insertEventsSql, lastEventSeq, type EventRow } from './repos/events';
import { openPostgres } from './postgres/pgStore';

export type StoreOptions = Readonly<
  {
    /** The schema: the core's migrations plus those of the modules this hub runs (see services/server/migrations.ts). */
    migrations: readonly Migration[];
    maxBatch?: number;
  } & ({ engine?: 'sqlite'; file: string; checkpoint?: CheckpointOptions } | { engine: 'postgres'; url: string; poolMax?: number })
>;

const NO_CHECKPOINTS: Readonly<CheckpointStats> = Object.freeze({ passes: 0, restarts: 0, failures: 0, lastWalPages: 0 });

/**
 * The hub's database behind one contract, on either engine: one writer connection (group-committed
 * transactions) and readers that see the last committed state while the writer works.
 * SQLite (the default): the hub's file in WAL mode, one reader connection, one connection that only
 * checkpoints the WAL (see Checkpointer). PostgreSQL (team mode): see postgres/pgStore.ts.
 */
export class Store {
  private constructor(
    readonly engine: Engine,
    private readonly reader: EngineConnection,
    private readonly writer: Writer,
    private readonly shutdown: () => Promise<void>,
    private readonly checkpointer: Checkpointer | null,
  ) {}

  static async open(options: StoreOptions): Promise<Store> {
    const listeners = new Set<(events: readonly EventRow[]) => void>();
    const onCommitted = (events: readonly unknown[]): void => {
      for (const listener of listeners) listener(events as EventRow[]);
    };
    if (options.engine === 'postgres') {
      const parts = await openPostgres({ url: options.url, migrations: options.migrations, poolMax: options.poolMax });
      const writer = new Writer(parts.writerConnection, {
        maxBatch: options.maxBatch,
        begin: parts.begin,
        commitPrefix: parts.commitPrefix,
        onCommitted,
      });
      const store = new Store('postgres', parts.reader, writer, () => parts.close(), null);
      store.eventListeners = listeners;
      return store;
    }
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
    writerConnection.eventSeq = await lastEventSeq(writerConnection);
    const writer = new Writer(writerConnection, {
      maxBatch: options.maxBatch,
      commitPrefix: (events) => insertEventsSql(events as EventRow[]),
      onCommitted,
    });
    const checkpointConnection = await Connection.open(options.file, 'readwrite');
    const checkpointer = new Checkpointer(checkpointConnection, options.checkpoint, () =>
      writer.runBetweenBatches('PRAGMA wal_checkpoint(RESTART)'),
    );
    const shutdown = async (): Promise<void> => {
      await checkpointer.stop();
      await checkpointConnection.close();
      await reader.close();
      // Leave a tidy file: everything in the database, an empty WAL.
      await writerConnection.exec('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
      await writerConnection.exec('PRAGMA optimize').catch(() => undefined);
      await writerConnection.close();
    };
    const store = new Store('sqlite', reader, writer, shutdown, checkpointer);
    store.eventListeners = listeners;
    return store;
  }

  private eventListeners = new Set<(events: readonly EventRow[]) => void>();

  /** Event-log rows, in order, right after the transaction that appended them committed. */
  onEvents(listener: (events: readonly EventRow[]) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /**
   * Team mode: event-log rows another hub committed (read from the log by seq, cluster/eventFeed.ts) go to
   * the same listeners as this hub's own, so every hub's fold is the fold of the one log.
   */
  publishCommitted(events: readonly EventRow[]): void {
    if (events.length === 0) return;
    for (const listener of this.eventListeners) listener(events);
    for (const listener of this.elsewhereListeners) listener(events);
  }

  private elsewhereListeners = new Set<(events: readonly EventRow[]) => void>();

  /**
   * Team mode: only the rows other hubs committed (after onEvents' listeners saw them). What this hub keeps
   * in memory about a conversation (web chat's visitors) follows changes made on the other hubs here.
   */
  onEventsElsewhere(listener: (events: readonly EventRow[]) => void): () => void {
    this.elsewhereListeners.add(listener);
    return () => this.elsewhereListeners.delete(listener);
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

  /** Checkpoint passes so far and the WAL length the last one saw (for benchmarks and health; SQLite only). */
  get checkpointStats(): Readonly<CheckpointStats> {
    return this.checkpointer?.stats ?? NO_CHECKPOINTS;
  }

  async close(): Promise<void> {
    await this.writer.close();
    await this.shutdown();
  }
}

export type { Connection } from './connection';
