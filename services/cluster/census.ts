import type pg from 'pg';

/**
 * How many router locks each hub contending for them holds now: one row per lock connection
 * ("switchboard lock router:<n> pid <pid> #<instance>", see lease.ts) from pg_stat_activity, with whether that session
 * holds its advisory lock (pg_locks). A hub is its connections' client address and pid. Used to spread
 * routing partitions over hubs (leadership.ts, rebalance).
 */
export async function routerCensus(pool: pg.Pool): Promise<number[]> {
  const { rows } = await pool.query<{ name: string; addr: string | null; holds: boolean }>(
    `SELECT a.application_name AS name, a.client_addr::text AS addr,
            EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted) AS holds
       FROM pg_stat_activity a
      WHERE a.application_name LIKE 'switchboard lock router:%'`,
  );
  const hubs = new Map<string, number>();
  for (const r of rows) {
    // "… pid <pid> #<instance>": one hub is one address, process and instance.
    const owner = / pid (\d+(?: #\S+)?)$/.exec(r.name)?.[1];
    if (!owner) continue;
    const hub = `${r.addr ?? 'local'} ${owner}`;
    hubs.set(hub, (hubs.get(hub) ?? 0) + (r.holds ? 1 : 0));
  }
  return [...hubs.values()];
}
