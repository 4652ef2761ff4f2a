import path from 'node:path';
import { z } from 'zod';
import {
  DesktopStatus,
  ExternalUrl,
  HubConnectionSetting,
  NotifyInput,
  SetupInput,
  desktopChannels,
  type DeepLink,
  type HubConnection,
  type LoginResponse,
  type NotificationTarget,
} from '../services/contracts';
import type { Hub } from '../services/server/startHub';
import { APP_SCHEME, appOrigin, appSchemePrivileges, createAppProtocolHandler } from './appProtocol';
import { findDeepLinkArgument, deepLinkSchemes, parseDeepLink } from './deepLinks';
import type { ElectronLike, WebContentsLike, WindowLike } from './electronLike';
import { desktopLogger, type DesktopLog } from './desktopLog';
import { isFirstRun, signIn, startEmbeddedHub, stopHubWithin, type EmbeddedHubOptions, type StartHub } from './embeddedHub';
import { isAllowedExternalUrl } from './externalLinks';
import { handleSecure, type SenderPolicy } from './ipc';
import { showNotification } from './notifications';
import { installPermissionHandlers } from './permissions';
import { createSecureWindow, guardWebContents } from './secureWindow';
import { openSettings, type SettingsStore } from './settings';
import { StatusTray } from './tray';
import { captureWindowState, initialWindowBounds } from './windowState';

export type DesktopPaths = Readonly<{
  /** dist/renderer: the desktop UI. */
  rendererDir: string;
  /** dist/main/setup: the first-run page. */
  setupDir: string;
  /** dist/main/preload.cjs */
  preload: string;
  /** PNG used for the tray and (Linux) window icon. */
  trayIcon: string;
  windowIcon: string;
}>;

export type Logger = Readonly<{
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}>;

export type DesktopAppOptions = Readonly<{
  electron: ElectronLike;
  paths: DesktopPaths;
  argv: readonly string[];
  platform: NodeJS.Platform;
  /** Region for national numbers in tel:/sms: links. */
  defaultRegion?: string;
  startHub?: StartHub;
  log?: Logger;
  /** Opens the rotating log file in userData/logs (tests pass their own or none). */
  openLog?: (dir: string) => Promise<DesktopLog>;
  /** Upper bound on hub.stop() at quit. */
  shutdownTimeoutMs?: number;
}>;

const consoleLogger: Logger = {
  info: (message, data) => console.info(`[desktop] ${message}`, data ?? ''),
  warn: (message, data) => console.warn(`[desktop] ${message}`, data ?? ''),
  error: (message, data) => console.error(`[desktop] ${message}`, data ?? ''),
};

const MAX_PENDING_LINKS = 20;

/**
 * The Electron main process: lifecycle, embedded hub, secure windows, IPC, tray, notifications and deep links.
 * Construct it before `app` is ready (it registers the app:// scheme and the single-instance lock), then
 * `await whenStarted()`.
 */
export class DesktopApp {
  readonly electron: ElectronLike;
  private readonly paths: DesktopPaths;
  private log: Logger;
  private readonly openLog: ((dir: string) => Promise<DesktopLog>) | undefined;
  private desktopLog: DesktopLog | null = null;
  private readonly region: string;
  private readonly startHubFn: StartHub | undefined;
  private readonly shutdownTimeoutMs: number;

  private settingsStore: SettingsStore | null = null;
  private hub: Hub | null = null;
  private hubOrigin: string | null = null;
  private session: LoginResponse | null = null;
  private mainWindow: WindowLike | null = null;
  private setupWindow: WindowLike | null = null;
  private setupDone: ((completed: boolean) => void) | null = null;
  private tray: StatusTray | null = null;
  private pendingLinks: DeepLink[] = [];
  private shutdown: Promise<void> | null = null;
  private shutdownFinished = false;
  private started: Promise<void> | null = null;
  /** False when another instance holds the lock: this one quits immediately. */
  readonly primary: boolean;

  constructor(options: DesktopAppOptions) {
    this.electron = options.electron;
    this.paths = options.paths;
    this.log = options.log ?? consoleLogger;
    this.openLog = options.openLog;
    this.region = options.defaultRegion ?? 'US';
    this.startHubFn = options.startHub;
    this.shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000;
    const { app, protocol } = this.electron;

    // Both must happen before `ready`.
    protocol.registerSchemesAsPrivileged(appSchemePrivileges);
    app.enableSandbox();

    this.primary = app.requestSingleInstanceLock();
    if (!this.primary) {
      app.quit();
      return;
    }
    app.on('second-instance', (_event, argv) => {
      // A second launch (or a tel: link on Windows/Linux) comes here: focus us, take its link.
      this.focusMainWindow();
      const link = findDeepLinkArgument(argv);
      if (link) this.acceptDeepLink(link);
    });
    app.on('open-url', (event, url) => {
      event.preventDefault();
      this.acceptDeepLink(url);
    });
    app.on('web-contents-created', (_event, contents) => this.guard(contents));
    app.on('before-quit', (event) => {
      if (this.shutdownFinished) return;
      event.preventDefault();
      void this.stop();
    });
    app.on('window-all-closed', () => {
      if (options.platform !== 'darwin' && !this.setupWindow) app.quit();
    });
    app.on('activate', () => {
      if (this.started && !this.mainWindow && this.hubOrigin) this.openMainWindow();
    });
    const initialLink = findDeepLinkArgument(options.argv);
    if (initialLink) this.acceptDeepLink(initialLink);
  }

  /** Starts once `app` is ready; resolves when the desktop window is open (or the app decided to quit). */
  whenStarted(): Promise<void> {
    this.started ??= (async () => {
      await this.electron.app.whenReady();
      try {
        await this.start();
      } catch (error) {
        this.log.error('desktop failed to start', { error: (error as Error).message });
        this.electron.dialog.showErrorBox('Switchboard could not start', (error as Error).message);
        this.electron.app.quit();
      }
    })();
    return this.started;
  }

  private async start(): Promise<void> {
    const { app, protocol, session, ipcMain } = this.electron;
    const userData = app.getPath('userData');
    await this.startLogFile(userData);
    this.settingsStore = openSettings(userData, (problem) =>
      this.log.warn('settings file invalid; using defaults', { file: problem.file, problem: problem.message, keptAs: problem.keptAs }),
    );

    protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler({ roots: { desktop: this.paths.rendererDir, setup: this.paths.setupDir }, hubOrigin: () => this.hubOrigin }),
    );
    installPermissionHandlers(session.defaultSession);
    this.registerIpc(ipcMain);
    this.registerProtocolClients();

    const hubSetting = this.settingsStore.get().hub;
    if (hubSetting.mode === 'remote') {
      this.hubOrigin = hubSetting.url;
    } else if (isFirstRun(userData)) {
      const completed = await this.runFirstRun();
      if (!completed) {
        app.quit();
        return;
      }
    } else {
      this.hub = await startEmbeddedHub(this.embeddedHubOptions(userData));
      this.hubOrigin = this.hub.url;
      this.log.info('embedded hub started', { url: this.hub.url });
    }

    const logDir = this.desktopLog?.dir;
    this.tray = new StatusTray(this.electron, this.paths.trayIcon, {
      show: () => this.focusMainWindow(),
      quit: () => app.quit(),
      ...(logDir ? { openLogs: () => void this.openLogFolder(logDir) } : {}),
    });
    this.tray.create();
    this.openMainWindow();
  }

  /** main's and the embedded hub's lines go to one rotating file; without it the app still runs (console only). */
  private async startLogFile(userData: string): Promise<void> {
    if (!this.openLog) return;
    try {
      this.desktopLog = await this.openLog(path.join(userData, 'logs'));
      this.log = desktopLogger(this.desktopLog.logger.child({ component: 'main' }));
      this.log.info('desktop starting', { userData });
    } catch (error) {
      this.log.warn('log file unavailable; logging to the console', { error: (error as Error).message });
    }
  }

  private embeddedHubOptions(userData: string): EmbeddedHubOptions {
    return {
      userData,
      rendererDir: this.paths.rendererDir,
      ...(this.startHubFn ? { start: this.startHubFn } : {}),
      ...(this.desktopLog ? { logger: this.desktopLog.logger.child({ component: 'hub' }) } : {}),
    };
  }

  private async openLogFolder(dir: string): Promise<void> {
    const problem = await this.electron.shell.openPath(dir);
    if (problem) this.log.warn('could not open the log folder', { dir, problem });
  }

  /** The folder holding the log files, when a log file is open. */
  logFolder(): string | null {
    return this.desktopLog?.dir ?? null;
  }

  /** The running embedded hub (null in team mode). */
  embeddedHub(): Hub | null {
    return this.hub;
  }

  window(): WindowLike | null {
    return this.mainWindow;
  }

  firstRunWindow(): WindowLike | null {
    return this.setupWindow;
  }

  /** Stops the hub cleanly, then lets the app quit. Idempotent: before-quit may fire more than once. */
  stop(): Promise<void> {
    this.shutdown ??= (async () => {
      if (this.mainWindow && !this.mainWindow.isDestroyed()) this.saveWindowState(this.mainWindow);
      this.tray?.destroy();
      if (this.hub) {
        const outcome = await stopHubWithin(this.hub, this.shutdownTimeoutMs);
        if (outcome === 'timed_out') this.log.warn('hub did not stop in time; quitting anyway', { ms: this.shutdownTimeoutMs });
        this.hub = null;
      }
      await this.desktopLog?.close();
      this.shutdownFinished = true;
      this.electron.app.quit();
    })();
    return this.shutdown;
  }

  private guard(contents: WebContentsLike): void {
    guardWebContents(contents, {
      externalHosts: () => this.externalHosts(),
      openExternal: (url) => this.electron.shell.openExternal(url),
      onRefused: (what, url) => this.log.warn(`refused ${what}`, { url: url.slice(0, 200) }),
    });
  }

  /** The hub's own host (team mode) plus the hosts listed in settings. */
  private externalHosts(): string[] {
    const hosts = [...(this.settingsStore?.get().externalLinkHosts ?? [])];
    const hub = this.settingsStore?.get().hub;
    if (hub?.mode === 'remote') hosts.push(new URL(hub.url).hostname);
    return hosts;
  }

  /** Packaged builds register for tel:/sms:/mailto: (Windows, macOS; Linux uses the .desktop file's MimeType). */
  private registerProtocolClients(): void {
    if (!this.electron.app.isPackaged) return;
    for (const scheme of deepLinkSchemes) {
      if (!this.electron.app.setAsDefaultProtocolClient(scheme)) this.log.info('not registered as protocol client', { scheme });
    }
  }

  private openMainWindow(): void {
    const settings = this.settingsStore?.get();
    const bounds = initialWindowBounds(settings?.window, this.electron.screen.getAllDisplays());
    const window = createSecureWindow(this.electron, {
      ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
      width: bounds.width,
      height: bounds.height,
      minWidth: 800,
      minHeight: 500,
      show: false,
      title: 'Switchboard',
      autoHideMenuBar: true,
      backgroundColor: '#ffffff',
      icon: this.paths.windowIcon,
      preload: this.paths.preload,
    });
    this.mainWindow = window;
    if (bounds.maximized) window.maximize();
    window.once('ready-to-show', () => window.show());
    window.on('close', () => this.saveWindowState(window));
    window.on('closed', () => {
      if (this.mainWindow === window) this.mainWindow = null;
    });
    void window
      .loadURL(`${appOrigin('desktop')}/`)
      .catch((error: unknown) => this.log.error('desktop UI failed to load', { error: String(error) }));
  }

  private saveWindowState(window: WindowLike): void {
    try {
      const state = captureWindowState(window);
      this.settingsStore?.update((current) => ({ ...current, window: state }));
    } catch (error) {
      this.log.warn('window state not saved', { error: (error as Error).message });
    }
  }

  focusMainWindow(): void {
    const window = this.mainWindow ?? this.setupWindow;
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  /** A tel:/sms:/mailto: link from the OS: validated, queued, and the renderer told to collect it. */
  acceptDeepLink(text: string): DeepLink | null {
    const result = parseDeepLink(text, this.region);
    if (!result.ok) {
      this.log.warn('deep link refused', { reason: result.reason });
      return null;
    }
    this.pendingLinks.push(result.link);
    if (this.pendingLinks.length > MAX_PENDING_LINKS) this.pendingLinks.shift();
    this.focusMainWindow();
    this.mainWindow?.webContents.send(desktopChannels.deepLink);
    return result.link;
  }

  /** The first run: a small window asks for the administrator account; the hub starts with it. */
  private runFirstRun(): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const window = createSecureWindow(this.electron, {
        width: 460,
        height: 560,
        resizable: false,
        minimizable: false,
        maximizable: false,
        show: false,
        title: 'Set up Switchboard',
        autoHideMenuBar: true,
        icon: this.paths.windowIcon,
        preload: this.paths.preload,
      });
      this.setupWindow = window;
      let settled = false;
      this.setupDone = (completed) => {
        if (settled) return;
        settled = true;
        this.setupDone = null;
        resolve(completed);
      };
      window.once('ready-to-show', () => window.show());
      window.on('closed', () => {
        this.setupWindow = null;
        this.setupDone?.(false);
      });
      void window
        .loadURL(`${appOrigin('setup')}/`)
        .catch((error: unknown) => this.log.error('setup page failed to load', { error: String(error) }));
    });
  }

  private async completeSetup(input: SetupInput): Promise<{ ok: true } | { ok: false; message: string }> {
    if (!this.setupDone) return { ok: false, message: 'setup is not in progress' };
    if (this.hub) return { ok: false, message: 'already set up' };
    const userData = this.electron.app.getPath('userData');
    try {
      this.hub = await startEmbeddedHub({ ...this.embeddedHubOptions(userData), bootstrapAdmin: input });
      this.hubOrigin = this.hub.url;
      this.session = await signIn(this.hub.url, input);
    } catch (error) {
      this.log.error('first-run setup failed', { error: (error as Error).message });
      return { ok: false, message: `Setup failed: ${(error as Error).message}` };
    }
    const done = this.setupDone;
    const window = this.setupWindow;
    this.setupWindow = null;
    done(true);
    // Closed after the main window exists, so window-all-closed does not quit the app in between.
    setImmediate(() => window?.close());
    return { ok: true };
  }

  private hubConnection(): HubConnection {
    const mode = this.settingsStore?.get().hub.mode ?? 'embedded';
    return { mode, url: this.hubOrigin ?? '', session: this.session };
  }

  private registerIpc(ipcMain: ElectronLike['ipcMain']): void {
    const isAppContents = (contents: WebContentsLike): boolean =>
      [this.mainWindow, this.setupWindow].some(
        (window) => window !== null && !window.isDestroyed() && window.webContents.id === contents.id,
      );
    const desktop: SenderPolicy = { hosts: ['desktop'], isAppContents };
    const setup: SenderPolicy = { hosts: ['setup'], isAppContents };
    const onRefused = (channel: string, reason: string): void => this.log.warn('IPC call refused', { channel, reason });
    const none = z.undefined();

    handleSecure(ipcMain, desktopChannels.notify, { policy: desktop, input: NotifyInput, onRefused }, (input) => {
      showNotification(this.electron, input, (target) => this.onNotificationClick(target), this.paths.windowIcon);
    });
    handleSecure(ipcMain, desktopChannels.setStatus, { policy: desktop, input: DesktopStatus, onRefused }, (status) => {
      this.tray?.update(status);
    });
    handleSecure(ipcMain, desktopChannels.openExternal, { policy: desktop, input: ExternalUrl, onRefused }, async (url) => {
      if (!isAllowedExternalUrl(url, this.externalHosts())) {
        onRefused(desktopChannels.openExternal, 'host not on the allow-list');
        return false;
      }
      await this.electron.shell.openExternal(url);
      return true;
    });
    handleSecure(ipcMain, desktopChannels.getHubConnection, { policy: desktop, input: none, onRefused }, () => this.hubConnection());
    handleSecure(ipcMain, desktopChannels.setHubConnection, { policy: desktop, input: HubConnectionSetting, onRefused }, (setting) => {
      this.settingsStore?.update((current) => ({ ...current, hub: setting }));
      // The hub (embedded or not) is chosen at start: restart onto the new one; quitting stops the embedded hub.
      this.electron.app.relaunch();
      this.electron.app.quit();
      return { restarting: true };
    });
    handleSecure(ipcMain, desktopChannels.drainDeepLinks, { policy: desktop, input: none, onRefused }, () => this.pendingLinks.splice(0));
    handleSecure(ipcMain, desktopChannels.completeSetup, { policy: setup, input: SetupInput, onRefused }, (input) =>
      this.completeSetup(input),
    );
  }

  private onNotificationClick(target: NotificationTarget | null): void {
    this.focusMainWindow();
    if (target) this.mainWindow?.webContents.send(desktopChannels.focusConversation, target);
  }
}
