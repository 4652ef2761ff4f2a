import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DesktopApp } from '../../../main/desktopApp';
import { openDesktopLog } from '../../../main/desktopLog';
import { startHub } from '../../../services/server/startHub';
import { desktopChannels } from '../../../services/contracts';
import { FakeTray, createFakeElectron } from '../../support/fakeElectron';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-log-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function lines(dir: string): Array<Record<string, unknown>> {
  return readdirSync(dir)
    .filter((name) => /^switchboard\.\d+\.log$/.test(name))
    .flatMap((name) => readFileSync(path.join(dir, name), 'utf8').trim().split('\n'))
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('desktop log file', () => {
  it('rotates by size and keeps a bounded number of files', async () => {
    const dir = tempDir();
    const log = await openDesktopLog(dir, { size: '1k', keep: 2 });
    for (let i = 0; i < 60; i += 1) {
      log.logger.info({ i, padding: 'x'.repeat(200) }, 'line');
      // pino-roll checks the size as writes complete; give each batch a turn of the event loop.
      if (i % 5 === 4) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await log.close();
    const files = readdirSync(dir).filter((name) => name.endsWith('.log') && name !== 'current.log');
    expect(files.length).toBeGreaterThan(1);
    expect(files.length).toBeLessThanOrEqual(3);
    expect(lines(dir).at(-1)).toMatchObject({ msg: 'line', i: 59 });
  });

  it("main's and the embedded hub's lines land in userData/logs; the tray opens that folder", async () => {
    const userData = tempDir();
    const electron = createFakeElectron(userData);
    const app = new DesktopApp({
      electron,
      paths: {
        rendererDir: '/app/dist/renderer',
        setupDir: '/app/dist/main/setup',
        preload: '/app/dist/main/preload.cjs',
        trayIcon: '/app/dist/main/icons/tray.png',
        windowIcon: '/app/dist/main/icons/icon.png',
      },
      argv: ['/opt/switchboard'],
      platform: 'linux',
      startHub: (config, extensions) => startHub({ ...config, tickMs: 20 }, extensions),
      openLog: (dir) => openDesktopLog(dir),
      shutdownTimeoutMs: 5000,
    });
    const started = app.whenStarted();
    const deadline = Date.now() + 5000;
    while (!app.firstRunWindow() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    const setup = electron.windows[0]!;
    await electron.invoke(desktopChannels.completeSetup, setup.webContents.frame('app://setup/'), {
      username: 'boss',
      password: 'long-enough-1',
    });
    await started;
    const logDir = path.join(userData, 'logs');
    expect(app.logFolder()).toBe(logDir);

    const menu = FakeTray.instances.at(-1)!.menu!.template;
    const item = menu.find((entry) => entry.label === 'Open log folder');
    expect(item).toBeDefined();
    item!.click!();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(electron.openedPaths).toEqual([logDir]);

    await app.stop();
    const written = lines(logDir);
    expect(written.some((line) => line.component === 'main' && line.msg === 'desktop starting')).toBe(true);
    // The hub logs at info through the same file (e.g. a channel that is off says so).
    expect(written.some((line) => line.component === 'hub')).toBe(true);
  });
});
