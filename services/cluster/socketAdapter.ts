import { createRequire } from 'node:module';
import type { createAdapter as CreateAdapter } from '@socket.io/postgres-adapter';
import type { Namespace, Server } from 'socket.io';
import { pgLib } from '../store/postgres/pgLib';
import { batchPublishes, unpackBatches, type BatchableAdapter } from './notifyBatch';

// Required on first use, like pg (store/postgres/pgLib.ts): only team mode loads the adapter.
const require = createRequire(import.meta.url);
const postgresAdapter = (): typeof CreateAdapter =>
  (require('@socket.io/postgres-adapter') as { createAdapter: typeof CreateAdapter }).createAdapter;

export const ATTACHMENTS_TABLE = 'socket_io_attachments';
/** The adapter's NOTIFY channels are `${CHANNEL_PREFIX}#${namespace}` (its default prefix, spelt out for notifyBatch). */
const CHANNEL_PREFIX = 'socket.io';
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
  const adapterFor = postgresAdapter()(pool, {
    channelPrefix: CHANNEL_PREFIX,
    tableName: ATTACHMENTS_TABLE,
    errorHandler: onError,
    heartbeatInterval: 2000,
    heartbeatTimeout: 6000,
  });
  const flushes: Array<() => Promise<void>> = [];
  // Pushes of one event-loop turn go out in as few NOTIFYs as fit, and batches from other hubs are unpacked
  // (notifyBatch.ts). A plain function: socket.io calls it with `new`, and gets the adapter it returns.
  io.adapter(function batchingAdapter(nsp: Namespace) {
    const adapter = adapterFor(nsp) as unknown as BatchableAdapter;
    const channel = `${CHANNEL_PREFIX}#${nsp.name}`;
    flushes.push(
      batchPublishes(adapter, {
        notify: async (payload) => void (await pool.query('SELECT pg_notify($1, $2)', [channel, payload])),
        onError,
      }),
    );
    unpackBatches(adapter);
    return adapter;
  } as unknown as Parameters<Server['adapter']>[0]);
  return async () => {
    // What was pushed last (the adapter's goodbye to the other hubs among it) leaves before the pool closes.
    await Promise.all(flushes.map((flush) => flush())).catch(onError);
    await pool.end().catch(onError);
  };
}
