import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { allMigrations } from '../../services/server/migrations';
import { sql } from '../../services/store/sql';
import { Store } from '../../services/store/store';

/** A fresh hub schema in a temp file with one 'support' queue (sms, chat): what ingest tests write into. */
export async function openIngestStore(prefix: string): Promise<{ store: Store; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), `switchboard-${prefix}-`));
  const store = await Store.open({ migrations: allMigrations, file: path.join(dir, 'hub.sqlite') });
  await store.write((tx) =>
    tx.run(sql`INSERT INTO queue (id, name, channels, sla_seconds) VALUES ('support', 'Support', '["sms","chat"]', 60)`),
  );
  return {
    store,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
