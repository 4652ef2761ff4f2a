import { afterAll } from 'vitest';
import type { StoreConfig } from '../../services/hub/storeConfig';
import { startPostgres, type Postgres } from './postgres';

let server: Promise<Postgres> | null = null;
const ON = process.env.SWITCHBOARD_TEST_STORE === 'postgres';

// Registered while the test file is collected (this module is imported at its top): a hook registered from
// inside a running test would never run, and the server would outlive the file.
if (ON) {
  afterAll(async () => {
    const running = server;
    server = null;
    await (await running)?.destroy();
  });
}

/**
 * `SWITCHBOARD_TEST_STORE=postgres npx vitest run <hub tests>` runs hub tests on PostgreSQL: one server per
 * test file (started on first use, destroyed after the file), a fresh database per hub. Unset: SQLite, as
 * always (undefined: the hub's default).
 */
export async function testStoreConfig(): Promise<StoreConfig | undefined> {
  if (!ON) return undefined;
  server ??= startPostgres();
  return { engine: 'postgres', url: await (await server).createDatabase() };
}
