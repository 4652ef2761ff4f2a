import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startHub } from './startHub';

/** `npm run hub`: the hub headless (team mode). Config from flags, then env, then defaults. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      'public-url': { type: 'string' },
    },
  });
  const dataDir = path.resolve(values.data ?? process.env.SWITCHBOARD_DATA ?? 'data');
  mkdirSync(dataDir, { recursive: true });
  const hub = await startHub({
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
