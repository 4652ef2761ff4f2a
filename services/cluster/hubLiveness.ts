import type pg from 'pg';
import { z } from 'zod';
import { pgLib } from '../store/postgres/pgLib';
import { AdvisoryLease, type LeaseLog } from './lease';
import { lockKey } from './lockKey';

/**
 * Hub liveness in team mode: is the hub that holds an agent's socket still there?
 *
 * Each hub holds a session-level advisory lock named after its id (`hub:<id>`, a random id per process) on a
 * connection of its own. The router asks PostgreSQL which of those locks are held (`pg_locks`): a hub whose
 * lock is gone is dead, and the agents whose sockets were on it are disconnected at once (their open offers
 * revoked and offered to others; what they hold stays theirs, as when a socket drops on a single hub).
 *
 * Why a lock and not a heartbeat row (`last_seen` + a timeout): the database ends the lock itself when the
 * hub's session ends (kill -9, a crash, a lost machine once TCP says so), so there is no timeout to tune
 * against clock skew, GC pauses or a loaded machine, no write every second per hub, and no false death of a
 * hub that is alive but slow: a paused hub keeps its connection and its agents.
 */

export const hubLockName = (hubId: string): string => `hub:${hubId}`;

export type HubLivenessOptions = Readonly<{
  url: string;
  hubId: string;
  retryMs: number;
  heartbeatMs: number;
  log?: LeaseLog;
  /**
   * The hub's lock was lost (its connection broke; the router may have counted its agents out) and is held
   * again: the hub re-announces its agents.
   */
  onRestored(): void;
}>;

/** This hub's own liveness lock. start() resolves once it is held: announce no agent before that. */
export class HubLiveness {
  private readonly lease: AdvisoryLease;
  private taken = false;
  private ready: (() => void) | null = null;

  constructor(private readonly options: HubLivenessOptions) {
    this.lease = new AdvisoryLease({
      url: options.url,
      name: hubLockName(options.hubId),
      retryMs: options.retryMs,
      heartbeatMs: options.heartbeatMs,
      ...(options.log ? { log: options.log } : {}),
      onAcquired: () => {
        if (this.taken) options.onRestored();
        this.taken = true;
        this.ready?.();
      },
      onLost: () => undefined,
    });
  }

  get hubId(): string {
    return this.options.hubId;
  }

  start(): Promise<void> {
    const held = new Promise<void>((resolve) => {
      this.ready = resolve;
    });
    this.lease.start();
    return held;
  }

  stop(): Promise<void> {
    this.ready?.();
    return this.lease.stop();
  }
}

/**
 * Which of these hubs hold their liveness lock now. An advisory lock on a bigint key shows in pg_locks as
 * classid = high 32 bits, objid = low 32 bits, objsubid = 1.
 */
export async function liveHubs(db: pg.Pool, hubIds: readonly string[]): Promise<Set<string>> {
  if (hubIds.length === 0) return new Set();
  const keys = hubIds.map((id) => lockKey(hubLockName(id)));
  const { rows } = await db.query<{ key: string }>(
    `SELECT k::text AS key FROM unnest($1::bigint[]) AS k
      WHERE EXISTS (SELECT 1 FROM pg_locks l
                     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                       AND ((l.classid::bigint << 32) | l.objid::bigint) = k)`,
    [keys],
  );
  const held = new Set(rows.map((r) => r.key));
  return new Set(hubIds.filter((_, i) => held.has(keys[i]!)));
}

/** The part of a router call that liveness reads: which hub an agent's socket (dis)connected on. */
export const HubStamp = z.object({ kind: z.string(), agentId: z.number().int(), hubId: z.string().min(1).max(100).optional() });

/**
 * The router's count of agents' sockets per hub (sockets on the router's own hub are not here: they drop
 * through socket.io on this process). A 'disconnected' from a hub already counted out is not passed on.
 */
export class RemoteAgents {
  private readonly byHub = new Map<string, Map<number, number>>();

  connected(hubId: string, agentId: number): void {
    const agents = this.byHub.get(hubId) ?? new Map<number, number>();
    agents.set(agentId, (agents.get(agentId) ?? 0) + 1);
    this.byHub.set(hubId, agents);
  }

  /** False when this socket was not counted (its hub was declared dead meanwhile): nothing to undo. */
  disconnected(hubId: string, agentId: number): boolean {
    const agents = this.byHub.get(hubId);
    const count = agents?.get(agentId) ?? 0;
    if (!agents || count === 0) return false;
    if (count === 1) agents.delete(agentId);
    else agents.set(agentId, count - 1);
    if (agents.size === 0) this.byHub.delete(hubId);
    return true;
  }

  hubs(): string[] {
    return [...this.byHub.keys()];
  }

  /** The hub is gone: its agents' sockets, as [agentId, how many], forgotten here. */
  drop(hubId: string): Array<readonly [number, number]> {
    const agents = this.byHub.get(hubId);
    this.byHub.delete(hubId);
    return agents ? [...agents] : [];
  }

  clear(): void {
    this.byHub.clear();
  }
}

export type DeadHubWatchOptions = Readonly<{
  url: string;
  /** This hub's id: calls from its own sockets are not counted (they never go through the router link). */
  hubId: string;
  intervalMs: number;
  /** Is this hub the router now? The watch only runs then. */
  routes(): boolean;
  /** One socket of the agent went away with a dead hub (called once per socket counted). */
  disconnect(agentId: number): void;
  log?: LeaseLog;
}>;

/**
 * The router's side: counts remote agents' sockets per hub from the forwarded connection calls, and every
 * intervalMs asks PostgreSQL which of those hubs still hold their liveness lock. A hub without it is dead:
 * its agents are disconnected as if their sockets dropped. Detection time ≈ intervalMs + one query.
 */
export class DeadHubWatch {
  readonly remote = new RemoteAgents();
  private readonly pool: pg.Pool;
  private timer: NodeJS.Timeout | null = null;
  private checking = false;

  constructor(private readonly options: DeadHubWatchOptions) {
    this.pool = new (pgLib().Pool)({ connectionString: options.url, max: 1, application_name: 'switchboard hub liveness' });
    this.pool.on('error', (err) => options.log?.warn({ err }, 'hub liveness: database connection problem'));
  }

  /**
   * A connection call on its way to the router: counted per hub. False when it must not be applied (a
   * 'disconnected' of a socket already counted out with its dead hub).
   */
  admit(call: unknown): boolean {
    const parsed = HubStamp.safeParse(call);
    if (!parsed.success) return true;
    const { kind, agentId, hubId } = parsed.data;
    // A call without a hub id (a hub of an earlier build) is applied as before, uncounted.
    if (hubId === undefined || hubId === this.options.hubId) return true;
    if (kind === 'connected') this.remote.connected(hubId, agentId);
    else if (kind === 'disconnected') return this.remote.disconnected(hubId, agentId);
    return true;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.check(), this.options.intervalMs);
    this.timer.unref();
  }

  /** A new router starts from the re-announcements of the hubs alive now. */
  reset(): void {
    this.remote.clear();
  }

  /** One look at the hubs with agents counted here; returns the hubs found dead. */
  async check(): Promise<string[]> {
    if (this.checking || !this.options.routes()) return [];
    const hubs = this.remote.hubs();
    if (hubs.length === 0) return [];
    this.checking = true;
    try {
      const alive = await liveHubs(this.pool, hubs);
      const dead = hubs.filter((h) => !alive.has(h));
      for (const hubId of dead) {
        if (!this.options.routes()) break;
        const agents = this.remote.drop(hubId);
        this.options.log?.warn({ hub: hubId, agents: agents.length }, 'team mode: a hub is gone; its agents are disconnected');
        for (const [agentId, sockets] of agents) for (let i = 0; i < sockets; i += 1) this.options.disconnect(agentId);
      }
      return dead;
    } catch (err) {
      this.options.log?.warn({ err }, 'hub liveness: could not read the hubs’ locks; next try at the next interval');
      return [];
    } finally {
      this.checking = false;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.pool.end().catch(() => undefined);
  }
}
