import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { allMigrations } from '../../../services/server/migrations';
import type { Engine } from '../../../services/store/engine';
import type { Migration } from '../../../services/store/migration';
import { Store } from '../../../services/store/store';
import { startPostgres, type Postgres } from '../../support/postgres';

export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

/** Where a fresh database lives: a SQLite file in a temp dir, or a new database on the file's PostgreSQL. */
export type Place = Readonly<{ engine: Engine; open(migrations?: readonly Migration[]): Promise<Store> }>;

/**
 * For a test file: one PostgreSQL server (started before, destroyed after the file; a missing server fails
 * the file with the reason) and `place(engine)`, a fresh empty database on either engine. Every store opened
 * through a place is closed after the file.
 */
export function storeEngines(): (engine: Engine) => Promise<Place> {
  let pg: Postgres | undefined;
  const stores: Store[] = [];
  const dirs: string[] = [];
  beforeAll(async () => {
    pg = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    for (const s of stores.splice(0)) await s.close().catch(() => undefined);
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    await pg?.destroy();
  });
  return async (engine) => {
    let open: (migrations: readonly Migration[]) => Promise<Store>;
    if (engine === 'postgres') {
      if (!pg) throw new Error('PostgreSQL did not start');
      const url = await pg.createDatabase();
      open = (migrations) => Store.open({ engine: 'postgres', url, migrations });
    } else {
      const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-contract-'));
      dirs.push(dir);
      const file = path.join(dir, 'hub.sqlite');
      open = (migrations) => Store.open({ file, migrations });
    }
    return {
      engine,
      async open(migrations = allMigrations) {
        const store = await open(migrations);
        stores.push(store);
        return store;
      },
    };
  };
}
