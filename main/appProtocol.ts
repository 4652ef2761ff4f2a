import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { buildCsp } from './csp';
import type { CustomSchemeLike } from './electronLike';

export const APP_SCHEME = 'app';
/** Each page family gets its own origin, so IPC handlers can tell the first-run page from the desktop UI. */
export const appHosts = ['desktop', 'setup'] as const;
export type AppHost = (typeof appHosts)[number];
export const appOrigin = (host: AppHost): string => `${APP_SCHEME}://${host}`;

/** `standard` gives app:// real origins and relative URL resolution; `secure` makes it a secure context. */
export const appSchemePrivileges: CustomSchemeLike[] = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
];

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Maps a URL path onto a file under `root`, or null when it would leave `root` (encoded or not, either slash).
 * The URL parser already folds plain `..` segments; this also catches `%2e%2e`, `%2f`, `\` and NUL.
 */
export function resolveAppPath(root: string, urlPathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').some((segment) => segment === '..')) return null;
  const base = path.resolve(root);
  const full = path.resolve(base, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  const relative = path.relative(base, full);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return full;
}

export type AppProtocolOptions = Readonly<{
  /** Folder served for each host: desktop -> dist/renderer, setup -> dist/main/setup. */
  roots: Readonly<Record<AppHost, string>>;
  /** The hub the desktop talks to (null until known): CSP connect-src and the /api proxy target. */
  hubOrigin: () => string | null;
  /** Upper bound for a proxied request body (the hub's own limit is 1 MiB). */
  maxProxyBodyBytes?: number;
}>;

const securityHeaders = (csp: string): Record<string, string> => ({
  'Content-Security-Policy': csp,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
});

const notBuiltPage =
  '<!doctype html><meta charset="utf-8"><title>Switchboard</title>' +
  '<p>The desktop UI has not been built. Run <code>npm run build</code> and restart.</p>';

/** The handler for `protocol.handle('app', ...)`: static files with CSP, plus `/api/*` forwarded to the hub. */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const maxBody = options.maxProxyBodyBytes ?? 1024 * 1024;
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return new Response('bad request', { status: 400 });
    }
    const host = appHosts.find((candidate) => candidate === url.host);
    if (url.protocol !== `${APP_SCHEME}:` || !host) return new Response('not found', { status: 404 });
    const csp = buildCsp(host === 'desktop' ? options.hubOrigin() : null);

    if (host === 'desktop' && url.pathname.startsWith('/api/')) return proxyToHub(request, url, options.hubOrigin(), maxBody);
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('method not allowed', { status: 405 });

    const root = options.roots[host];
    const file = resolveAppPath(root, url.pathname);
    if (!file) return new Response('forbidden', { status: 403 });
    const served = await findServedFile(root, file, url.pathname);
    if (!served) {
      if (url.pathname === '/' || url.pathname === '/index.html') {
        return new Response(notBuiltPage, { status: 200, headers: { ...securityHeaders(csp), 'Content-Type': contentTypes['.html']! } });
      }
      return new Response('not found', { status: 404, headers: securityHeaders(csp) });
    }
    const body = request.method === 'HEAD' ? null : await readFile(served);
    const type = contentTypes[path.extname(served).toLowerCase()] ?? 'application/octet-stream';
    return new Response(body, { status: 200, headers: { ...securityHeaders(csp), 'Content-Type': type } });
  };
}

/** The file to serve, following the single-page-app rule (extension-less paths get index.html). */
async function findServedFile(root: string, file: string, pathname: string): Promise<string | null> {
  const candidates = [file, path.join(file, 'index.html')];
  if (path.extname(pathname) === '') candidates.push(path.join(root, 'index.html'));
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return null;
  }
  for (const candidate of candidates) {
    try {
      // A symlink inside the bundle must not lead out of it either.
      const real = await realpath(candidate);
      const relative = path.relative(realRoot, real);
      if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
      if ((await stat(real)).isFile()) return real;
    } catch {
      // try the next candidate
    }
  }
  return null;
}

const forwardedRequestHeaders = ['content-type', 'authorization', 'accept'] as const;

/**
 * The renderer uses relative `/api/...` URLs: served by the hub in a browser, forwarded here in the desktop.
 * Only `/api/` paths, only to the configured hub; cookies are neither sent nor returned.
 */
async function proxyToHub(request: Request, url: URL, hubOrigin: string | null, maxBody: number): Promise<Response> {
  if (!hubOrigin) return new Response(JSON.stringify({ code: 'unavailable', message: 'hub not started' }), { status: 503 });
  const headers = new Headers();
  for (const name of forwardedRequestHeaders) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  let body: ArrayBuffer | undefined;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    body = await request.arrayBuffer();
    if (body.byteLength > maxBody) return new Response('payload too large', { status: 413 });
  }
  try {
    const upstream = await fetch(new URL(`${url.pathname}${url.search}`, hubOrigin), {
      method: request.method,
      headers,
      body,
      redirect: 'manual',
    });
    const responseHeaders: Record<string, string> = { 'X-Content-Type-Options': 'nosniff' };
    const type = upstream.headers.get('content-type');
    if (type) responseHeaders['Content-Type'] = type;
    const payload = upstream.status === 204 || request.method === 'HEAD' ? null : await upstream.arrayBuffer();
    return new Response(payload, { status: upstream.status, headers: responseHeaders });
  } catch {
    return new Response(JSON.stringify({ code: 'unavailable', message: 'hub unreachable' }), { status: 502 });
  }
}
