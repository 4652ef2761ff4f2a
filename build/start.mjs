// `npm start`: the desktop when it exists; until then (and wherever the Electron binary is missing) the
// hub, which serves the desktop UI to a browser.
import { spawn } from 'node:child_process';

const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'services/hub/cli.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
