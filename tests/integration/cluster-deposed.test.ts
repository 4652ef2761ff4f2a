import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUnavailable, startPostgres, type Postgres } from '../support/postgres';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';
import { until } from '../support/until';

const skip = postgresUnavailable();
if (skip) console.warn(`deposed-router test skipped: ${skip}`);

let postgres: Postgres;
let proxy: TcpProxy;
let db: pg.Pool;
let a: TestHub;
let b: TestHub;

beforeAll(async () => {
  if (skip) return;
  postgres = await startPostgres();
  const url = await postgres.createDatabase();
  proxy = await startTcpProxy(postgres.port);
  db = new pg.Pool({ connectionString: url, max: 2 });
  // Hub a reaches the database through a relay the test can cut on one side; its heartbeat is slow (10 s),
  // so a lock connection that dies silently leaves it believing it routes for up to 20 s.
  a = await startTestHub({
    store: { engine: 'postgres', url: url.replace(`:${postgres.port}/`, `:${proxy.port}/`) },
    cluster: { hubName: 'hub-a', lockRetryMs: 200, heartbeatMs: 10_000 },
  });
  await until(() => a.hub.center.routes, 5000, 'hub a to route');
  await seed(a, [{ username: 'ann' }]);
  b = await startTestHub({ store: { engine: 'postgres', url }, cluster: { hubName: 'hub-b', lockRetryMs: 200 } });
  await new Promise((r) => setTimeout(r, 1000));
}, 120_000);

afterAll(async () => {
  await b?.stop();
  await a?.stop().catch(() => undefined);
  await proxy?.close();
  await db?.end();
  await postgres?.destroy();
}, 60_000);

describe.skipIf(skip !== null)('team mode: a deposed router cannot get an offer to an agent', () => {
  it('the router lock connection is killed while its hub lives: its offer is refused by the fence, the new router offers once', async () => {
    expect(a.hub.center.routes).toBe(true);
    expect(b.hub.center.routes).toBe(false);
    const ann = await a.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });

    // The lock's backend dies, but hub a never hears of it (the relay hides the close): a half-open network.
    const { rows } = await db.query<{ pid: number; client_port: number }>(
      `SELECT l.pid, s.client_port FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND s.application_name LIKE 'switchboard lock router:0%'`,
    );
    expect(rows).toHaveLength(1);
    proxy.freeze(rows[0]!.client_port);
    await db.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    await until(() => b.hub.center.routes, 5000, 'hub b to take the partition over');
    // The window this test is about: the old router still believes it routes.
    expect(a.hub.center.routes).toBe(true);

    // Both routers learn of the contact (b from its own ingest, a from the event feed); ann is known
    // connected only to a, so a is the one that tries to offer it to her.
    const { conversation } = await b.hub.center.ingest(chatEvent());
    const offer = await ann.waitFor('offer/new', (o) => o.conversationId === conversation.id, 10_000);
    // a's claim was refused: it stopped routing at once (not at its heartbeat) and sent ann to b.
    expect(a.hub.center.routes).toBe(false);
    await new Promise((r) => setTimeout(r, 800));
    expect(ann.received('offer/new').filter((o) => o.conversationId === conversation.id)).toHaveLength(1);
    const epochs = await db.query<{ holder: string; epoch: string; offer_epoch: string }>(
      `SELECT p.holder, p.epoch, o.epoch AS offer_epoch FROM cluster_offer o JOIN cluster_partition p ON p.partition = o.partition
        WHERE o.conversation_id = $1`,
      [conversation.id],
    );
    // The one open offer is the new router's, under its epoch.
    expect(epochs.rows).toHaveLength(1);
    expect(epochs.rows[0]!.holder).toBe('hub-b');
    expect(epochs.rows[0]!.offer_epoch).toBe(epochs.rows[0]!.epoch);
    const offered = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM event WHERE type = 'conversation/offered' AND conversation_id = $1`,
      [conversation.id],
    );
    expect(Number(offered.rows[0]!.n)).toBe(1);

    // Accepting it through hub a (no longer the router) reaches b, which releases the fence row.
    const accepted = await ann.ok('offer/accept', { offerId: offer.offerId });
    expect(accepted).toMatchObject({ id: conversation.id, state: 'active' });
    await b.hub.center.fenceSettled();
    const left = await db.query('SELECT 1 FROM cluster_offer WHERE conversation_id = $1', [conversation.id]);
    expect(left.rows).toEqual([]);
    ann.close();
  }, 60_000);

  it('cluster.partitions > 1: a hub contends for each partition on its own lock and routes the free one only', async () => {
    const c = await startTestHub({
      store: { engine: 'postgres', url: await dbUrl() },
      cluster: { hubName: 'hub-c', lockRetryMs: 200, partitions: [['support'], ['sales']] },
    });
    try {
      const deadline = Date.now() + 10_000;
      while (!c.hub.center.routesPartition(1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const locks = await db.query<{ name: string }>(
        `SELECT application_name AS name FROM pg_stat_activity WHERE application_name LIKE 'switchboard lock router:%pid ${process.pid}%'`,
      );
      expect(new Set(locks.rows.map((r) => r.name.split(' ')[2]))).toEqual(new Set(['router:0', 'router:1']));
      // router:0 is another hub's: this one routes partition 1 only, and rebuilt nothing of partition 0.
      expect(c.hub.center.routedPartitions()).toEqual([1]);
      expect((await fetch(`${c.hub.url}/api/cluster/router?partition=1`)).status).toBe(200);
      expect((await fetch(`${c.hub.url}/api/cluster/router?partition=0`)).status).toBe(503);
    } finally {
      await c.stop();
    }
  }, 60_000);
});

async function dbUrl(): Promise<string> {
  const { rows } = await db.query<{ db: string }>('SELECT current_database() AS db');
  return `postgres://postgres@127.0.0.1:${postgres.port}/${rows[0]!.db}`;
}
