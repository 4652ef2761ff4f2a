import type { Connection } from './connection';
import { migration0001 } from './migrations/0001-initial';
import { migration0004 } from './migrations/0004-twilio';
import { migration0002 } from './migrations/0002-customers';
import { migration0005 } from './migrations/0005-webchat';
import { migration0003 } from './migrations/0003-email';
import { migration0006 } from './migrations/0006-agent-disabled';

export type Migration = Readonly<{ version: number; name: string; sql: string }>;

/** In order. A migration, once released, is never edited: add the next number instead. */
export const migrations: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006];

/** Applies every migration above the file's user_version, each in its own transaction. */
export async function migrate(connection: Connection, upTo = Number.POSITIVE_INFINITY): Promise<number> {
  const row = await connection.get<{ user_version: number }>({ text: 'PRAGMA user_version', values: [] });
  let current = row?.user_version ?? 0;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`database schema version ${current} is newer than this hub (${latest}); upgrade the hub`);
  }
  for (const m of migrations) {
    if (m.version <= current || m.version > upTo) continue;
    await connection.exec('BEGIN IMMEDIATE');
    try {
      await connection.exec(m.sql);
      await connection.exec(`PRAGMA user_version = ${m.version}`);
      await connection.exec('COMMIT');
    } catch (error) {
      await connection.exec('ROLLBACK');
      throw new Error(`migration ${m.version} (${m.name}) failed: ${(error as Error).message}`, { cause: error });
    }
    current = m.version;
  }
  return current;
}
