import type pg from 'pg';
import type { Migration } from '../migration';
import { JSON_PATCH_FUNCTION, NEXT_ID_FUNCTION, translateDdl } from './ddl';

/** Advisory lock keys (one 64-bit space per database): migrations, and the writer's transaction lock. */
export const MIGRATE_LOCK = 0x5b0a_0001;
export const WRITER_LOCK = 0x5b0a_0002;

const LEDGER = `CREATE TABLE IF NOT EXISTS schema_migration (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`;

/**
 * PostgreSQL's side of migrate.ts: the same ledger table and rules (each migration once, in version order,
 * each in its own transaction; a database newer than this hub is refused), under a session advisory lock so
 * hubs that start together migrate once: the others wait, then find everything applied.
 */
export async function migratePostgres(client: pg.ClientBase, migrations: readonly Migration[]): Promise<number> {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  for (let i = 1; i < ordered.length; i += 1) {
    if (ordered[i]?.version === ordered[i - 1]?.version) throw new Error(`two migrations are numbered ${ordered[i]?.version}`);
  }
  const latest = ordered.at(-1)?.version ?? 0;
  await client.query(`SELECT pg_advisory_lock(${MIGRATE_LOCK})`);
  try {
    await client.query(`${LEDGER};\n${NEXT_ID_FUNCTION};\n${JSON_PATCH_FUNCTION}`);
    const rows = (await client.query<{ version: string }>('SELECT version FROM schema_migration')).rows;
    const applied = new Set(rows.map((r) => Number(r.version)));
    let current = Math.max(0, ...applied);
    if (current > latest) throw new Error(`database schema version ${current} is newer than this hub (${latest}); upgrade the hub`);
    for (const m of ordered) {
      if (applied.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.postgres ?? translateDdl(m.sql));
        await client.query('INSERT INTO schema_migration (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);
        await client.query('COMMIT');
        current = Math.max(current, m.version);
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.version} (${m.name}) failed on PostgreSQL: ${(error as Error).message}`, { cause: error });
      }
    }
    return current;
  } finally {
    await client.query(`SELECT pg_advisory_unlock(${MIGRATE_LOCK})`);
  }
}
