import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { Server as SocketServer } from 'socket.io';
import { defaultCapacity } from '../contracts';
import { AgentAuth } from '../hub/agentAuth';
import { attachAgentNamespace, type AgentNamespace } from '../hub/agentSocket';
import { agentSockets } from '../hub/agentSockets';
import { hashPassword, randomPassword } from '../hub/auth';
import { ChannelRegistry, type ChannelAdapter } from '../hub/channels';
import { clientNamespaces } from '../hub/clientNamespace';
import { HubConfig, type HubConfigInput } from '../hub/config';
import { ConfigError, parseConfig } from '../hub/configErrors';
import { ContactCenter } from '../hub/contactCenter';
import { registerBaselineHeaders, registerHttpRoutes } from '../hub/http';
import type { AuditTrail } from '../hub/audit';
import { storeAuditTrail } from '../audit/trail';
import { LIVE_MODULES, type AnyHubModule, type HubModuleContext } from '../hub/module';
import { roomPusher } from '../hub/push';
import { provide, ServiceRegistry } from '../hub/services';
import { storedSections } from '../settings/repo';
import { ingestOnWorker } from '../ingest/ingest';
import { IngestWorker } from '../ingest/worker/client';
import { countAgents } from '../store/repos/agents';
import { Store } from '../store/store';
import { commandTable } from './commandTable';
import { hubMigrations } from './migrations';
import { defaultModules } from './modules';
import { importLegacyHours } from './legacyHours';
import { ModuleHost } from './moduleHost';
import { routerStatus } from './routerStatus';
import { clusterConfigOf, requireSharedDataDir, startTeamMode } from './teamMode';

export type Hub = Readonly<{
  url: string;
  port: number;
  center: ContactCenter;
  store: Store;
  services: ServiceRegistry;
  auth: AgentAuth;
  channels: ChannelRegistry;
  io: SocketServer;
  log: FastifyBaseLogger;
  /** Set when the first run generated an admin password (shown once). */
  generatedAdminPassword: string | null;
  stop(): Promise<void>;
}>;

export type HubExtensions = Readonly<{
  /** Adapters to register before the hub starts serving. */
  adapters?: readonly ChannelAdapter[];
  /** Feature modules; defaults to defaultModules(). */
  modules?: readonly AnyHubModule[];
  now?: () => number;
  /** A logger to write to instead of stdout (the desktop's log file). */
  logger?: FastifyBaseLogger;
  /** Where audited changes go (tests record them); defaults to the hub's own trail. */
  audit?: AuditTrail;
}>;

const version = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

/** The composition root: store, routing, HTTP, sockets and the modules. Resolves once the hub accepts connections. */
export async function startHub(input: HubConfigInput, extensions: HubExtensions = {}): Promise<Hub> {
  const fileConfig = parseConfig(HubConfig, input);
  const modules = extensions.modules ?? defaultModules();
  checkModuleSections(modules, fileConfig);
  const teamMode = clusterConfigOf(fileConfig) !== null;
  const dataDir = fileConfig.dataDir ?? path.dirname(path.resolve(fileConfig.dbFile));
  // Team mode: every hub shares one dataDir; a hub that does not stops here, before it opens anything.
  await requireSharedDataDir(fileConfig, dataDir);
  const now = extensions.now ?? Date.now;
  const app = Fastify({
    // An embedder's logger (the desktop's rotating file) replaces the console one; requests are not logged there.
    ...(extensions.logger
      ? { loggerInstance: extensions.logger, disableRequestLogging: true }
      : { logger: { level: fileConfig.logLevel } }),
    // A request's child logger exists to stamp its lines with the request id; a silent hub writes no lines,
    // and building one per request (bindings serialised) was a measurable part of a webhook's CPU.
    childLoggerFactory: (logger, bindings, options) => (logger.level === 'silent' ? logger : logger.child(bindings, options)),
    bodyLimit: 1024 * 1024,
    // Webhook providers retry on slow answers; our handlers answer after a group commit (ms).
    connectionTimeout: 30_000,
  });
  const log = app.log;
  const store = await Store.open(
    fileConfig.store?.engine === 'postgres'
      ? { engine: 'postgres', url: fileConfig.store.url, poolMax: fileConfig.store.pool?.max, migrations: hubMigrations(modules) }
      : {
          file: fileConfig.store?.path ?? fileConfig.dbFile,
          migrations: hubMigrations(modules),
          checkpoint: { onError: (error) => log.warn({ err: error }, 'WAL checkpoint failed; retrying on the next pass') },
        },
  );
  // The ingest worker opens the same SQLite file with its own connection; PostgreSQL has no use for it.
  const ingestWorker =
    fileConfig.ingestOn === 'worker' && fileConfig.store?.engine !== 'postgres'
      ? await IngestWorker.start(fileConfig.store?.path ?? fileConfig.dbFile).catch((err: unknown) => {
          // Ingest works the same on the main writer, only with more of its cost on the main thread.
          log.warn({ err }, 'the ingest worker thread could not start; ingesting on the main writer');
          return null;
        })
      : null;
  if (ingestWorker) ingestOnWorker(store, ingestWorker);
  // Channel sections saved on screen (hub database) override the config file's; the file keeps the rest.
  const saved = modules.some((m) => m.name === 'settings') ? await storedSections(store) : [];
  const config: HubConfig = { ...fileConfig, ...Object.fromEntries(saved.map((s) => [s.section, s.value])) };
  const channels = new ChannelRegistry();
  for (const adapter of extensions.adapters ?? []) channels.register(adapter);
  const center = new ContactCenter(store, config, channels, log, now);

  let generatedAdminPassword: string | null = null;
  if ((await countAgents(store)) === 0) {
    const password = config.bootstrapAdmin.password ?? randomPassword();
    if (!config.bootstrapAdmin.password) generatedAdminPassword = password;
    await center.upsertAgent({
      username: config.bootstrapAdmin.username,
      displayName: 'Administrator',
      role: 'admin',
      skills: {},
      capacity: defaultCapacity,
      passwordHash: await hashPassword(password),
      // A generated password was printed to a console or a log: its first use must replace it.
      mustChangePassword: generatedAdminPassword !== null,
    });
  }
  // Team mode: routing state is the router hub's; this hub loads it when it becomes the router.
  if (teamMode) await center.loadStandby();
  else await center.load();
  await importLegacyHours({ center, store, log, now }, config);

  const io = new SocketServer(app.server, {
    serveClient: false,
    // Messages are capped far below this by the contract; the transport cap stops abuse before parsing.
    maxHttpBufferSize: 1_000_000,
    cors: { origin: true, credentials: false },
  });
  // Team mode (PostgreSQL): pushes reach sockets on every hub; background jobs run on one hub each.
  const team = await startTeamMode({ io, store, config, center, log });
  const agentNamespace = io.of('/agent') as AgentNamespace;
  const push = roomPusher(agentNamespace, { cluster: team.clustered });
  const sockets = agentSockets(agentNamespace);
  const services = new ServiceRegistry();
  const handlers = commandTable(modules);
  const auth = new AgentAuth({ store, center, config, now });
  const audit = extensions.audit ?? storeAuditTrail({ store, now, nameOf: (agentId) => center.agent(agentId)?.username ?? null });
  const serveRouterCalls = attachAgentNamespace(agentNamespace, {
    store,
    center,
    config,
    log,
    now,
    services,
    push,
    sockets,
    handlers,
    auth,
    audit,
    ...(team.router ? { router: team.router } : {}),
  });
  team.serveRouterCalls(serveRouterCalls);

  registerBaselineHeaders(app);
  const moduleContext: HubModuleContext = {
    store,
    center,
    config,
    log,
    now,
    dataDir,
    push,
    sockets,
    auth,
    services,
    namespaces: clientNamespaces(io),
    audit,
    singletons: team.singletons,
  };
  const host = new ModuleHost(modules, moduleContext, { services, channels });
  services.provide(provide(LIVE_MODULES, host));
  await host.setupAll(app);

  registerHttpRoutes(app, { store, config, now, version, auth, audit });
  // Team mode: a load balancer's health check finds the hub that routes now (200), the others answer 503.
  app.get('/api/cluster/router', async (request, reply) => routerStatus(request.query, team.clustered, center, reply));
  await app.listen({ host: config.host, port: config.port });
  const port = (app.server.address() as AddressInfo).port;

  center.start(push);
  team.startRouting();
  auth.start();
  for (const adapter of channels.all()) await adapter.start?.();
  await host.startAll();

  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      center.beginShutdown();
      auth.stop();
      await host.stopAll((name, err) => log.warn({ err, module: name }, 'module stop failed'));
      for (const adapter of channels.all()) await adapter.stop?.().catch((err: unknown) => log.warn({ err }, 'adapter stop failed'));
      // This hub's sockets only: with the PostgreSQL adapter a plain disconnectSockets reaches every hub's.
      io.of('/agent').local.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await team.stop().catch((err: unknown) => log.warn({ err }, 'team mode stop failed'));
      await app.close();
      await center.stop();
      await store.close();
      // After the store's writer drained: it hands the worker its last batches.
      await ingestWorker?.close();
    })();
    return stopping;
  };
  return { url, port, center, store, services, auth, channels, io, log, generatedAdminPassword, stop };
}

/** Every present module section must parse before anything starts (absent sections leave the module off). */
function checkModuleSections(modules: readonly AnyHubModule[], config: HubConfig): void {
  for (const { configSection } of modules) {
    if (!configSection) continue;
    const value = (config as Record<string, unknown>)[configSection.key];
    if (value === undefined) continue;
    parseConfig(configSection.schema, value, [configSection.key]);
    const problem = configSection.check?.(value, config);
    if (problem) throw new ConfigError(problem.path, problem.problem);
  }
}
