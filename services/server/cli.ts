import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importLegacyHours } from './legacyHours';
import { startHub } from './startHub';

/** A JSON config file (channel sections etc.); the hub validates every field of it on start. */
function readConfigFile(file: string | undefined, dataDir: string): Record<string, unknown> {
  const candidate = file ?? path.join(dataDir, 'switchboard.json');
  if (!existsSync(candidate)) {
    if (file) throw new Error(`config file not found: ${file}`);
    return {};
  }
  const parsed: unknown = JSON.parse(readFileSync(candidate, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${candidate}: expected a JSON object`);
  return parsed as Record<string, unknown>;
}

/**
 * `npm run hub` / `npm start` without Electron: the hub headless. Config: the JSON file (`--config`, or
 * `<data>/switchboard.json`), overridden by flags, then env. Web chat needs no credentials, so it is on by
 * default; email and Twilio need their sections in the file.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      config: { type: 'string' },
      'public-url': { type: 'string' },
    },
  });
  const dataDir = path.resolve(values.data ?? process.env.SWITCHBOARD_DATA ?? 'data');
  mkdirSync(dataDir, { recursive: true });
  const fileConfig = readConfigFile(values.config ?? process.env.SWITCHBOARD_CONFIG, dataDir);
  const hub = await startHub({
    webchat: {},
    ...fileConfig,
    host: values.host ?? process.env.SWITCHBOARD_HOST ?? '127.0.0.1',
    port: Number(values.port ?? process.env.SWITCHBOARD_PORT ?? 4780),
    dbFile: path.join(dataDir, 'switchboard.sqlite'),
    publicUrl: values['public-url'] ?? process.env.SWITCHBOARD_PUBLIC_URL,
    bootstrapAdmin: {
      username: process.env.SWITCHBOARD_ADMIN_USER ?? 'admin',
      password: process.env.SWITCHBOARD_ADMIN_PASSWORD,
    },
    rendererDir: path.resolve('dist/renderer'),
    logLevel: (process.env.SWITCHBOARD_LOG_LEVEL as 'info' | undefined) ?? 'info',
  });
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
  process.stdout.write(`Switchboard hub listening at ${hub.url} (data in ${dataDir})\n`);
  if (hub.generatedAdminPassword) {
    process.stdout.write(`First run: sign in as "admin" with password ${hub.generatedAdminPassword} (shown once; change it).\n`);
  }
  const shutdown = async (): Promise<void> => {
    await hub.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`Switchboard hub failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
