import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './dovecot';

export type Postgres = Readonly<{
  host: string;
  port: number;
  dir: string;
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  /** A fresh, empty database on this server; its URL. Each test file (or hub cluster) gets its own. */
  createDatabase(name?: string): Promise<string>;
  log(): string;
  destroy(): Promise<void>;
}>;

/** Debian's server binaries (postgresql-15 on bookworm; any version found is used). */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

/** Why PostgreSQL cannot run here, or null. Tests print the reason instead of silently passing. */
export function postgresUnavailable(): string | null {
  if (!postgresBinDir()) return 'PostgreSQL server not installed (apt-get install postgresql; .ci/run does)';
  return null;
}

const NOBODY = 65534;

/**
 * A real PostgreSQL (Debian's package) as a child of the test: initdb in a temp dir, trust auth on loopback
 * only, a free port, fsync and synchronous_commit off (the tests kill hubs, never the database; a production
 * database keeps both on, docs/scale-out.md). Postgres refuses to run as root, so
 * as root the cluster belongs to nobody and the binaries run through runuser.
 */
export async function startPostgres(
  /** Extra server settings (`-c name=value`), e.g. shared_preload_libraries for a profiling run. */
  settings: Readonly<Record<string, string>> = {},
): Promise<Postgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(postgresUnavailable() ?? 'no postgres');
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-pg-'));
  chmodSync(dir, 0o755);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, NOBODY, NOBODY);
  const run = (tool: string, args: readonly string[]): void => {
    const file = path.join(bin, tool);
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'nobody', '--', file, ...args]] : [file, [...args]];
    execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  };
  const data = path.join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=300',
    ...Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`),
  ].join(' ');
  run('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', '-t', '30', 'start']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let counter = 0;
  const pg: Postgres = {
    host: '127.0.0.1',
    port,
    dir,
    url,
    async createDatabase(name) {
      counter += 1;
      const db = name ?? `t${process.pid}_${counter}_${Math.random().toString(36).slice(2, 8)}`;
      const { Client } = await import('pg');
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${db.replaceAll('"', '')}"`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${db}`;
    },
    log() {
      try {
        return readFileSync(path.join(dir, 'log'), 'utf8');
      } catch {
        return '';
      }
    },
    async destroy() {
      const file = path.join(bin, 'pg_ctl');
      const args = ['-D', data, '-m', 'immediate', '-w', 'stop'];
      spawnSync(asRoot ? 'runuser' : file, asRoot ? ['-u', 'nobody', '--', file, ...args] : args, { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
  return pg;
}
