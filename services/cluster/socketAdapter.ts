import { createRequire } from 'node:module';
import type { createAdapter as CreateAdapter } from '@socket.io/postgres-adapter';
import type { Server } from 'socket.io';
import { pgLib } from '../store/postgres/pgLib';

// Required on first use, like pg (store/postgres/pgLib.ts): only team mode loads the adapter.
const require = createRequire(import.meta.url);
const postgresAdapter = (): typeof CreateAdapter =>
  (require('@socket.io/postgres-adapter') as { createAdapter: typeof CreateAdapter }).createAdapter;

export const ATTACHMENTS_TABLE = 'socket_io_attachments';
/** The transaction lock that serialises the cluster's own CREATE TABLEs across hubs starting together. */
export const SCHEMA_LOCK = 7251117;

/**
 * Team mode: socket.io's PostgreSQL adapter, so a push to a room (an agent, the supervisors, a visitor)
 * reaches its sockets whatever hub they are connected to, and hubs can call each other
 * (`serverSideEmit`). Packets go over LISTEN/NOTIFY; those over 8000 bytes go through a table the adapter
 * reads by id, created here if missing. The adapter gets a pool of its own: a burst of pushes must not wait
 * behind the store's queries, nor the store behind pushes.
 */
export async function attachClusterAdapter(io: Server, url: string, onError: (err: Error) => void): Promise<() => Promise<void>> {
  const pool = new (pgLib().Pool)({ connectionString: url, max: 4, application_name: 'switchboard socket adapter' });
  pool.on('error', onError);
  // Hubs starting together would race on CREATE TABLE IF NOT EXISTS (a unique violation in the catalogue).
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${ATTACHMENTS_TABLE} (
        id BIGSERIAL UNIQUE,
        created_at TIMESTAMPTZ DEFAULT NOW(),
        payload BYTEA
      )`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  io.adapter(
    postgresAdapter()(pool, { tableName: ATTACHMENTS_TABLE, errorHandler: onError, heartbeatInterval: 2000, heartbeatTimeout: 6000 }),
  );
  return async () => {
    await pool.end().catch(onError);
  };
}
