import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../services/hub/configErrors';
import { startHub } from '../../../services/server/startHub';
import { startPostgres, type Postgres } from '../../support/postgres';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
let server: Postgres;
const dirs: string[] = [];

beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await server?.destroy();
});

/** `npm run hub -- --config FILE --port 0 --data DIR`; resolves with what it printed once it runs, then stops it. */
async function runCli(config: Record<string, unknown>): Promise<{ lines: string[]; code: number | null }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-team-'));
  dirs.push(dir);
  const file = path.join(dir, 'team.json');
  writeFileSync(file, JSON.stringify(config));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SWITCHBOARD_')));
  const child = spawn(
    process.execPath,
    ['node_modules/tsx/dist/cli.mjs', 'services/server/cli.ts', '--config', file, '--port', '0', '--data', dir],
    {
      cwd: repo,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const read = (stream: NodeJS.ReadableStream) =>
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (line.startsWith('First sign-in')) child.kill('SIGTERM');
    });
  read(child.stdout);
  read(child.stderr);
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { lines, code };
}

describe('team mode from the command line', () => {
  it('starts a hub on PostgreSQL from a config file; the schema and the first admin are in PostgreSQL', async () => {
    const url = await server.createDatabase();
    const { lines } = await runCli({ store: { engine: 'postgres', url, pool: { max: 4 } } });
    expect(lines.some((l) => l.startsWith('Switchboard is running at'))).toBe(true);
    expect(lines.some((l) => l.startsWith('First sign-in'))).toBe(true);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect((await client.query('SELECT username FROM agent')).rows).toEqual([{ username: 'admin' }]);
      expect(Number((await client.query('SELECT count(*) AS n FROM schema_migration')).rows[0].n)).toBeGreaterThanOrEqual(19);
      expect((await client.query(`SELECT id FROM queue`)).rows).toEqual([{ id: 'support' }]);
    } finally {
      await client.end();
    }
  }, 90_000);

  it('refuses a store section it cannot use, naming the key', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-team-'));
    dirs.push(dir);
    const dbFile = path.join(dir, 'hub.sqlite');
    const refused = async (store: unknown) => {
      let error: unknown = null;
      try {
        const hub = await startHub({ dbFile, logLevel: 'silent', store } as Parameters<typeof startHub>[0]);
        await hub.stop();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).keyPath;
    };
    expect(await refused({ engine: 'postgres' })).toBe('store.url');
    expect(await refused({ engine: 'postgres', url: 'mysql://x' })).toBe('store.url');
    expect(await refused({ engine: 'postgres', url: 'postgres://x', pool: { maxx: 3 } })).toBe('store.pool.maxx');
    expect(await refused({ engine: 'oracle' })).toBe('store.engine');
    expect(await refused({ engine: 'sqlite', url: 'postgres://x' })).toBe('store.url');
  });

  it("does not start, with PostgreSQL's reason, when the database is not there", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-team-'));
    dirs.push(dir);
    const url = server.url.replace(/\/postgres$/, '/no_such_database');
    await expect(startHub({ dbFile: path.join(dir, 'x.sqlite'), logLevel: 'silent', store: { engine: 'postgres', url } })).rejects.toThrow(
      /no_such_database/,
    );
  });
});
