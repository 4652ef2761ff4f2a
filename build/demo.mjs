// `npm run demo`: builds the desktop UI and the chat widget, starts a hub on a fresh demo database with
// simulated customers, traffic and bot agents (services/simulator/demo.ts), then opens the desktop pointed
// at that hub when the Electron binary exists, else leaves the browser URL printed. Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findElectron } from './electron-binary.mjs';
import { hubEnv } from './hubEnv.mjs';

const root = path.resolve(import.meta.dirname, '..');
const browserOnly = process.argv.includes('--browser') || process.env.SWITCHBOARD_BROWSER === '1';
// `npm run demo -- --port N` (default 4790, or SIM_PORT).
const portFlag = process.argv.indexOf('--port');
const port = portFlag >= 0 ? process.argv[portFlag + 1] : undefined;
if (portFlag >= 0 && !/^\d{1,5}$/.test(port ?? '')) {
  process.stderr.write(`npm run demo: --port needs a number, got "${port ?? ''}"\n`);
  process.exit(1);
}

for (const script of ['build', 'build:widget']) {
  if (process.env.SIM_SKIP_BUILD === '1') break;
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '-s', script], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const hub = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'services/simulator/demo.ts'], {
  cwd: root,
  env: hubEnv(port ? { ...process.env, SIM_PORT: port } : process.env),
  stdio: ['ignore', 'pipe', 'inherit'],
});
let desktop = null;
let profile = null;
let buffered = '';
hub.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (desktop || browserOnly) return;
  buffered += chunk.toString('utf8');
  const url = /demo hub at (http:\/\/\S+)/.exec(buffered)?.[1];
  if (url) openDesktop(url);
});

function openDesktop(url) {
  const electron = findElectron();
  if (!electron.binary) {
    process.stdout.write(`${electron.reason}: open ${url} in a browser.\n`);
    desktop = 'browser';
    return;
  }
  // A throwaway profile whose settings point the desktop at the demo hub (remote mode), not an embedded one.
  profile = mkdtempSync(path.join(tmpdir(), 'switchboard-demo-desktop-'));
  writeFileSync(path.join(profile, 'settings.json'), `${JSON.stringify({ version: 1, hub: { mode: 'remote', url } })}\n`);
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const built = spawnSync(process.execPath, ['build/build-main.mjs'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) {
    process.stdout.write(`Desktop build failed: open ${url} in a browser.\n`);
    desktop = 'browser';
    return;
  }
  desktop = spawn(electron.binary, ['.', `--user-data-dir=${profile}`], { cwd: root, stdio: 'inherit', env });
  desktop.on('exit', () => hub.kill('SIGINT'));
}

let exiting = false;
function shutdown(signal) {
  if (exiting) return;
  exiting = true;
  if (desktop && typeof desktop !== 'string') desktop.kill(signal);
  hub.kill(signal);
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
// 'close', not 'exit': the hub's last lines must be piped through before this process ends.
hub.on('close', (code) => {
  if (desktop && typeof desktop !== 'string') desktop.kill('SIGTERM');
  if (profile) rmSync(profile, { recursive: true, force: true });
  process.exit(code ?? 0);
});
