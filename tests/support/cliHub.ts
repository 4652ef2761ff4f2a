import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** The hub as `npm start` runs it (services/server/cli.ts in its own process) on a fresh data directory. */
export type CliHub = Readonly<{
  url: string;
  /** The generated admin password, read from what the CLI printed. */
  adminPassword: string;
  dataDir: string;
  /** Every line the hub printed on stdout so far. */
  stdout: readonly string[];
  stop(): Promise<void>;
}>;

const RUNNING = /^Switchboard is running at (\S+) \(data in .+\)$/;
const FIRST_SIGN_IN = /^First sign-in: user "admin", password (\S+) \(shown once; you will choose a new one\)\.$/;

/**
 * Starts the CLI with `--port 0 --data <temp dir>` and no SWITCHBOARD_* environment, as a first `npm start`
 * on a fresh clone does (it serves dist/renderer, which the caller builds first), and waits for the two
 * lines it prints: the URL and the first admin sign-in.
 */
export async function startCliHub(timeoutMs = 60_000): Promise<CliHub> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'switchboard-cli-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SWITCHBOARD_')));
  const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'services/server/cli.ts', '--port', '0', '--data', dataDir], {
    cwd: repo,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stdout: string[] = [];
  let url = '';
  let adminPassword = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the hub printed no sign-in within ${timeoutMs} ms: ${stdout.join(' | ')}`)),
      timeoutMs,
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      stdout.push(line);
      url ||= RUNNING.exec(line)?.[1] ?? '';
      adminPassword ||= FIRST_SIGN_IN.exec(line)?.[1] ?? '';
      if (url && adminPassword) {
        clearTimeout(timer);
        resolve();
      }
    });
    void (async () => {
      const code = await exited;
      clearTimeout(timer);
      reject(new Error(`the hub exited (code ${code}) before it was ready: ${stdout.join(' | ')}`));
    })();
  });
  return {
    url,
    adminPassword,
    dataDir,
    stdout,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
