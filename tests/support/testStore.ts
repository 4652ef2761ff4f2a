import { afterAll } from 'vitest';
import type { StoreConfig } from '../../services/hub/storeConfig';
import { startPostgres, type Postgres } from './postgres';

let server: Promise<Postgres> | null = null;

/**
 * `SWITCHBOARD_TEST_STORE=postgres npx vitest run <hub tests>` runs hub tests on PostgreSQL: one server per
 * test file (started on first use, destroyed after the file), a fresh database per hub. Unset: SQLite, as
 * always (undefined: the hub's default).
 */
export async function testStoreConfig(): Promise<StoreConfig | undefined> {
  if (process.env.SWITCHBOARD_TEST_STORE !== 'postgres') return undefined;
  if (!server) {
    server = startPostgres();
    afterAll(async () => {
      await (await server)?.destroy();
      server = null;
    });
  }
  return { engine: 'postgres', url: await (await server).createDatabase() };
}
