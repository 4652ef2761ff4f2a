import type pg from 'pg';
import { spawnMiniRouter } from './miniRouter';

export type FailoverFigures = Readonly<{
  contacts: number;
  failoverMs: number;
  resumeMs: number;
  lost: number;
  acceptedTwice: number;
  overlapping: number;
}>;

/** Three router processes, a stream of contacts, kill -9 of the router mid-stream; what the database saw. */
export async function failoverRun(db: pg.Pool, dbUrl: string, contacts: number, perSecond: number): Promise<FailoverFigures> {
  const routers = ['hub1', 'hub2', 'hub3'].map((hub) => ({ hub, proc: spawnMiniRouter(dbUrl, hub) }));
  await Promise.race(routers.map((r) => r.proc.leading));
  let killedAt = 0;
  const interval = 1000 / perSecond;
  for (let id = 1; id <= contacts; id += 1) {
    await db.query('INSERT INTO contact (id, created_at) VALUES ($1, $2)', [id, Date.now()]);
    await db.query('NOTIFY contact_new');
    if (id === Math.floor(contacts / 3)) {
      const { rows } = await db.query<{ hub: string }>('SELECT holder AS hub FROM cluster_partition WHERE partition = 0');
      const leader = routers.find((r) => r.hub === rows[0]!.hub)!;
      killedAt = Date.now();
      await leader.proc.kill();
    }
    await new Promise((r) => setTimeout(r, interval));
  }
  const deadline = Date.now() + 15_000;
  for (;;) {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM contact WHERE state <> 'accepted'`);
    if (Number(rows[0]!.n) === 0 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const [takeover] = (await db.query<{ at: string }>('SELECT at FROM epoch_log WHERE at > $1 ORDER BY at LIMIT 1', [killedAt])).rows;
  const [resumed] = (await db.query<{ at: string }>('SELECT at FROM offer_log WHERE at > $1 ORDER BY at LIMIT 1', [killedAt])).rows;
  const lost = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM contact WHERE state <> 'accepted'`)).rows[0]!.n);
  const acceptedTwice = Number(
    (
      await db.query<{ n: string }>(
        'SELECT count(*) AS n FROM (SELECT contact_id FROM accept_log GROUP BY contact_id HAVING count(*) > 1) d',
      )
    ).rows[0]!.n,
  );
  // Two offers of one contact overlap when the first had not ended (accepted, or voided by the next epoch's
  // takeover) when the second was made.
  const overlapping = Number(
    (
      await db.query<{ n: string }>(`
        SELECT count(*) AS n FROM offer_log a JOIN offer_log b ON a.contact_id = b.contact_id AND a.id < b.id
        WHERE coalesce(a.ended_at, (SELECT min(e.at) FROM epoch_log e WHERE e.epoch > a.epoch), 9e18) > b.at`)
    ).rows[0]!.n,
  );
  for (const r of routers) await r.proc.kill();
  return {
    contacts,
    failoverMs: takeover ? Number(takeover.at) - killedAt : Number.NaN,
    resumeMs: resumed ? Number(resumed.at) - killedAt : Number.NaN,
    lost,
    acceptedTwice,
    overlapping,
  };
}
