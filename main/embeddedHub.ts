import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { LoginResponse, type SetupInput } from '../services/contracts';
import { startHub, type Hub } from '../services/server/startHub';

export type StartHub = typeof startHub;

export type EmbeddedHubPaths = Readonly<{ dataDir: string; dbFile: string }>;

/** The embedded hub keeps its SQLite file and attachments under userData/hub. */
export function embeddedHubPaths(userData: string): EmbeddedHubPaths {
  const dataDir = path.join(userData, 'hub');
  return { dataDir, dbFile: path.join(dataDir, 'switchboard.sqlite') };
}

/** No database yet: the first run, which asks for the administrator account. */
export function isFirstRun(userData: string): boolean {
  return !existsSync(embeddedHubPaths(userData).dbFile);
}

export type EmbeddedHubOptions = Readonly<{
  userData: string;
  /** The built renderer, also served by the hub so a browser on this machine can open it. */
  rendererDir?: string;
  bootstrapAdmin?: SetupInput;
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  start?: StartHub;
  /** The desktop's rotating log (the hub's lines beside main's). */
  logger?: FastifyBaseLogger;
}>;

/** The hub in this process, on loopback only, on a free port. */
export async function startEmbeddedHub(options: EmbeddedHubOptions): Promise<Hub> {
  const { dataDir, dbFile } = embeddedHubPaths(options.userData);
  mkdirSync(dataDir, { recursive: true });
  const start = options.start ?? startHub;
  return start(
    {
      host: '127.0.0.1',
      port: 0,
      dbFile,
      dataDir,
      rendererDir: options.rendererDir,
      logLevel: options.logLevel ?? 'warn',
      ...(options.bootstrapAdmin ? { bootstrapAdmin: options.bootstrapAdmin } : {}),
    },
    options.logger ? { logger: options.logger } : {},
  );
}

/** Signs in over the hub's own HTTP API (the same call the renderer makes), validating the answer. */
export async function signIn(hubUrl: string, credentials: SetupInput): Promise<LoginResponse> {
  const response = await fetch(new URL('/api/login', hubUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: credentials.username, password: credentials.password }),
  });
  if (!response.ok) throw new Error(`sign-in failed: HTTP ${response.status}`);
  return LoginResponse.parse(await response.json());
}

/** hub.stop(), bounded: a hung shutdown must not keep the app from quitting. */
export async function stopHubWithin(hub: Pick<Hub, 'stop'>, ms: number): Promise<'stopped' | 'timed_out'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timed_out'>((resolve) => {
    timer = setTimeout(() => resolve('timed_out'), ms);
  });
  try {
    return await Promise.race([(async () => (await hub.stop(), 'stopped' as const))(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
