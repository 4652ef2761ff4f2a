import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { desktopChannels } from '../../../services/contracts';

// The electronegativity-equivalent check, run with the unit tests in CI: scans main/ and electron/ for the
// anti-patterns of the Electron security checklist, so a later change cannot quietly undo a fix.
// docs/desktop-security.md lists each finding and where it is handled.

const root = path.resolve(import.meta.dirname, '..', '..', '..');
function sources(folder: string): Array<{ file: string; text: string }> {
  const dir = path.join(root, folder);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => ({ file: path.join(folder, name), text: readFileSync(path.join(dir, name), 'utf8') }));
}
const desktopSources = [...sources('main'), ...sources('electron')];
const offending = (pattern: RegExp, allowedFiles: readonly string[] = []) =>
  desktopSources.filter(({ file, text }) => pattern.test(text) && !allowedFiles.includes(file)).map(({ file }) => file);

describe('Electron security checklist (static)', () => {
  it('scans the desktop sources', () => {
    expect(desktopSources.map((s) => s.file)).toEqual(
      expect.arrayContaining(['main/secureWindow.ts', 'main/desktopApp.ts', 'electron/preload.ts']),
    );
  });

  it.each([
    ['nodeIntegration enabled', /nodeIntegration\w*\s*:\s*true/],
    ['contextIsolation disabled', /contextIsolation\s*:\s*false/],
    ['sandbox disabled', /sandbox\s*:\s*false/],
    ['webSecurity disabled', /webSecurity\s*:\s*false/],
    ['insecure content allowed', /allowRunningInsecureContent\s*:\s*true/],
    ['experimental features', /experimentalFeatures\s*:\s*true/],
    ['extra Blink features', /enableBlinkFeatures\s*:/],
    ['<webview> enabled', /webviewTag\s*:\s*true/],
    ['file:// pages', /loadFile\(|loadURL\(\s*[`'"]file:/],
    ['http(s) pages loaded into a window', /loadURL\(\s*[`'"]https?:/],
    ['remote module', /@electron\/remote|enableRemoteModule/],
    ['certificate errors ignored', /certificate-error|setCertificateVerifyProc|ignore-certificate-errors/],
    ['insecure CSP', /unsafe-eval|'unsafe-inline'/],
    ['bypassCSP privilege', /bypassCSP\s*:\s*true/],
    ['dangerous blink/switches', /appendSwitch\(/],
  ])('no %s', (_label, pattern) => {
    expect(offending(pattern)).toEqual([]);
  });

  it('windows are created only through createSecureWindow', () => {
    expect(offending(/new\s+\w*\.?BrowserWindow\(/, ['main/secureWindow.ts'])).toEqual([]);
  });

  it('IPC handlers are registered only through handleSecure (sender + zod checks), and none use ipcMain.on', () => {
    expect(offending(/ipcMain\.handle\(/, ['main/ipc.ts'])).toEqual([]);
    expect(offending(/ipcMain\.(on|once)\(/)).toEqual([]);
    const app = readFileSync(path.join(root, 'main/desktopApp.ts'), 'utf8');
    for (const channel of [
      'notify',
      'setStatus',
      'openExternal',
      'getHubConnection',
      'setHubConnection',
      'drainDeepLinks',
      'completeSetup',
    ] as const) {
      expect(app).toMatch(new RegExp(`handleSecure\\(ipcMain, desktopChannels\\.${channel},`));
    }
    expect(Object.keys(desktopChannels).sort()).toEqual(
      [
        'completeSetup',
        'deepLink',
        'drainDeepLinks',
        'focusConversation',
        'getHubConnection',
        'notify',
        'openExternal',
        'setHubConnection',
        'setStatus',
      ].sort(),
    );
  });

  it('shell.openExternal is reached only after the allow-list check', () => {
    expect(
      offending(/openExternal\(/, ['main/desktopApp.ts', 'main/secureWindow.ts', 'main/electronLike.ts', 'electron/preload.ts']),
    ).toEqual([]);
    const guard = readFileSync(path.join(root, 'main/secureWindow.ts'), 'utf8');
    expect(guard).toMatch(/if \(isAllowedExternalUrl\(url, options\.externalHosts\(\)\)\) \{\s*void options\.openExternal\(url\)/);
  });

  it('navigation, new windows, webviews and permissions are handled globally', () => {
    const app = readFileSync(path.join(root, 'main/desktopApp.ts'), 'utf8');
    expect(app).toMatch(/app\.on\('web-contents-created', \(_event, contents\) => this\.guard\(contents\)\)/);
    expect(app).toMatch(/installPermissionHandlers\(session\.defaultSession\)/);
    expect(app).toMatch(/app\.enableSandbox\(\)/);
  });

  it('the preload exposes one function per call and never ipcRenderer itself or a generic send', () => {
    const preload = readFileSync(path.join(root, 'electron/preload.ts'), 'utf8');
    expect(preload).not.toMatch(/ipcRenderer\.(send|sendSync|sendTo|postMessage)\(/);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    expect(preload).not.toMatch(/invoke\(\s*(channel|name)\b/);
    const invoked = [...preload.matchAll(/ipcRenderer\.invoke\(desktopChannels\.(\w+)/g)].map((m) => m[1]);
    expect(new Set(invoked)).toEqual(
      new Set(['drainDeepLinks', 'notify', 'setStatus', 'openExternal', 'getHubConnection', 'setHubConnection', 'completeSetup']),
    );
    expect([...preload.matchAll(/exposeInMainWorld\(/g)]).toHaveLength(2);
  });
});
