import type { FastifyBaseLogger } from 'fastify';
import { pgLib } from '../store/postgres/pgLib';
import type { Server } from 'socket.io';
import { QueueStats, type ChannelKind } from '../contracts';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ClusterConfig, partitionCount, partitionOf } from '../cluster/config';
import { OfferFence } from '../cluster/fence';
import { RouterLeadership } from '../cluster/leadership';
import { routerCensus } from '../cluster/census';
import { EventFeed, type FeedRow } from '../cluster/eventFeed';
import { clusterSingletons, localSingletons, type Singletons } from '../cluster/singletons';
import { attachClusterAdapter } from '../cluster/socketAdapter';
import type { HubConfig } from '../hub/config';
import type { RouterCall, RouterCallServer, RouterLink } from '../hub/agentSocket';
import type { ContactCenter } from '../hub/contactCenter';
import type { PartitionFence } from '../hub/center/partitionRouting';
import { RouterForwarder } from '../cluster/forward';
import { DeadHubWatch, HubLiveness } from '../cluster/hubLiveness';
import { checkSharedDataDir, NotSharedDataDir } from '../cluster/sharedDataDir';
import { partitionOfCall } from '../hub/routerPartition';
import { ConfigError, parseConfig } from '../hub/configErrors';
import { lastEventSeq, type EventRow } from '../store/repos/events';
import type { Store } from '../store/store';

const OWN_SETTLE_MS = 50;
const REANNOUNCE = 'cluster:reannounce';
/** A hub that does not route tells the router which conversations its commits touched. */
const ADOPT = 'cluster:adopt';
const ROUTER_STATS = 'cluster:routerStats';
/** Several partitions: a queue or agent edited on one hub is reloaded by the others (their routers). */
const DIRECTORY = 'cluster:directory';
const DirectoryChange = z.union([
  z.strictObject({ queueId: z.string().min(1).max(64) }),
  z.strictObject({ agentId: z.number().int().positive() }),
]);
/** How often the router hub looks for changed queue figures to broadcast; unchanged ones go every 2 s. */
const ROUTER_STATS_MS = 200;
const ROUTER_STATS_REFRESH_MS = 2000;

/** What the composition root gets from team mode; on a single hub, nothing changes but the names. */
export type TeamMode = Readonly<{
  /** Several hubs share the database: pushes go through the PostgreSQL adapter. */
  clustered: boolean;
  cluster: ClusterConfig | null;
  singletons: Singletons;
  /** Team mode: starts contending for the router lock (once the hub listens and pushes). */
  startRouting(): void;
  /** Team mode: how agents' sockets on this hub reach the router hub. */
  router?: RouterLink;
  /** Team mode: what this hub runs when it is the router and another hub's agent calls. */
  serveRouterCalls(serve: RouterCallServer): void;
  stop(): Promise<void>;
}>;

/** Checks the `cluster` section before anything starts: it only means something on PostgreSQL. */
export function clusterConfigOf(config: HubConfig): ClusterConfig | null {
  if (config.store?.engine !== 'postgres') {
    if (config.cluster !== undefined)
      throw new ConfigError('cluster', 'team mode needs store.engine "postgres" (several hubs on one database)');
    return null;
  }
  return parseConfig(ClusterConfig, config.cluster ?? {}, ['cluster']);
}

/**
 * Team mode (store.engine postgres): socket.io's PostgreSQL adapter on the hub's socket server, background
 * jobs behind one advisory lock each, and the event feed that brings other hubs' committed events into this
 * hub's fold (the live board is the fold of the one log on every hub). On SQLite: local singletons, nothing
 * else (the single hub as before).
 */
export async function startTeamMode(
  parts: Readonly<{ io: Server; store: Store; config: HubConfig; center: ContactCenter; log: FastifyBaseLogger }>,
): Promise<TeamMode> {
  const { io, store, config, center, log } = parts;
  const cluster = clusterConfigOf(config);
  if (!cluster || config.store?.engine !== 'postgres') {
    const singletons = localSingletons();
    return {
      clustered: false,
      cluster: null,
      singletons,
      startRouting: () => undefined,
      serveRouterCalls: () => undefined,
      stop: () => singletons.stopAll(),
    };
  }
  const url = config.store.url;
  const hubName = hubNameOf(cluster);
  // Several routing partitions: one router per partition, each on its own lock (docs/scale-out.md).
  const partitioned = partitionCount(cluster) > 1;
  if (partitioned) center.usePartitions((queueId) => partitionOf(cluster, queueId));
  const routesFor = (partition: number): boolean => (partitioned ? center.routesPartition(partition) : center.routes);
  const warn = (err: unknown): void => log.warn({ err }, 'team mode: database connection problem; retrying');
  const closeAdapter = await attachClusterAdapter(io, url, warn);
  const singletons = clusterSingletons({ url, retryMs: cluster.lockRetryMs, heartbeatMs: cluster.heartbeatMs, log });

  // This hub's own events reach its fold as they commit; it tells the other hubs with NOTIFY (new max seq).
  const notifier = new (pgLib().Pool)({ connectionString: url, max: 1, application_name: 'switchboard event notify' });
  notifier.on('error', warn);
  const own = new Set<number>();
  const held: FeedRow[] = [];
  let settle: NodeJS.Timeout | null = null;
  const agents = io.of('/agent');
  agents.on(ADOPT, (raw: unknown) => {
    const ids = z.array(z.number().int().positive()).max(10_000).safeParse(raw);
    if (ids.success && center.routes) center.adopt(ids.data).catch(warn);
  });
  const unsubscribe = store.onEvents((events) => {
    let max = 0;
    for (const e of events) {
      own.add(e.seq);
      max = Math.max(max, e.seq);
    }
    if (max > 0) EventFeed.notify(notifier, max).catch(warn);
    // The router hears of this hub's commits at once, not after the feed's settle: an arrival here is
    // offered as fast as one on the router's own hub.
    // Several partitions: whichever router hosts the contact's queue takes it (the others skip it).
    if (partitioned || !center.routes) {
      const touched = conversationsOf(events);
      if (touched.length > 0) agents.serverSideEmit(ADOPT, touched);
    }
  });
  const feed = new EventFeed({
    url,
    fromSeq: await lastEventSeq(store),
    onError: warn,
    onRows: (rows) => {
      // A poll can read this hub's own rows a moment before its writer has seen the COMMIT answer (and
      // added them to `own`): rows look foreign only after a short settle, so none is folded twice.
      held.push(...rows);
      settle ??= setTimeout(() => {
        settle = null;
        const foreign = held.splice(0).filter((r) => !own.delete(r.seq));
        store.publishCommitted(foreign.map(toEventRow));
        // The router adopts what other hubs committed (new contacts, reopens, customers who left); most
        // reached it already by a direct call (ADOPT below), this is the backstop.
        const touched = conversationsOf(foreign);
        if (center.routes && touched.length > 0) center.adopt(touched).catch(warn);
      }, OWN_SETTLE_MS);
    },
  });
  // Agents on this hub reach the router hub over the adapter's inter-server channel (answers come back on
  // the ack, pushes through the adapter). A new router asks every hub to re-announce its agents.
  let serve: RouterCallServer | null = null;
  // Hub liveness: calls carry this hub's id; the router counts remote sockets per hub and disconnects the
  // agents of a hub whose liveness lock PostgreSQL has freed (it died). docs/scale-out.md.
  const hubId = randomUUID();
  const watch = new DeadHubWatch({
    url,
    hubId,
    intervalMs: cluster.heartbeatMs,
    routes: () => center.routes,
    disconnect: (agentId) => center.agentDisconnected(agentId),
    log,
  });
  const forwarder = new RouterForwarder({
    namespace: agents,
    leads: routesFor,
    apply: async (command) => {
      if (!serve) throw new Error('router not ready');
      return watch.admit(command.input) ? serve(command.input as RouterCall) : null;
    },
  });
  const router: RouterLink = {
    local: (agentId) => routesFor(partitioned ? center.partitionOfAgent(agentId) : 0),
    partitioned,
    call: async (call) =>
      forwarder.send({
        partition: partitioned ? await partitionOfCall(center, store, call) : 0,
        name: call.kind,
        agentId: call.agentId,
        input: { ...call, hubId },
      }),
  };
  /**
   * Tells the router of `partition` (every partition when absent) which agents have a socket here: one
   * 'connected' per socket, as the router counts them (an agent with two tabs here stays connected there
   * when she closes one).
   */
  const announceToRouter = (partition?: number): void => {
    for (const socket of agents.sockets.values()) {
      const agentId = (socket.data as { session?: { agentId: number } }).session?.agentId;
      if (agentId === undefined) continue;
      if (partitioned && (router.local(agentId) || (partition !== undefined && center.partitionOfAgent(agentId) !== partition))) continue;
      router.call({ kind: 'connected', agentId }).catch(warn);
    }
  };
  agents.on(REANNOUNCE, (partition: unknown) => {
    if (!partitioned) {
      if (!center.routes) announceToRouter();
    } else if (typeof partition === 'number' && !center.routesPartition(partition)) announceToRouter(partition);
  });
  // Held before any agent of this hub is announced; re-announced if the lock had to be taken again.
  const liveness = new HubLiveness({
    url,
    hubId,
    retryMs: cluster.lockRetryMs,
    heartbeatMs: cluster.heartbeatMs,
    log,
    onRestored: () => {
      if (!center.routes) announceToRouter();
    },
  });
  await liveness.start();
  // Queue figures (agents available, waiting) live in the router: the other hubs answer from the router's
  // copy (web chat's "is anyone there?" on whatever hub the widget reached, the desk's queue list, the API).
  agents.on(ROUTER_STATS, (raw: unknown) => {
    const stats = z.array(QueueStats).safeParse(raw);
    if (stats.success && (partitioned || !center.routes)) center.adoptRouterStats(stats.data);
  });
  const stopDirectory = partitioned ? center.onDirectoryChanged((change) => agents.serverSideEmit(DIRECTORY, change)) : () => undefined;
  agents.on(DIRECTORY, (raw: unknown) => {
    const change = DirectoryChange.safeParse(raw);
    if (partitioned && change.success) center.reloadDirectory(change.data).catch(warn);
  });
  let lastStats = '';
  let lastStatsAt = 0;
  const statsTimer = setInterval(() => {
    if (!center.routes) return;
    const stats = center.routerQueueStats();
    const json = JSON.stringify(stats);
    if (json === lastStats && Date.now() - lastStatsAt < ROUTER_STATS_REFRESH_MS) return;
    lastStats = json;
    lastStatsAt = Date.now();
    agents.serverSideEmit(ROUTER_STATS, stats);
  }, ROUTER_STATS_MS);
  statsTimer.unref();
  await feed.start();
  // One router for the whole center (partition 0); a hub that takes the lock rebuilds from the database.
  const fencePool = new (pgLib().Pool)({ connectionString: url, max: 2, application_name: 'switchboard fence' });
  fencePool.on('error', warn);
  const fence = new OfferFence(fencePool);
  await fence.ensureSchema();
  const leadership = new RouterLeadership({
    url,
    config: cluster,
    fence,
    hubName,
    log,
    // Several partitions: a hub routing two more than another contending hub hands one over.
    ...(partitioned ? { census: () => routerCensus(fencePool) } : {}),
    // One lock per partition (router:0 only without cluster.partitions); each partition is rebuilt and
    // routed on its own, the others' waiting contacts and open offers untouched (partitionRouting.ts).
    seat: {
      takeOver: async (partition, epoch) => {
        // One router: the previous router's counts of remote sockets start again from the re-announcements.
        // Several partitions: the counts of the partitions this hub already routes stay (docs/scale-out.md).
        if (!partitioned) watch.reset();
        const fenced: PartitionFence = {
          gate: {
            claim: (claims) => fence.claimPass(partition, epoch, claims),
            release: (ids) => fence.release(partition, epoch, ids),
          },
          // A lock connection cut without this hub noticing yet: the database refused a claim because
          // another hub took the partition; routing stops now, not at the next heartbeat.
          onDeposed: () => {
            log.warn({ partition, epoch }, 'team mode: another hub routes this partition now (offer refused by the fence)');
            announceToRouter(partitioned ? partition : undefined);
          },
        };
        if (partitioned) await center.takeOverPartition(partition, fenced);
        else await center.takeOverRouting(fenced);
        agents.serverSideEmit(REANNOUNCE, partition);
        log.info({ partition, epoch }, 'team mode: this hub routes now');
      },
      standDown: (partition, reason) => {
        const routed = routesFor(partition);
        if (partitioned) center.standDownPartition(partition);
        else center.standDownRouting();
        log.warn({ partition, reason }, 'team mode: this hub routes no more');
        // The new router may have asked for re-announcements while this hub still thought it routed. Not
        // when this hub stops: its sockets are closing and reconnect to another hub, which announces them.
        if (routed && reason !== 'stopped') announceToRouter(partitioned ? partition : undefined);
      },
    },
  });
  log.info({ partitions: partitionCount(cluster) }, 'team mode: several hubs on one PostgreSQL');
  return {
    clustered: true,
    cluster,
    singletons,
    startRouting: () => {
      leadership.start();
      watch.start();
    },
    router,
    serveRouterCalls: (server) => {
      serve = server;
    },
    async stop() {
      clearInterval(statsTimer);
      stopDirectory();
      await leadership.stop();
      await watch.stop();
      await liveness.stop();
      await fencePool.end().catch(warn);
      await singletons.stopAll();
      unsubscribe();
      await feed.stop();
      if (settle) clearTimeout(settle);
      await notifier.end().catch(warn);
      await closeAdapter();
    },
  };
}

function conversationsOf(rows: ReadonlyArray<Readonly<{ conversationId: number | null }>>): number[] {
  return [...new Set(rows.map((r) => r.conversationId).filter((id): id is number => id !== null))];
}

const hubNameOf = (cluster: ClusterConfig): string => cluster.hubName ?? `${hostname()}:${process.pid}`;

/**
 * Team mode refuses, before anything opens, a dataDir the other hubs do not share (attachments stored by
 * one hub are served by any: cluster/sharedDataDir.ts says why). Nothing to check on a single hub.
 */
export async function requireSharedDataDir(config: HubConfig, dataDir: string): Promise<void> {
  const cluster = clusterConfigOf(config);
  if (!cluster || config.store?.engine !== 'postgres') return;
  const db = new (pgLib().Pool)({ connectionString: config.store.url, max: 1, application_name: 'switchboard data dir check' });
  try {
    await checkSharedDataDir(db, { dataDir, hubName: hubNameOf(cluster) });
  } catch (err) {
    if (err instanceof NotSharedDataDir) throw new ConfigError('dataDir', err.message);
    throw err;
  } finally {
    await db.end().catch(() => undefined);
  }
}

function toEventRow(r: FeedRow): EventRow {
  return {
    seq: r.seq,
    at: r.at,
    type: r.type,
    conversationId: r.conversationId,
    agentId: r.agentId,
    queueId: r.queueId,
    channel: r.channel as ChannelKind | null,
    data: JSON.parse(r.data) as Record<string, unknown>,
  };
}
