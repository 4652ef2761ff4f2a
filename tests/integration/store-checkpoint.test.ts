import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from '../../services/store/sql';
import { Store } from '../../services/store/store';
import { until } from '../support/until';
import { allMigrations } from '../../services/server/migrations';

// WAL checkpoints run on a connection of their own, never inside the writer's COMMIT. The WAL must still stay
// bounded under writes that never pause, and close must leave everything in the database file.
let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'switchboard-checkpoint-'));
  file = path.join(dir, 'hub.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const walBytes = (): number => {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
};

/** Writes `units` rows of ~4 kB each, keeping the writer busy (a new unit queued as soon as one resolves). */
async function writeSteadily(store: Store, units: number): Promise<void> {
  const body = 'x'.repeat(4000);
  await Promise.all(
    Array.from({ length: 8 }, async (_, lane) => {
      for (let i = lane; i < units; i += 8) {
        await store.write((tx) =>
          tx.run(sql`INSERT INTO customer (display_name, attributes, created_at) VALUES (${`c${i}`}, ${JSON.stringify({ body })}, ${i})`),
        );
      }
    }),
  );
}

describe('WAL checkpoints off the write path', () => {
  it("the writer never checkpoints itself: with the checkpointer idle the WAL grows past SQLite's 1000-page default", async () => {
    const store = await Store.open({ migrations: allMigrations, file, checkpoint: { intervalMs: 3_600_000 } });
    await writeSteadily(store, 1500);
    // 1500 rows of 4 kB are well over 1000 pages; an automatic checkpoint would have wrapped the WAL around.
    expect(walBytes()).toBeGreaterThan(1000 * 4096);
    await store.close();
    expect(walBytes()).toBe(0);
    const reopened = await Store.open({ migrations: allMigrations, file });
    expect((await reopened.get<{ n: number }>(sql`SELECT count(*) AS n FROM customer`))?.n).toBe(1500);
    await reopened.close();
  });

  it('passive passes keep up, restarts wrap the WAL around under non-stop writes, and nothing is lost', async () => {
    const store = await Store.open({ migrations: allMigrations, file, checkpoint: { intervalMs: 10, restartAtPages: 300 } });
    await writeSteadily(store, 3000);
    await until(() => store.checkpointStats.restarts > 0);
    expect(store.checkpointStats.failures).toBe(0);
    // After a restart the next commit writes from the start of the WAL again instead of growing the file:
    // a pass then sees only the few pages written since. The restart runs between two batches and is best
    // effort (it returns busy while a passive pass holds the WAL, as under a loaded CI machine; the next pass
    // asks again), so small writes go on until one lands in a wrapped WAL.
    let after = 0;
    await until(async () => {
      await store.write((tx) => tx.run(sql`INSERT INTO customer (display_name, created_at) VALUES ('after', 0)`));
      after += 1;
      return store.checkpointStats.lastWalPages > 0 && store.checkpointStats.lastWalPages < 300;
    });
    expect((await store.get<{ n: number }>(sql`SELECT count(*) AS n FROM customer`))?.n).toBe(3000 + after);
    await store.close();
    expect(walBytes()).toBe(0);
  });
});
