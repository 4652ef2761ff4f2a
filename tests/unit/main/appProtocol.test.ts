import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, resolveAppPath } from '../../../main/appProtocol';
import { buildCsp } from '../../../main/csp';
import { startTestHub, type TestHub } from '../../support/testHub';

let dir: string;
let renderer: string;
let setup: string;
let hubOrigin: string | null = 'http://127.0.0.1:4780';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'switchboard-app-protocol-'));
  renderer = path.join(dir, 'renderer');
  setup = path.join(dir, 'setup');
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  mkdirSync(setup, { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>desktop</title>');
  writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(setup, 'index.html'), '<!doctype html><title>setup</title>');
  writeFileSync(path.join(dir, 'secret.txt'), 'top secret');
  symlinkSync(path.join(dir, 'secret.txt'), path.join(renderer, 'assets', 'link.txt'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const handler = () => createAppProtocolHandler({ roots: { desktop: renderer, setup }, hubOrigin: () => hubOrigin });
const get = (url: string, init?: RequestInit) => handler()(new Request(url, init));

describe('resolveAppPath', () => {
  it('maps paths inside the root', () => {
    expect(resolveAppPath('/srv/app', '/')).toBe(path.resolve('/srv/app'));
    expect(resolveAppPath('/srv/app', '/assets/app.js')).toBe(path.resolve('/srv/app/assets/app.js'));
    expect(resolveAppPath('/srv/app', '/a%20b.js')).toBe(path.resolve('/srv/app/a b.js'));
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..\\secret.txt',
    '/index.html%00.png',
    '/%E0%A4%A', // malformed escape
  ])('rejects %s', (pathname) => {
    expect(resolveAppPath('/srv/app', pathname)).toBeNull();
  });
});

describe('app:// handler', () => {
  it('serves the renderer with CSP that allows connect only to the hub', async () => {
    const response = await get('app://desktop/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>desktop</title>');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toBe(buildCsp('http://127.0.0.1:4780'));
    expect(csp).toContain("connect-src 'self' http://127.0.0.1:4780 ws://127.0.0.1:4780 wss://*.twilio.com https://*.twilio.com;");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves assets with their type and falls back to index.html for app routes', async () => {
    const asset = await get('app://desktop/assets/app.js');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    const route = await get('app://desktop/conversations/42');
    expect(await route.text()).toContain('<title>desktop</title>');
    expect((await get('app://desktop/assets/missing.js')).status).toBe(404);
  });

  it('serves each host from its own root; the setup page gets no network at all', async () => {
    const response = await get('app://setup/');
    expect(await response.text()).toContain('<title>setup</title>');
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'none'");
    expect((await get('app://other/')).status).toBe(404);
  });

  it.each([
    'app://desktop/%2e%2e/secret.txt',
    'app://desktop/..%2fsecret.txt',
    'app://desktop/assets/..%2f..%2fsecret.txt',
    'app://desktop/..%5csecret.txt',
  ])('refuses traversal %s', async (url) => {
    const response = await get(url);
    // 403 when the decoded path leaves the root; 404 when the URL parser already folded the dots into the root.
    expect([403, 404]).toContain(response.status);
    expect(await response.text()).not.toContain('top secret');
  });

  it('folds plain ../ segments into the root instead of leaving it', async () => {
    const response = await get('app://desktop/../../secret.txt');
    expect(await response.text()).not.toContain('top secret');
  });

  it('does not follow a symlink out of the root', async () => {
    const response = await get('app://desktop/assets/link.txt');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('top secret');
  });

  it('refuses writes to static files', async () => {
    expect((await get('app://desktop/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
  });
});

describe('app://desktop/api proxy', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => {
    await hub.stop();
    hubOrigin = 'http://127.0.0.1:4780';
  });

  it('forwards /api/ calls to the hub, body and status included', async () => {
    hubOrigin = hub.hub.url;
    const health = await get('app://desktop/api/health');
    expect(await health.json()).toMatchObject({ ok: true });
    const bad = await get('app://desktop/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'wrong' }),
    });
    expect(bad.status).toBe(401);
    const good = await get('app://desktop/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'a=b' },
      body: JSON.stringify({ username: 'admin', password: 'admin-password-1' }),
    });
    expect(good.status).toBe(200);
    expect(((await good.json()) as { token: string }).token).toBeTruthy();
  });

  it('answers 503 before the hub is known and 413 for oversized bodies', async () => {
    hubOrigin = null;
    expect((await get('app://desktop/api/health')).status).toBe(503);
    hubOrigin = hub.hub.url;
    const big = await get('app://desktop/api/login', { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
    expect(big.status).toBe(413);
  });
});
