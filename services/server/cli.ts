import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../hub/configErrors';
import { importLegacyHours } from './legacyHours';
import { startHub } from './startHub';

const USAGE = `Usage: npm run hub -- [options]      (npm start -- [options] takes the same options)

Runs the Switchboard hub: the contact center's server, serving the desktop UI to a browser.

Options:
  --port N           port to listen on (default 4780; env SWITCHBOARD_PORT)
  --host ADDRESS     address to listen on (default 127.0.0.1; env SWITCHBOARD_HOST)
  --data DIR         data directory: the database, attachments, switchboard.json (default ./data;
                     env SWITCHBOARD_DATA)
  --config FILE      config file (default DIR/switchboard.json if it exists; env SWITCHBOARD_CONFIG)
  --public-url URL   the URL Twilio and web-chat hosts reach this hub at (env SWITCHBOARD_PUBLIC_URL)
  --log-level LEVEL  fatal | error | warn | info | debug | trace | silent (default warn; env
                     SWITCHBOARD_LOG_LEVEL). info logs every request.
  -h, --help         print this help

The first run creates an "admin" user and prints its password once (env SWITCHBOARD_ADMIN_PASSWORD sets it).
Config keys: docs/configuration.md.`;

/** An environment variable, with empty meaning unset (`FOO= npm start`). */
function env(name: string): string | undefined {
  return process.env[name] || undefined;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

/** A JSON config file (channel sections etc.); the hub validates every field of it on start. */
function readConfigFile(file: string | undefined, dataDir: string): { file: string | null; config: Record<string, unknown> } {
  const candidate = file ?? path.join(dataDir, 'switchboard.json');
  if (!existsSync(candidate)) {
    if (file) throw new Error(`config file not found: ${file}`);
    return { file: null, config: {} };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(candidate, 'utf8'));
  } catch (error) {
    throw new Error(`${candidate}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${candidate}: expected a JSON object`);
  return { file: candidate, config: parsed as Record<string, unknown> };
}

function logLevel(value: string | undefined): LogLevel {
  const level = value ?? 'warn';
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    throw new Error(`--log-level: expected one of ${LOG_LEVELS.join(', ')}, got "${level}"`);
  return level as LogLevel;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port: expected a port number 0-65535, got "${value}"`);
  return n;
}

/**
 * `npm run hub` / `npm start` without Electron: the hub headless. Config: the JSON file (`--config`, or
 * `<data>/switchboard.json`), overridden by flags, then env. Web chat needs no credentials, so it is on by
 * default; email and Twilio need their sections in the file. Prints the URL and the first-run admin
 * sign-in, and nothing else unless asked (--log-level info logs requests).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      config: { type: 'string' },
      'public-url': { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const dataDir = path.resolve(values.data ?? env('SWITCHBOARD_DATA') ?? 'data');
  mkdirSync(dataDir, { recursive: true });
  const { file, config: fileConfig } = readConfigFile(values.config ?? env('SWITCHBOARD_CONFIG'), dataDir);
  let hub;
  try {
    hub = await startHub({
      webchat: {},
      ...fileConfig,
      host: values.host ?? env('SWITCHBOARD_HOST') ?? '127.0.0.1',
      port: port(values.port ?? env('SWITCHBOARD_PORT') ?? '4780'),
      dbFile: path.join(dataDir, 'switchboard.sqlite'),
      publicUrl: values['public-url'] ?? env('SWITCHBOARD_PUBLIC_URL') ?? (fileConfig.publicUrl as string | undefined),
      bootstrapAdmin: {
        username: env('SWITCHBOARD_ADMIN_USER') ?? 'admin',
        password: env('SWITCHBOARD_ADMIN_PASSWORD'),
      },
      rendererDir: path.resolve('dist/renderer'),
      logLevel: logLevel(values['log-level'] ?? env('SWITCHBOARD_LOG_LEVEL')),
    });
  } catch (error) {
    // A bad key in the file is named with the file; flags and env are named by their key alone.
    if (error instanceof ConfigError && file && error.keyPath.split(/[.[]/)[0]! in fileConfig) throw error.inFile(file);
    throw error;
  }
  if (hub.center.listQueues().length === 0) {
    // A first run with nothing configured still routes: one queue for every channel.
    await hub.center.upsertQueue({
      id: 'support',
      name: 'Support',
      channels: ['voice', 'sms', 'email', 'chat'],
      skills: {},
      slaSeconds: 60,
      priority: 0,
    });
    // An old file's twilio.hours / webchat.hours may name the queue just created: move them now, not at the next start.
    await importLegacyHours({ center: hub.center, store: hub.store, log: hub.log, now: Date.now }, fileConfig);
  }
  process.stdout.write(`Switchboard is running at ${hub.url} (data in ${dataDir})\n`);
  if (hub.generatedAdminPassword) {
    process.stdout.write(`First sign-in: user "admin", password ${hub.generatedAdminPassword} (shown once; you will choose a new one).\n`);
  }
  const shutdown = async (): Promise<void> => {
    await hub.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  const unknownOption = (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
  process.stderr.write(
    `Switchboard hub failed to start: ${(error as Error).message}${unknownOption ? ' (options: npm run hub -- --help)' : ''}\n`,
  );
  process.exit(1);
});
