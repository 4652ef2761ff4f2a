import path from 'node:path';
import * as electron from 'electron';
import { DesktopApp } from './desktopApp';
import { openDesktopLog } from './desktopLog';
import type { ElectronLike } from './electronLike';

// The one file that touches the real Electron module; everything else takes it injected (see electronLike.ts).
const real: ElectronLike = electron;

// Bundled to dist/main/index.mjs; the app root (or app.asar) is two levels up.
const appRoot = electron.app.getAppPath();
const distMain = path.join(appRoot, 'dist', 'main');

const desktop = new DesktopApp({
  electron: real,
  paths: {
    rendererDir: path.join(appRoot, 'dist', 'renderer'),
    setupDir: path.join(distMain, 'setup'),
    preload: path.join(distMain, 'preload.cjs'),
    trayIcon: path.join(distMain, 'icons', 'tray.png'),
    windowIcon: path.join(distMain, 'icons', 'icon.png'),
  },
  argv: process.argv,
  platform: process.platform,
  defaultRegion: process.env.SWITCHBOARD_DEFAULT_REGION ?? 'US',
  openLog: openDesktopLog,
});

if (desktop.primary) void desktop.whenStarted();
