// `npm start`: builds what the desktop needs and opens it. Where the Electron binary is missing (installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1, as in CI) it says so in one line and starts the hub instead, which serves the
// same desktop UI to a browser at the URL it prints. `npm start -- --browser` chooses that mode on purpose.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findElectron } from './electron-binary.mjs';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const browserOnly = args.includes('--browser') || process.env.SWITCHBOARD_BROWSER === '1';
const passThrough = args.filter((arg) => arg !== '--browser');

function runScriptIfPresent(name) {
  const scripts = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts ?? {};
  if (!scripts[name]) return;
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '-s', name], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

const electron = browserOnly ? { binary: null, reason: 'browser mode requested' } : findElectron();
runScriptIfPresent('build:renderer');

if (electron.binary) {
  const { buildMain } = await import('./build-main.mjs');
  await buildMain({ quiet: true });
  const env = { ...process.env };
  // Would turn the Electron binary into plain Node (the packaged app has this fuse off anyway).
  delete env.ELECTRON_RUN_AS_NODE;
  forwardSignals(spawn(electron.binary, ['.', ...passThrough], { cwd: root, stdio: 'inherit', env }));
} else {
  process.stdout.write(`${electron.reason}: starting the hub instead; open the desktop UI in a browser at the URL printed below.\n`);
  forwardSignals(
    spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'services/server/cli.ts', ...passThrough], { cwd: root, stdio: 'inherit' }),
  );
}
