// Where the Electron executable is, shared by `npm start` and `npm run demo`. Side-effect free to import.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** The Electron executable, or null with the reason. `require('electron')` from Node returns its path. */
export function findElectron() {
  try {
    const binary = createRequire(path.join(root, 'package.json'))('electron');
    if (typeof binary === 'string' && existsSync(binary)) return { binary, reason: null };
    return { binary: null, reason: `Electron binary missing at ${binary}` };
  } catch {
    // node_modules/electron without its downloaded binary (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1).
    return { binary: null, reason: 'Electron binary not downloaded' };
  }
}
