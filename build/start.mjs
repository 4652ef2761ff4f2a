// `npm start`: builds what the desktop needs and opens it. Where the Electron binary is missing (installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1, as in CI) it says so in one line and starts the hub instead, which serves the
// same desktop UI to a browser at the URL it prints. `npm start -- --browser` chooses that mode on purpose.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findElectron } from './electron-binary.mjs';
import { hubEnv } from './hubEnv.mjs';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const browserOnly = args.includes('--browser') || process.env.SWITCHBOARD_BROWSER === '1';
const passThrough = args.filter((arg) => arg !== '--browser');

/** Builds quietly: its output is shown only when the build fails (npm start prints the URL and little else). */
function runScriptIfPresent(name) {
  const scripts = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts ?? {};
  if (!scripts[name]) return;
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '-s', name], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}npm start: "npm run ${name}" failed (output above).\n`);
    process.exit(result.status ?? 1);
  }
}

function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write('npm start [-- --browser] [hub options]: opens the Switchboard desktop, or with --browser (or without\n');
  process.stdout.write('Electron) runs the hub and serves the desktop UI to a browser. Hub options:\n\n');
  spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'services/server/cli.ts', '--help'], { cwd: root, stdio: 'inherit' });
  process.exit(0);
}

const electron = browserOnly ? { binary: null, reason: 'Browser mode' } : findElectron();
runScriptIfPresent('build:renderer');

if (electron.binary) {
  const { buildMain } = await import('./build-main.mjs');
  await buildMain({ quiet: true });
  // The desktop runs its hub in Electron's main process: that process gets the hub's environment.
  const env = hubEnv(process.env, 'electron');
  // Would turn the Electron binary into plain Node (the packaged app has this fuse off anyway).
  delete env.ELECTRON_RUN_AS_NODE;
  forwardSignals(spawn(electron.binary, ['.', ...passThrough], { cwd: root, stdio: 'inherit', env }));
} else {
  const what = browserOnly ? 'Browser mode' : `${electron.reason}: running in your browser instead`;
  process.stdout.write(`${what}; open Switchboard at the URL below.\n`);
  forwardSignals(
    spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'services/server/cli.ts', ...passThrough], {
      cwd: root,
      stdio: 'inherit',
      env: hubEnv(),
    }),
  );
}
