// `npm run hub`: the hub headless (services/server/cli.ts under tsx), in a process started with the hub's
// environment (build/hubEnv.mjs: glibc malloc arenas), which has to be in place before that process starts.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { hubEnv } from './hubEnv.mjs';

const root = path.resolve(import.meta.dirname, '..');
const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'services/server/cli.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: hubEnv(),
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
