/**
 * The part of Electron the main process uses, and nothing more. main/index.ts passes the real module (the
 * compiler checks it fits); unit tests pass a small fake. Keeping the surface narrow keeps main testable under
 * plain Node, where the Electron binary may be missing.
 */

export type PreventableEvent = { preventDefault(): void };

export type WebPreferencesLike = {
  preload?: string;
  sandbox?: boolean;
  contextIsolation?: boolean;
  nodeIntegration?: boolean;
  nodeIntegrationInWorker?: boolean;
  nodeIntegrationInSubFrames?: boolean;
  webSecurity?: boolean;
  allowRunningInsecureContent?: boolean;
  experimentalFeatures?: boolean;
  webviewTag?: boolean;
  navigateOnDragDrop?: boolean;
  spellcheck?: boolean;
  disableBlinkFeatures?: string;
  enableBlinkFeatures?: string;
  safeDialogs?: boolean;
};

export type WindowOptions = {
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  minWidth?: number;
  minHeight?: number;
  show?: boolean;
  title?: string;
  resizable?: boolean;
  minimizable?: boolean;
  maximizable?: boolean;
  autoHideMenuBar?: boolean;
  backgroundColor?: string;
  icon?: string;
  webPreferences: WebPreferencesLike;
};

export type Rectangle = { x: number; y: number; width: number; height: number };

export type HandlerDetails = { url: string };
export type WindowOpenResponse = { action: 'deny' };

export type WebContentsLike = {
  readonly id: number;
  on(event: 'will-navigate', listener: (details: PreventableEvent & { url: string }) => void): unknown;
  on(event: 'will-redirect', listener: (details: PreventableEvent & { url: string }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'did-finish-load', listener: () => void): unknown;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenResponse): void;
  send(channel: string, ...args: unknown[]): void;
  getURL(): string;
};

export type WindowLike = {
  readonly webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  close(): void;
  isMinimized(): boolean;
  isMaximized(): boolean;
  isFocused(): boolean;
  isDestroyed(): boolean;
  maximize(): void;
  getNormalBounds(): Rectangle;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
};

export type BrowserWindowConstructor = new (options: WindowOptions) => WindowLike;

export type AppLike = {
  readonly isPackaged: boolean;
  getPath(name: 'userData'): string;
  getAppPath(): string;
  getName(): string;
  requestSingleInstanceLock(): boolean;
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  setBadgeCount(count?: number): boolean;
  enableSandbox(): void;
  whenReady(): Promise<void>;
  quit(): void;
  exit(exitCode?: number): void;
  relaunch(): void;
  on(event: 'second-instance', listener: (event: PreventableEvent, argv: string[], workingDirectory: string) => void): unknown;
  on(event: 'open-url', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
  on(event: 'web-contents-created', listener: (event: PreventableEvent, contents: WebContentsLike) => void): unknown;
};

export type CustomSchemeLike = {
  scheme: string;
  privileges?: {
    standard?: boolean;
    secure?: boolean;
    supportFetchAPI?: boolean;
    corsEnabled?: boolean;
    stream?: boolean;
    bypassCSP?: boolean;
    allowServiceWorkers?: boolean;
    codeCache?: boolean;
  };
};

export type ProtocolLike = {
  registerSchemesAsPrivileged(schemes: CustomSchemeLike[]): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
};

export type PermissionRequestDetails = { requestingUrl?: string; mediaTypes?: Array<'video' | 'audio'>; isMainFrame?: boolean };
export type PermissionCheckDetails = { requestingUrl?: string; mediaType?: 'video' | 'audio' | 'unknown' };

export type PermissionRequestHandler = (
  webContents: WebContentsLike,
  permission: string,
  callback: (granted: boolean) => void,
  details: PermissionRequestDetails,
) => void;
export type PermissionCheckHandler = (
  webContents: WebContentsLike | null,
  permission: string,
  requestingOrigin: string,
  details: PermissionCheckDetails,
) => boolean;

export type SessionLike = {
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void;
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void;
};

export type FrameLike = { readonly url: string; readonly parent: FrameLike | null };
export type IpcMainInvokeEventLike = { readonly sender: WebContentsLike; readonly senderFrame: FrameLike | null };

export type IpcMainLike = {
  handle(channel: string, listener: (event: IpcMainInvokeEventLike, ...args: unknown[]) => unknown): void;
};

export type NotificationLike = {
  show(): void;
  on(event: 'click', listener: () => void): unknown;
};
export type NotificationConstructor = {
  new (options: { title: string; body: string; silent?: boolean; icon?: string }): NotificationLike;
  isSupported(): boolean;
};

export type MenuItemOptions = { label?: string; enabled?: boolean; type?: 'normal' | 'separator'; click?: () => void };
export type MenuLike = object;
export type TrayLike = {
  setToolTip(toolTip: string): void;
  setContextMenu(menu: MenuLike | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
};

export type ElectronLike = {
  app: AppLike;
  BrowserWindow: BrowserWindowConstructor;
  protocol: ProtocolLike;
  session: { readonly defaultSession: SessionLike };
  ipcMain: IpcMainLike;
  /** openPath resolves to an error message, or '' on success (Electron's contract). */
  shell: { openExternal(url: string): Promise<void>; openPath(path: string): Promise<string> };
  Notification: NotificationConstructor;
  /** Built from an icon file path. */
  Tray: new (iconPath: string) => TrayLike;
  Menu: { buildFromTemplate(template: MenuItemOptions[]): MenuLike };
  screen: { getAllDisplays(): Array<{ workArea: Rectangle }> };
  dialog: { showErrorBox(title: string, content: string): void };
};
