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
  } catch (error) {
    // electron is an optional dependency: npm drops it when its binary download fails, and keeps the package
    // without the binary under ELECTRON_SKIP_BINARY_DOWNLOAD=1 (CI). Either way the hub serves the same UI.
    if (error?.code === 'MODULE_NOT_FOUND' && String(error.message).includes("'electron'"))
      return { binary: null, reason: 'Electron is not installed (its download failed or was skipped during npm install)' };
    return { binary: null, reason: 'Electron is installed without its binary (ELECTRON_SKIP_BINARY_DOWNLOAD)' };
  }
}
