import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DesktopApp, type Logger } from '../../../main/desktopApp';
import { embeddedHubPaths } from '../../../main/embeddedHub';
import { secureWebPreferences } from '../../../main/secureWindow';
import { openSettings } from '../../../main/settings';
import { HubConnection, desktopChannels, type DeepLink } from '../../../services/contracts';
import type { HubConfigInput } from '../../../services/hub/config';
import { startHub } from '../../../services/server/startHub';
import { FakeNotification, FakeTray, createFakeElectron, fakeEvent, type FakeElectron, type FakeWindow } from '../../support/fakeElectron';

const quietLog: Logger = { info: () => {}, warn: () => {}, error: () => {} };
const paths = {
  rendererDir: '/nonexistent/renderer',
  setupDir: '/nonexistent/setup',
  preload: '/app/dist/main/preload.cjs',
  trayIcon: '/app/dist/main/icons/tray.png',
  windowIcon: '/app/dist/main/icons/icon.png',
};
// The real hub, quietly and with faster ticks; everything else as the desktop configures it.
const realHub = (config: HubConfigInput) => startHub({ ...config, logLevel: 'silent', tickMs: 20 });

let userData: string;
const apps: DesktopApp[] = [];
beforeEach(() => {
  userData = mkdtempSync(path.join(tmpdir(), 'switchboard-desktop-'));
  FakeNotification.instances.length = 0;
  FakeTray.instances.length = 0;
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
  rmSync(userData, { recursive: true, force: true });
});

function launch(electron: FakeElectron, argv: string[] = ['/opt/switchboard']): DesktopApp {
  const app = new DesktopApp({ electron, paths, argv, platform: 'linux', startHub: realHub, log: quietLog, shutdownTimeoutMs: 5000 });
  apps.push(app);
  return app;
}

const desktopFrame = (window: FakeWindow) => window.webContents.frame('app://desktop/');

/** First run: the setup window appears; the "page" submits the admin account like the real one would. */
async function firstRun(electron: FakeElectron, app: DesktopApp): Promise<FakeWindow> {
  const started = app.whenStarted();
  await until(() => app.firstRunWindow() !== null);
  const setupWindow = electron.windows[0]!;
  expect(setupWindow.webContents.url).toBe('app://setup/');
  const result = await electron.invoke(desktopChannels.completeSetup, setupWindow.webContents.frame('app://setup/'), {
    username: 'boss',
    password: 'long-enough-1',
  });
  expect(result).toEqual({ ok: true });
  await started;
  return electron.windows[1]!;
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('desktop app with the embedded hub', () => {
  it('first run: asks for the admin, starts the hub in userData, signs the renderer in; quitting stops the hub', async () => {
    const electron = createFakeElectron(userData);
    const app = launch(electron);
    const main = await firstRun(electron, app);

    const hub = app.embeddedHub()!;
    expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(embeddedHubPaths(userData).dbFile)).toBe(true);
    expect(main.webContents.url).toBe('app://desktop/');
    await until(() => electron.windows[0]!.destroyed);

    const connection = HubConnection.parse(await electron.invoke(desktopChannels.getHubConnection, desktopFrame(main)));
    expect(connection).toMatchObject({ mode: 'embedded', url: hub.url, session: { agent: { username: 'boss', role: 'admin' } } });
    // The token is a real session on that hub.
    const health = await fetch(`${hub.url}/api/health`);
    expect(health.ok).toBe(true);

    // The CSP served to the desktop UI allows the hub and nothing else.
    const page = await electron.protocolHandlers.get('app')!(new Request('app://desktop/'));
    expect(page.headers.get('content-security-policy')).toContain(
      `connect-src 'self' ${hub.url} ws://127.0.0.1:${hub.port} wss://*.twilio.com https://*.twilio.com;`,
    );

    // Graceful shutdown: before-quit is held until hub.stop() has finished, then the app quits.
    electron.app.quit();
    expect(electron.app.quitted).toBe(false);
    await app.stop();
    expect(electron.app.quitted).toBe(true);
    await expect(fetch(`${hub.url}/api/health`)).rejects.toThrow();
  });

  it('later runs start the hub without asking; the same admin signs in', async () => {
    const first = createFakeElectron(userData);
    const firstApp = launch(first);
    await firstRun(first, firstApp);
    first.app.quit();
    await firstApp.stop();

    const electron = createFakeElectron(userData);
    const app = launch(electron);
    await app.whenStarted();
    expect(electron.windows).toHaveLength(1);
    expect(electron.windows[0]!.webContents.url).toBe('app://desktop/');
    const hub = app.embeddedHub()!;
    const login = await fetch(`${hub.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'boss', password: 'long-enough-1' }),
    });
    expect(login.status).toBe(200);
    // No session handed over on later runs: the renderer shows its sign-in.
    expect(
      HubConnection.parse(await electron.invoke(desktopChannels.getHubConnection, desktopFrame(electron.windows[0]!))).session,
    ).toBeNull();
  });

  it('closing the first-run window quits without creating a database', async () => {
    const electron = createFakeElectron(userData);
    const app = launch(electron);
    const started = app.whenStarted();
    await until(() => app.firstRunWindow() !== null);
    electron.windows[0]!.close();
    await started;
    expect(electron.app.quitted).toBe(true);
    expect(existsSync(embeddedHubPaths(userData).dbFile)).toBe(false);
  });

  it('refuses setup input that is too weak, and setup calls from the desktop origin', async () => {
    const electron = createFakeElectron(userData);
    const app = launch(electron);
    const started = app.whenStarted();
    await until(() => app.firstRunWindow() !== null);
    const setupWindow = electron.windows[0]!;
    await expect(
      electron.invoke(desktopChannels.completeSetup, setupWindow.webContents.frame('app://setup/'), {
        username: 'boss',
        password: 'short',
      }),
    ).rejects.toThrow(/invalid input/);
    await expect(
      electron.invoke(desktopChannels.completeSetup, setupWindow.webContents.frame('app://desktop/'), {
        username: 'boss',
        password: 'long-enough-1',
      }),
    ).rejects.toThrow(/not allowed/);
    expect(app.embeddedHub()).toBeNull();
    setupWindow.close();
    await started;
  });
});

describe('desktop behaviour', () => {
  async function running(): Promise<{ electron: FakeElectron; app: DesktopApp; main: FakeWindow }> {
    const electron = createFakeElectron(userData);
    const app = launch(electron);
    const main = await firstRun(electron, app);
    return { electron, app, main };
  }

  it('every window the app opens has the secure preferences, and its contents are guarded', async () => {
    const { electron } = await running();
    expect(electron.windows).toHaveLength(2);
    for (const window of electron.windows) {
      expect(window.options.webPreferences).toEqual(secureWebPreferences(paths.preload));
      expect(window.webContents.windowOpenHandler).not.toBeNull();
      expect(window.webContents.navigate('https://evil.example/')).toBe(true);
    }
    expect(electron.app.calls.sandbox).toBe(1);
    expect(electron.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    ]);
    expect(electron.permissionRequestHandler).not.toBeNull();
    expect(electron.permissionCheckHandler).not.toBeNull();
  });

  it('a notification on a new offer; clicking it focuses the window and the offer', async () => {
    const { electron, main } = await running();
    main.minimized = true;
    await electron.invoke(desktopChannels.notify, desktopFrame(main), {
      title: 'New chat offer',
      body: 'Ann: my order has not arrived',
      target: { conversationId: 42, offerId: 'offer-7' },
    });
    const notification = FakeNotification.instances.at(-1)!;
    expect(notification.shown).toBe(true);
    expect(notification.options).toMatchObject({ title: 'New chat offer', body: 'Ann: my order has not arrived', silent: false });
    notification.emit('click');
    expect(main.counts.restore).toBe(1);
    expect(main.focused).toBe(true);
    expect(main.webContents.sent.at(-1)).toEqual({
      channel: desktopChannels.focusConversation,
      args: [{ conversationId: 42, offerId: 'offer-7' }],
    });
  });

  it('refuses notifications from a foreign frame or with bad input', async () => {
    const { electron, main } = await running();
    await expect(
      electron.invoke(desktopChannels.notify, main.webContents.frame('https://evil.example/'), { title: 't', body: 'b' }),
    ).rejects.toThrow(/not allowed/);
    await expect(electron.invoke(desktopChannels.notify, desktopFrame(main), { title: '', body: 'b' })).rejects.toThrow(/invalid input/);
    await expect(
      electron.invoke(desktopChannels.notify, desktopFrame(main), { title: 't', body: 'b', target: { conversationId: -1 } }),
    ).rejects.toThrow(/invalid input/);
    expect(FakeNotification.instances).toHaveLength(0);
  });

  it('tray shows the agent state and waiting count; the badge follows the count', async () => {
    const { electron, main } = await running();
    await electron.invoke(desktopChannels.setStatus, desktopFrame(main), { state: 'available', waiting: 3 });
    const tray = FakeTray.instances.at(-1)!;
    expect(tray.toolTip).toBe('Switchboard: Available · 3 waiting');
    expect(tray.menu!.template.map((item) => item.label)).toEqual(['Available', '3 waiting', undefined, 'Show Switchboard', 'Quit']);
    expect(electron.app.badges.at(-1)).toBe(3);
    await expect(electron.invoke(desktopChannels.setStatus, desktopFrame(main), { state: 'dancing', waiting: 3 })).rejects.toThrow(
      /invalid input/,
    );
  });

  it('a second launch focuses the first window and hands over its link', async () => {
    const { electron, main } = await running();
    main.minimized = true;
    electron.app.emit('second-instance', fakeEvent(), ['/opt/switchboard', 'tel:+12025550143'], '/home/agent');
    expect(main.counts.restore).toBe(1);
    expect(main.focused).toBe(true);
    expect(main.webContents.sent.at(-1)).toEqual({ channel: desktopChannels.deepLink, args: [] });
    const links = (await electron.invoke(desktopChannels.drainDeepLinks, desktopFrame(main))) as DeepLink[];
    expect(links).toEqual([{ kind: 'call', to: '+12025550143' }]);
    expect(await electron.invoke(desktopChannels.drainDeepLinks, desktopFrame(main))).toEqual([]);
  });

  it('the second instance itself quits at once', () => {
    const electron = createFakeElectron(userData);
    electron.app.lockAvailable = false;
    const app = launch(electron);
    expect(app.primary).toBe(false);
    expect(electron.app.calls.quit).toBe(1);
  });

  it('keeps links that arrive before the window exists; drops invalid ones', async () => {
    const electron = createFakeElectron(userData);
    const app = launch(electron, ['/opt/switchboard', 'mailto:ann@example.com?subject=Hi']);
    const open = fakeEvent();
    electron.app.emit('open-url', open, 'sms:+12025550143?body=hello');
    electron.app.emit('open-url', fakeEvent(), 'tel:not-a-number');
    expect(open.prevented).toBe(true);
    await firstRun(electron, app);
    const links = await electron.invoke(desktopChannels.drainDeepLinks, desktopFrame(electron.windows[1]!));
    expect(links).toEqual([
      { kind: 'email', to: ['ann@example.com'], cc: [], bcc: [], subject: 'Hi', body: '' },
      { kind: 'sms', to: ['+12025550143'], body: 'hello' },
    ]);
  });

  it('openExternal opens only allow-listed https links', async () => {
    const { electron, main } = await running();
    openSettings(userData); // file exists after first run
    expect(await electron.invoke(desktopChannels.openExternal, desktopFrame(main), 'https://evil.example/')).toBe(false);
    expect(electron.opened).toEqual([]);
    await expect(electron.invoke(desktopChannels.openExternal, desktopFrame(main), 42)).rejects.toThrow(/invalid input/);
  });

  it('switching to a remote hub is remembered and restarts onto it (stopping the embedded hub)', async () => {
    const { electron, app, main } = await running();
    const hub = app.embeddedHub()!;
    await expect(
      electron.invoke(desktopChannels.setHubConnection, desktopFrame(main), { mode: 'remote', url: 'http://hub.example.com' }),
    ).rejects.toThrow(/https/);
    const result = await electron.invoke(desktopChannels.setHubConnection, desktopFrame(main), {
      mode: 'remote',
      url: 'https://hub.example.com/',
    });
    expect(result).toEqual({ restarting: true });
    expect(electron.app.calls.relaunch).toBe(1);
    await app.stop();
    expect(electron.app.quitted).toBe(true);
    await expect(fetch(`${hub.url}/api/health`)).rejects.toThrow();
    expect(openSettings(userData).get().hub).toEqual({ mode: 'remote', url: 'https://hub.example.com' });

    // Next start: team mode, no embedded hub, CSP and connection point at the remote hub.
    const next = createFakeElectron(userData);
    const nextApp = launch(next);
    await nextApp.whenStarted();
    expect(nextApp.embeddedHub()).toBeNull();
    const connection = HubConnection.parse(await next.invoke(desktopChannels.getHubConnection, desktopFrame(next.windows[0]!)));
    expect(connection).toEqual({ mode: 'remote', url: 'https://hub.example.com', session: null });
    const page = await next.protocolHandlers.get('app')!(new Request('app://desktop/'));
    expect(page.headers.get('content-security-policy')).toContain(
      "connect-src 'self' https://hub.example.com wss://hub.example.com wss://*.twilio.com https://*.twilio.com;",
    );
    // In team mode, links to the hub's own host may open in the browser.
    expect(await next.invoke(desktopChannels.openExternal, desktopFrame(next.windows[0]!), 'https://hub.example.com/reports')).toBe(true);
    expect(next.opened).toEqual(['https://hub.example.com/reports']);
  });

  it('remembers the window state', async () => {
    const { electron, app, main } = await running();
    main.bounds = { x: 40, y: 50, width: 1111, height: 777 };
    main.maximized = true;
    main.close();
    await app.stop();
    expect(openSettings(userData).get().window).toEqual({ x: 40, y: 50, width: 1111, height: 777, maximized: true });

    const next = createFakeElectron(userData);
    await launch(next).whenStarted();
    expect(next.windows[0]!.options).toMatchObject({ x: 40, y: 50, width: 1111, height: 777 });
    expect(next.windows[0]!.maximized).toBe(true);
    void electron;
  });

  it('registers as tel:/sms:/mailto: handler when packaged', async () => {
    const electron = createFakeElectron(userData);
    electron.app.isPackaged = true;
    const app = launch(electron);
    await firstRun(electron, app);
    expect(electron.app.protocolClients).toEqual(['tel', 'sms', 'mailto']);
  });
});
