import type { Connection } from './connection';
import type { Migration } from './migration';
import { migration0001 } from './migrations/0001-initial';
import { migration0002 } from './migrations/0002-customers';
import { migration0007 } from './migrations/0007-agent-disabled';
import { migration0010 } from './migrations/0010-queue-hours';
import { migration0023 } from './migrations/0023-queue-language';
import { migration0008 } from './migrations/0008-agent-must-change-password';
import { migration0009 } from './migrations/0009-audit-log';

export type { Migration };

/**
 * The core's schema (conversations, messages, customers and identities, events). Feature modules carry
 * their own numbered migrations; the composition root hands the store the whole list. Numbers are global
 * (one sequence across core and modules): a migration, once released, is never edited or renumbered.
 */
export const coreMigrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0023,
];

const LEDGER = `CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`;

/**
 * Applies every given migration not yet recorded in `schema_migration`, in version order, each in its own
 * transaction. A module that was not part of an earlier run gets its tables when it first runs. The highest
 * applied version is also kept in `user_version`, so a database written by a newer hub is refused.
 */
export async function migrate(connection: Connection, migrations: readonly Migration[], upTo = Number.POSITIVE_INFINITY): Promise<number> {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  for (let i = 1; i < ordered.length; i += 1) {
    if (ordered[i]?.version === ordered[i - 1]?.version) throw new Error(`two migrations are numbered ${ordered[i]?.version}`);
  }
  const row = await connection.get<{ user_version: number }>({ text: 'PRAGMA user_version', values: [] });
  let current = row?.user_version ?? 0;
  const latest = ordered.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`database schema version ${current} is newer than this hub (${latest}); upgrade the hub`);
  }
  const hadLedger =
    (await connection.get<{ n: number }>({ text: `SELECT count(*) AS n FROM sqlite_master WHERE name = 'schema_migration'`, values: [] }))
      ?.n === 1;
  await connection.exec(LEDGER);
  if (!hadLedger && current > 0) {
    // Hubs before the ledger applied every migration up to user_version, in order.
    const rows = Array.from({ length: current }, (_, i) => `(${i + 1}, 'before the migration ledger', 0)`).join(', ');
    await connection.exec(`INSERT OR IGNORE INTO schema_migration (version, name, applied_at) VALUES ${rows}`);
  }
  const applied = new Set(
    (await connection.all<{ version: number }>({ text: 'SELECT version FROM schema_migration', values: [] })).map((r) => r.version),
  );
  for (const m of ordered) {
    if (applied.has(m.version) || m.version > upTo) continue;
    await connection.exec('BEGIN IMMEDIATE');
    try {
      await connection.exec(m.sql);
      await connection.exec(
        `INSERT INTO schema_migration (version, name, applied_at) VALUES (${m.version}, '${m.name.replaceAll("'", "''")}', ${Date.now()})`,
      );
      current = Math.max(current, m.version);
      await connection.exec(`PRAGMA user_version = ${current}`);
      await connection.exec('COMMIT');
    } catch (error) {
      await connection.exec('ROLLBACK');
      throw new Error(`migration ${m.version} (${m.name}) failed: ${(error as Error).message}`, { cause: error });
    }
  }
  return current;
}
