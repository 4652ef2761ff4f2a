import { pgLib } from './pgLib';
import type { Connection } from '../engine';
import type { Migration } from '../migration';
import { insertEventsSql, LAST_EVENT_SEQ } from '../repos/events';
import { PgConnection, pgTypes, ReconnectingClient } from './pgConnection';
import { migratePostgres, WRITER_LOCK } from './pgMigrate';

export type PostgresOptions = Readonly<{
  url: string;
  migrations: readonly Migration[];
  /** Reader pool size (the writer has its own client). */
  poolMax?: number;
}>;

export type PostgresParts = Readonly<{
  writerConnection: PgConnection;
  reader: PgConnection;
  /** The Writer's engine hooks. */
  begin: (connection: Connection) => Promise<void>;
  commitPrefix: (events: readonly unknown[]) => string;
  close(): Promise<void>;
}>;

/**
 * PostgreSQL behind the Store: one dedicated client for the writer (group commit, a SAVEPOINT per unit, as
 * on SQLite) and a pool for reads. Several hubs may share the database, so every write transaction starts by
 * taking one transaction-level advisory lock (`WRITER_LOCK`): writes from all hubs commit one batch at a
 * time, as SQLite's single writer does. That keeps every rule the repos rely on true across hubs: the event
 * log's seq is numbered from MAX(seq) read under the lock, so seq order is commit order (the webhook,
 * acknowledgement and VoC watermarks read the log by seq); batch ingest numbers rows from MAX(id); and a
 * read-then-write inside a unit sees no other hub's write in between. Throughput stays that of group commit:
 * one lock round trip per batch, not per message.
 */
export async function openPostgres(options: PostgresOptions): Promise<PostgresParts> {
  const writerClient = new ReconnectingClient({ connectionString: options.url, types: pgTypes, application_name: 'switchboard-writer' });
  try {
    await migratePostgres(await writerClient.current(), options.migrations);
  } catch (error) {
    await writerClient.end();
    throw error;
  }
  const idTables = new Set(
    (
      await writerClient.query(
        `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id'`,
      )
    ).rows.map((r) => (r as { table_name: string }).table_name),
  );
  const pool = new (pgLib().Pool)({
    connectionString: options.url,
    types: pgTypes,
    max: options.poolMax ?? 10,
    application_name: 'switchboard-reader',
  });
  // A reader whose server connection drops is replaced by the pool; the error must not crash the hub.
  pool.on('error', () => undefined);
  const writerConnection = new PgConnection(writerClient, idTables, () => writerClient.end());
  const reader = new PgConnection(pool, idTables, () => pool.end());
  return {
    writerConnection,
    reader,
    begin: async (connection) => {
      // One round trip, not two: every round trip of the writer's transaction is time the lock is held (all
      // hubs' writes wait for it) and a turn of this hub's event loop, busy with requests, before the batch
      // goes on. MAX(seq) is still read after the lock: in READ COMMITTED each statement of a simple query
      // takes a new snapshot, so it sees every event another hub committed before the lock came free.
      const [last] = await writerConnection.execRows<{ seq: number | null }>(
        `BEGIN; SELECT pg_advisory_xact_lock(${WRITER_LOCK}); SAVEPOINT unit; ${LAST_EVENT_SEQ}`,
      );
      connection.eventSeq = last?.seq ?? 0;
    },
    commitPrefix: (events) => insertEventsSql(events as Parameters<typeof insertEventsSql>[0]),
    async close() {
      await reader.close();
      await writerConnection.close();
    },
  };
}
