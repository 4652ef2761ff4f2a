import { EventEmitter } from 'node:events';
import type {
  ElectronLike,
  FrameLike,
  IpcMainInvokeEventLike,
  MenuItemOptions,
  PermissionCheckHandler,
  PermissionRequestHandler,
  PreventableEvent,
  Rectangle,
  WindowOpenResponse,
  WindowOptions,
} from '../../main/electronLike';

// A small fake of only the Electron surface main/ uses (ElectronLike), recording what main did.

export type FakeEvent = PreventableEvent & { prevented: boolean };
export const fakeEvent = (extra: Record<string, unknown> = {}): FakeEvent => {
  const event: FakeEvent = { prevented: false, ...extra, preventDefault: () => (event.prevented = true) };
  return event;
};

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  url = '';
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: { url: string }) => WindowOpenResponse) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenResponse): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  getURL(): string {
    return this.url;
  }
  /** Fires will-navigate as Chromium would; returns whether main prevented it. */
  navigate(url: string): boolean {
    const event = fakeEvent({ url });
    this.emit('will-navigate', event);
    return event.prevented;
  }
  frame(url = this.url, parent: FrameLike | null = null): IpcMainInvokeEventLike {
    return { sender: this, senderFrame: { url, parent } };
  }
}

export class FakeApp extends EventEmitter {
  isPackaged = false;
  lockAvailable = true;
  readonly calls = { quit: 0, relaunch: 0, exit: 0, sandbox: 0 };
  readonly badges: number[] = [];
  readonly protocolClients: string[] = [];
  quitted = false;
  constructor(readonly userData: string) {
    super();
  }
  getPath(): string {
    return this.userData;
  }
  getAppPath(): string {
    return process.cwd();
  }
  getName(): string {
    return 'Switchboard';
  }
  requestSingleInstanceLock(): boolean {
    return this.lockAvailable;
  }
  setAsDefaultProtocolClient(protocol: string): boolean {
    this.protocolClients.push(protocol);
    return true;
  }
  setBadgeCount(count = 0): boolean {
    this.badges.push(count);
    return true;
  }
  enableSandbox(): void {
    this.calls.sandbox++;
  }
  async whenReady(): Promise<void> {}
  /** Like Electron: emits before-quit, and quits unless a listener prevented it. */
  quit(): void {
    this.calls.quit++;
    const event = fakeEvent();
    this.emit('before-quit', event);
    if (!event.prevented) this.quitted = true;
  }
  exit(): void {
    this.calls.exit++;
    this.quitted = true;
  }
  relaunch(): void {
    this.calls.relaunch++;
  }
}

export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static supported = true;
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  shown = false;
  constructor(readonly options: { title: string; body: string; silent?: boolean; icon?: string }) {
    super();
    FakeNotification.instances.push(this);
  }
  show(): void {
    this.shown = true;
  }
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  toolTip = '';
  menu: { template: MenuItemOptions[] } | null = null;
  destroyed = false;
  constructor(readonly iconPath: string) {
    super();
    FakeTray.instances.push(this);
  }
  setToolTip(text: string): void {
    this.toolTip = text;
  }
  setContextMenu(menu: object | null): void {
    this.menu = menu as { template: MenuItemOptions[] } | null;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export type FakeElectron = ElectronLike & {
  app: FakeApp;
  windows: FakeWindow[];
  protocolHandlers: Map<string, (request: Request) => Response | Promise<Response>>;
  privilegedSchemes: unknown[];
  permissionRequestHandler: PermissionRequestHandler | null;
  permissionCheckHandler: PermissionCheckHandler | null;
  ipcHandlers: Map<string, (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown>;
  invoke(channel: string, event: IpcMainInvokeEventLike, ...args: unknown[]): Promise<unknown>;
  opened: string[];
  /** Folders opened with shell.openPath (the tray's log folder). */
  openedPaths: string[];
  errors: Array<{ title: string; content: string }>;
};

export class FakeWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  readonly counts = { show: 0, focus: 0, restore: 0, maximize: 0 };
  minimized = false;
  maximized = false;
  focused = false;
  destroyed = false;
  bounds: Rectangle;
  constructor(
    readonly options: WindowOptions,
    app: FakeApp,
  ) {
    super();
    this.bounds = { x: options.x ?? 100, y: options.y ?? 100, width: options.width ?? 800, height: options.height ?? 600 };
    // Electron announces every new web contents; main guards them there.
    app.emit('web-contents-created', fakeEvent(), this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.webContents.url = url;
    this.emit('ready-to-show');
  }
  show(): void {
    this.counts.show++;
  }
  focus(): void {
    this.counts.focus++;
    this.focused = true;
  }
  restore(): void {
    this.counts.restore++;
    this.minimized = false;
  }
  close(): void {
    if (this.destroyed) return;
    this.emit('close');
    this.destroyed = true;
    this.emit('closed');
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isFocused(): boolean {
    return this.focused;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  maximize(): void {
    this.counts.maximize++;
    this.maximized = true;
  }
  getNormalBounds(): Rectangle {
    return this.bounds;
  }
}

export function createFakeElectron(userData: string): FakeElectron {
  const app = new FakeApp(userData);
  const windows: FakeWindow[] = [];
  const fake: FakeElectron = {
    app,
    windows,
    protocolHandlers: new Map(),
    privilegedSchemes: [],
    permissionRequestHandler: null,
    permissionCheckHandler: null,
    ipcHandlers: new Map(),
    opened: [],
    openedPaths: [],
    errors: [],
    BrowserWindow: class {
      constructor(options: WindowOptions) {
        const window = new FakeWindow(options, app);
        windows.push(window);
        return window;
      }
    } as unknown as ElectronLike['BrowserWindow'],
    protocol: {
      registerSchemesAsPrivileged: (schemes) => fake.privilegedSchemes.push(...schemes),
      handle: (scheme, handler) => fake.protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler) => (fake.permissionRequestHandler = handler),
        setPermissionCheckHandler: (handler) => (fake.permissionCheckHandler = handler),
      },
    },
    ipcMain: {
      handle: (channel, listener) => {
        if (fake.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
        fake.ipcHandlers.set(channel, listener);
      },
    },
    async invoke(channel, event, ...args) {
      const handler = fake.ipcHandlers.get(channel);
      if (!handler) throw new Error(`no handler for ${channel}`);
      return handler(event, ...args);
    },
    shell: {
      openExternal: async (url) => {
        fake.opened.push(url);
      },
      openPath: async (target) => {
        fake.openedPaths.push(target);
        return '';
      },
    },
    Notification: FakeNotification,
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template) => ({ template }) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    dialog: { showErrorBox: (title, content) => fake.errors.push({ title, content }) },
  };
  return fake;
}
