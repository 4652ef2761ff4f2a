import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadHubWatch, HubLiveness, liveHubs, RemoteAgents } from '../../services/cluster/hubLiveness';
import { lockKey } from '../../services/cluster/lockKey';
import { postgresUnavailable, startPostgres, type Postgres } from '../support/postgres';
import { until } from '../support/until';

const skip = postgresUnavailable();
if (skip) console.warn(`hub liveness tests skipped: ${skip}`);

let postgres: Postgres;
let url: string;
let db: pg.Pool;

beforeAll(async () => {
  if (skip) return;
  postgres = await startPostgres();
  url = await postgres.createDatabase();
  db = new pg.Pool({ connectionString: url, max: 2 });
}, 60_000);

afterAll(async () => {
  await db?.end();
  await postgres?.destroy();
});

describe('the router counts remote sockets per hub', () => {
  it('counts sockets, forgets a dead hub, and ignores a disconnect already counted out', () => {
    const remote = new RemoteAgents();
    remote.connected('b', 7);
    remote.connected('b', 7);
    remote.connected('b', 8);
    remote.connected('c', 7);
    expect(remote.disconnected('b', 8)).toBe(true);
    expect(remote.drop('b')).toEqual([[7, 2]]);
    expect(remote.disconnected('b', 7)).toBe(false);
    expect(remote.hubs()).toEqual(['c']);
  });
});

describe.skipIf(skip !== null)('hub liveness locks on a real PostgreSQL', () => {
  it('reads which hubs hold their lock, for keys of either sign', async () => {
    const ids = Array.from({ length: 24 }, () => randomUUID());
    // Half the keys are negative bigints: pg_locks splits them into classid/objid, which must map back.
    expect(ids.some((id) => lockKey(`hub:${id}`).startsWith('-'))).toBe(true);
    expect(ids.some((id) => !lockKey(`hub:${id}`).startsWith('-'))).toBe(true);
    const hubs = ids.map((hubId) => new HubLiveness({ url, hubId, retryMs: 100, heartbeatMs: 200, onRestored: () => undefined }));
    await Promise.all(hubs.slice(0, 12).map((h) => h.start()));
    expect([...(await liveHubs(db, ids))].sort()).toEqual(ids.slice(0, 12).sort());
    await Promise.all(hubs.map((h) => h.stop()));
    expect((await liveHubs(db, ids)).size).toBe(0);
  });

  it('a hub whose lock connection is cut is seen dead; it takes its lock again and says so', async () => {
    const hubId = randomUUID();
    let restored = 0;
    const hub = new HubLiveness({ url, hubId, retryMs: 100, heartbeatMs: 200, onRestored: () => void (restored += 1) });
    await hub.start();
    const disconnected: number[] = [];
    let routes = true;
    const watch = new DeadHubWatch({
      url,
      hubId: 'router',
      intervalMs: 100,
      routes: () => routes,
      disconnect: (id) => void disconnected.push(id),
    });
    // Forwarded connection calls: two sockets of agent 5 and one of agent 6 on the hub, one of agent 5 elsewhere.
    for (const agentId of [5, 5, 6]) expect(watch.admit({ kind: 'connected', agentId, hubId })).toBe(true);
    expect(watch.admit({ kind: 'connected', agentId: 5, hubId: 'router' })).toBe(true);
    expect(await watch.check()).toEqual([]);
    // pg_terminate_backend only signals, and the hub takes its lock again as soon as it reconnects: the
    // watch polls for the gap (cut again if the hub was quicker than the poll on a loaded machine).
    let dead: string[] = [];
    for (let attempt = 0; dead.length === 0 && attempt < 5; attempt += 1) {
      await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE $1`, [
        `switchboard lock hub:${hubId}%`,
      ]);
      for (const end = Date.now() + 500; dead.length === 0 && Date.now() < end;) dead = await watch.check();
    }
    expect(dead).toEqual([hubId]);
    expect(disconnected.sort()).toEqual([5, 5, 6]);
    // Its sockets' later disconnects were counted out already: not applied twice.
    expect(watch.admit({ kind: 'disconnected', agentId: 6, hubId })).toBe(false);
    await until(() => restored >= 1, 4000);
    // A watch that does not route reads nothing.
    routes = false;
    expect(await watch.check()).toEqual([]);
    await watch.stop();
    await hub.stop();
  });
});
