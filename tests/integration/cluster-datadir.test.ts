import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSharedDataDir, MARKER_FILE, NotSharedDataDir } from '../../services/cluster/sharedDataDir';
import { ConfigError } from '../../services/hub/configErrors';
import { startHub } from '../../services/server/startHub';
import { postgresUnavailable, startPostgres, type Postgres } from '../support/postgres';
import { startTestHub } from '../support/testHub';

const skip = postgresUnavailable();
if (skip) console.warn(`team-mode dataDir tests skipped: ${skip}`);

let postgres: Postgres;
const pools: pg.Pool[] = [];
const dirs: string[] = [];

const tempDir = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-datadir-'));
  dirs.push(dir);
  return dir;
};
const poolFor = (url: string): pg.Pool => {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pools.push(pool);
  return pool;
};

beforeAll(async () => {
  if (skip) return;
  postgres = await startPostgres();
}, 60_000);

afterAll(async () => {
  for (const pool of pools) await pool.end();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await postgres?.destroy();
});

describe.skipIf(skip !== null)("team mode: every hub's dataDir is the shared one", () => {
  it('two hubs starting together on an empty database agree on one marker; the shared directory passes', async () => {
    const url = await postgres.createDatabase();
    const shared = tempDir();
    const results = await Promise.all([
      checkSharedDataDir(poolFor(url), { dataDir: shared, hubName: 'hub-a' }),
      checkSharedDataDir(poolFor(url), { dataDir: shared, hubName: 'hub-b' }),
    ]);
    expect(results.filter((r) => r.recorded)).toHaveLength(1);
    expect(results[0].marker).toBe(results[1].marker);
    const file = JSON.parse(readFileSync(path.join(shared, MARKER_FILE), 'utf8')) as { id: string };
    expect(file.id).toBe(results[0].marker);
    // A third hub later, same directory: passes, nothing recorded.
    expect(await checkSharedDataDir(poolFor(url), { dataDir: shared, hubName: 'hub-c' })).toEqual({ marker: file.id, recorded: false });
  });

  it('a directory without the marker, or with another center’s, is refused with what to do', async () => {
    const url = await postgres.createDatabase();
    const db = poolFor(url);
    const shared = tempDir();
    await checkSharedDataDir(db, { dataDir: shared, hubName: 'hub-a' });
    const local = tempDir();
    const refused = checkSharedDataDir(db, { dataDir: local, hubName: 'hub-b' });
    await expect(refused).rejects.toBeInstanceOf(NotSharedDataDir);
    await expect(refused).rejects.toThrow(
      new RegExp(`${local}.*no ${MARKER_FILE.replace('.', '\\.')}.*first hub \\(hub-a\\).*shared storage`),
    );
    expect(existsSync(path.join(local, MARKER_FILE))).toBe(false);
    const foreign = tempDir();
    writeFileSync(path.join(foreign, MARKER_FILE), JSON.stringify({ id: 'another-center-0001' }));
    await expect(checkSharedDataDir(db, { dataDir: foreign, hubName: 'hub-c' })).rejects.toThrow(/belongs to another center/);
  });

  it('a new database for a directory that has a marker adopts it', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, MARKER_FILE), JSON.stringify({ id: 'kept-from-before-0001' }));
    const result = await checkSharedDataDir(poolFor(await postgres.createDatabase()), { dataDir: dir, hubName: 'hub-a' });
    expect(result).toEqual({ marker: 'kept-from-before-0001', recorded: true });
  });

  it('a hub started with its own dataDir does not start: one config error naming dataDir; the shared one starts', async () => {
    const url = await postgres.createDatabase();
    const shared = tempDir();
    const first = await startTestHub({ store: { engine: 'postgres', url }, dataDir: shared });
    try {
      const own = tempDir();
      let error: unknown = null;
      try {
        const hub = await startHub({
          dbFile: path.join(own, 'x.sqlite'),
          dataDir: own,
          logLevel: 'silent',
          store: { engine: 'postgres', url },
        });
        await hub.stop();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).keyPath).toBe('dataDir');
      expect((error as ConfigError).message).toMatch(/^dataDir: .* is not the directory the other hubs use/);
      console.log(`refused: ${(error as ConfigError).message}`);
      // Another hub on the shared directory starts (a second hub of the team).
      const second = await startTestHub({ store: { engine: 'postgres', url }, dataDir: shared });
      await second.stop();
    } finally {
      await first.stop();
    }
  }, 60_000);
});
