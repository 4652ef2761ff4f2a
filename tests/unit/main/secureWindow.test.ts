import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../../main/externalLinks';
import { createSecureWindow, guardWebContents, secureWebPreferences } from '../../../main/secureWindow';
import { FakeWebContents, createFakeElectron, fakeEvent } from '../../support/fakeElectron';

describe('secure window options', () => {
  it('sandboxes, isolates and strips Node from every window', () => {
    const prefs = secureWebPreferences('/app/dist/main/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/dist/main/preload.cjs',
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
    });
    expect(prefs.enableBlinkFeatures).toBeUndefined();
  });

  it('createSecureWindow cannot be talked out of the secure preferences', () => {
    const electron = createFakeElectron('/tmp/unused');
    const sneaky = { width: 10, preload: '/p.cjs', webPreferences: { nodeIntegration: true, sandbox: false } } as never;
    createSecureWindow(electron, sneaky);
    expect(electron.windows[0]!.options.webPreferences).toEqual(secureWebPreferences('/p.cjs'));
  });
});

describe('navigation and new windows', () => {
  const guarded = (hosts: string[] = []) => {
    const contents = new FakeWebContents();
    const opened: string[] = [];
    const refused: string[] = [];
    guardWebContents(contents, {
      externalHosts: () => hosts,
      openExternal: async (url) => {
        opened.push(url);
      },
      onRefused: (what, url) => refused.push(`${what} ${url}`),
    });
    return { contents, opened, refused };
  };

  it('denies every navigation away from the loaded page', () => {
    const { contents, refused } = guarded();
    expect(contents.navigate('https://evil.example/')).toBe(true);
    expect(contents.navigate('app://desktop/other')).toBe(true);
    expect(contents.navigate('file:///etc/passwd')).toBe(true);
    expect(refused).toHaveLength(3);
    const redirect = fakeEvent({ url: 'https://evil.example/' });
    contents.emit('will-redirect', redirect);
    expect(redirect.prevented).toBe(true);
  });

  it('refuses <webview>', () => {
    const { contents } = guarded();
    const event = fakeEvent();
    contents.emit('will-attach-webview', event);
    expect(event.prevented).toBe(true);
  });

  it('denies window.open; allow-listed https links go to the system browser instead', () => {
    const { contents, opened, refused } = guarded(['docs.example.com', '*.help.example.org']);
    expect(contents.windowOpenHandler!({ url: 'https://docs.example.com/guide' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'https://a.help.example.org/x' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'http://docs.example.com/' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://docs.example.com/guide', 'https://a.help.example.org/x']);
    expect(refused).toEqual(['window https://evil.example/', 'window http://docs.example.com/']);
  });
});

describe('external link allow-list', () => {
  const hosts = ['docs.example.com', '*.example.org'];
  it.each([
    ['https://docs.example.com/a?b#c', true],
    ['https://DOCS.example.com/', true],
    ['https://x.example.org/', true],
    ['https://deep.x.example.org/', true],
    ['https://example.org/', false],
    ['https://evilexample.org/', false],
    ['https://docs.example.com.evil.net/', false],
    ['http://docs.example.com/', false],
    ['https://user:pw@docs.example.com/', false],
    ['https://docs.example.com:8443/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://docs.example.com/share', false],
    ['not a url', false],
  ])('%s -> %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url, hosts)).toBe(allowed);
  });
});
