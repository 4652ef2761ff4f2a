import type { ElectronLike, WebContentsLike, WebPreferencesLike, WindowLike, WindowOptions } from './electronLike';
import { isAllowedExternalUrl } from './externalLinks';

/**
 * The only web preferences any window gets (Electron security checklist): renderer sandboxed and isolated from
 * the preload, no Node, web security on, no insecure content, no experimental or extra Blink features, no
 * <webview>, and no navigation by dropping a file.
 */
export function secureWebPreferences(preload: string): WebPreferencesLike {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    // Middle-click opens links in new windows without going through the window-open handler in old versions.
    disableBlinkFeatures: 'Auxclick',
  };
}

export type SecureWindowOptions = Omit<WindowOptions, 'webPreferences'> & Readonly<{ preload: string }>;

export function createSecureWindow(electron: Pick<ElectronLike, 'BrowserWindow'>, options: SecureWindowOptions): WindowLike {
  const { preload, ...windowOptions } = options;
  return new electron.BrowserWindow({ ...windowOptions, webPreferences: secureWebPreferences(preload) });
}

export type ContentsGuardOptions = Readonly<{
  /** Host allow-list for https links the user clicks (opened in the system browser, never in the app). */
  externalHosts: () => readonly string[];
  openExternal: (url: string) => Promise<void>;
  onRefused?: (what: 'navigation' | 'window' | 'webview' | 'external', url: string) => void;
}>;

/**
 * Applied to every web contents the app ever creates (`web-contents-created`): no navigation away from the
 * loaded page, no new windows, no <webview>. A window.open/link to an allow-listed https host goes to the system
 * browser instead.
 */
export function guardWebContents(contents: WebContentsLike, options: ContentsGuardOptions): void {
  const refuse = options.onRefused ?? (() => {});
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    refuse('navigation', event.url);
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
    refuse('navigation', event.url);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    refuse('webview', '');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url, options.externalHosts())) {
      void options.openExternal(url).catch(() => refuse('external', url));
    } else {
      refuse('window', url);
    }
    return { action: 'deny' };
  });
}
