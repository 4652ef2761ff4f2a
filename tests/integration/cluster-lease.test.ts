import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdvisoryLease } from '../../services/cluster/lease';
import { clusterSingletons } from '../../services/cluster/singletons';
import { spawnLeaseProcess } from '../support/leaseProcess';
import { startPostgres, type Postgres } from '../support/postgres';
import { until } from '../support/until';

let postgres: Postgres;
let url: string;

beforeAll(async () => {
  postgres = await startPostgres();
  url = await postgres.createDatabase();
});
afterAll(async () => {
  await postgres?.destroy();
});

describe('advisory-lock leases on a real PostgreSQL', () => {
  it('one holder among three; the lock passes on when the holder stops', async () => {
    const log: string[] = [];
    const leases = ['a', 'b', 'c'].map(
      (name) =>
        new AdvisoryLease({
          url,
          name: 'router:0',
          retryMs: 100,
          heartbeatMs: 200,
          onAcquired: () => void log.push(`${name}+`),
          onLost: () => void log.push(`${name}-`),
        }),
    );
    for (const lease of leases) lease.start();
    await until(() => leases.some((l) => l.isHeld));
    await new Promise((r) => setTimeout(r, 400));
    expect(leases.filter((l) => l.isHeld)).toHaveLength(1);
    const first = leases.find((l) => l.isHeld)!;
    await first.stop();
    await until(() => leases.some((l) => l !== first && l.isHeld), 2000);
    expect(leases.filter((l) => l.isHeld)).toHaveLength(1);
    expect(log.filter((e) => e.endsWith('+'))).toHaveLength(2);
    await Promise.all(leases.map((l) => l.stop()));
  });

  it('a holder whose connection is killed loses the lock and another hub takes it', async () => {
    const events: string[] = [];
    const mk = (name: string): AdvisoryLease =>
      new AdvisoryLease({
        url,
        name: 'mailbox:support',
        retryMs: 100,
        heartbeatMs: 200,
        onAcquired: () => void events.push(`${name}+`),
        onLost: (reason) => void events.push(`${name}- ${reason}`),
      });
    const a = mk('a');
    a.start();
    await until(() => a.isHeld);
    const b = mk('b');
    b.start();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'switchboard lock mailbox:support pid %' AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)`,
    );
    await until(() => b.isHeld || (a.isHeld && events.length > 2), 3000);
    await until(() => events.some((e) => e.startsWith('a-')), 3000);
    // Exactly one holder afterwards, whichever got it first.
    await new Promise((r) => setTimeout(r, 300));
    expect([a, b].filter((l) => l.isHeld)).toHaveLength(1);
    await admin.end();
    await Promise.all([a.stop(), b.stop()]);
  });

  it('kill -9 of the holding process: another process takes the lock in well under 5 s', async () => {
    const procs = ['hub1', 'hub2', 'hub3'].map((name) => spawnLeaseProcess(url, 'router:kill', name, 300));
    const first = await Promise.race(
      procs.map(async (p) => {
        await p.acquired;
        return p;
      }),
    );
    const others = procs.filter((p) => p !== first);
    await new Promise((r) => setTimeout(r, 500));
    const killedAt = Date.now();
    await first.kill();
    const next = await Promise.race(others.map(async (p) => ({ p, at: await p.acquired })));
    const failoverMs = next.at - killedAt;
    console.log(`lease failover after kill -9: ${failoverMs} ms`);
    expect(failoverMs).toBeLessThan(5000);
    await Promise.all(others.map((p) => p.kill()));
  });

  it('singletons: each job runs on exactly one hub and moves when that hub stops', async () => {
    const running = new Map<string, Set<string>>();
    const hub = (name: string) => {
      const singletons = clusterSingletons({ url, retryMs: 100, heartbeatMs: 200 });
      for (const job of ['outbox', 'retention', 'metrics-snapshots', 'webhooks', 'voc']) {
        singletons.run(job, {
          start: () => void (running.get(job) ?? running.set(job, new Set()).get(job)!).add(name),
          stop: () => void running.get(job)?.delete(name),
        });
      }
      return singletons;
    };
    const hubs = [hub('h1'), hub('h2'), hub('h3')];
    await until(() => running.size === 5 && [...running.values()].every((s) => s.size === 1));
    await new Promise((r) => setTimeout(r, 300));
    expect([...running.values()].map((s) => s.size)).toEqual([1, 1, 1, 1, 1]);
    const [victim] = hubs;
    const moved = victim!.running();
    await victim!.stopAll();
    await until(() => [...running.values()].every((s) => s.size === 1 && !s.has('h1')));
    expect(moved.length + hubs[1]!.running().length + hubs[2]!.running().length).toBeGreaterThanOrEqual(5);
    await Promise.all(hubs.slice(1).map((h) => h.stopAll()));
  });
});
