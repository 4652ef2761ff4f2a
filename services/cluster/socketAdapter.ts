import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import type { Server } from 'socket.io';

export const ATTACHMENTS_TABLE = 'socket_io_attachments';

/**
 * Team mode: socket.io's PostgreSQL adapter, so a push to a room (an agent, the supervisors, a visitor)
 * reaches its sockets whatever hub they are connected to, and hubs can call each other
 * (`serverSideEmit`). Packets go over LISTEN/NOTIFY; those over 8000 bytes go through a table the adapter
 * reads by id, created here if missing. The adapter gets a pool of its own: a burst of pushes must not wait
 * behind the store's queries, nor the store behind pushes.
 */
export async function attachClusterAdapter(io: Server, url: string, onError: (err: Error) => void): Promise<() => Promise<void>> {
  const pool = new pg.Pool({ connectionString: url, max: 4, application_name: 'switchboard socket adapter' });
  pool.on('error', onError);
  await pool.query(`
    CREATE TABLE IF NOT EXISTS ${ATTACHMENTS_TABLE} (
      id BIGSERIAL UNIQUE,
      created_at TIMESTAMPTZ DEFAULT NOW(),
      payload BYTEA
    )`);
  io.adapter(createAdapter(pool, { tableName: ATTACHMENTS_TABLE, errorHandler: onError, heartbeatInterval: 2000, heartbeatTimeout: 6000 }));
  return async () => {
    await pool.end().catch(onError);
  };
}
