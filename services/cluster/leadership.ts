import { randomUUID } from 'node:crypto';
import type { ClusterConfig } from './config';
import { partitionCount } from './config';
import type { OfferFence } from './fence';
import { AdvisoryLease, type LeaseLog } from './lease';

/**
 * What a hub's router does when it gains or loses a partition. takeOver runs after the fence has given the
 * partition a new epoch (the previous router's open offers void): rebuild from the database and start
 * routing; every offer made from then on is claimed with that epoch. standDown stops routing at once (no
 * offer may be made after it returns).
 */
export type RoutingSeat = Readonly<{
  takeOver(partition: number, epoch: number): Promise<void>;
  standDown(partition: number, reason: string): Promise<void> | void;
}>;

export type LeadershipOptions = Readonly<{
  url: string;
  config: ClusterConfig;
  fence: OfferFence;
  /** This hub's name in the partition table. */
  hubName: string;
  seat: RoutingSeat;
  log?: LeaseLog;
  /**
   * How many partitions this hub contends for (default: every configured one). The hub's ContactCenter
   * routes the whole center as partition 0 until it is split per partition (docs/scale-out.md).
   */
  routedPartitions?: number;
  /**
   * Spreading partitions over hubs: a hub that already routes a partition tries for another only every
   * `spreadTurns`-th turn, so a hub routing none (which tries every turn) gets there first. Default 4: a
   * partition whose only candidates already route one is taken over at most 4 × lockRetryMs later.
   */
  spreadTurns?: number;
  /**
   * How many router locks each hub contending for them holds now (routerCensus in cluster/census.ts). With
   * it, a hub holding two partitions more than the least busy hub hands its last one over, so a hub that
   * started late (or came back) gets a partition to route. Absent: no rebalancing.
   */
  census?: () => Promise<readonly number[]>;
  /** How often the census is taken (ms, default 3000). */
  rebalanceMs?: number;
}>;

/**
 * One advisory lock per routing partition ("router:<n>"). The hub holding a partition's lock is its only
 * router; when it dies PostgreSQL frees the lock with its connection, the next try of another hub takes it,
 * bumps the partition's epoch, rebuilds and routes. Failover ≈ lockRetryMs + rebuild time.
 */
export class RouterLeadership {
  private readonly leases: AdvisoryLease[] = [];
  private readonly epochs = new Map<number, number>();
  private rebalanceTimer: NodeJS.Timeout | null = null;
  private rebalancing = false;

  constructor(private readonly options: LeadershipOptions) {
    const count = Math.min(options.routedPartitions ?? Infinity, partitionCount(options.config));
    const spreadTurns = count > 1 ? Math.max(1, options.spreadTurns ?? 4) : 1;
    // Tells this hub's lock connections from another hub's in the census, even in one process (tests).
    const tag = randomUUID().slice(0, 8);
    for (let partition = 0; partition < count; partition += 1) {
      let turn = 0;
      this.leases.push(
        new AdvisoryLease({
          url: options.url,
          name: `router:${partition}`,
          retryMs: options.config.lockRetryMs,
          heartbeatMs: options.config.heartbeatMs,
          ...(options.log ? { log: options.log } : {}),
          onAcquired: async () => {
            const epoch = await options.fence.takeOver(partition, options.hubName);
            await options.seat.takeOver(partition, epoch);
            // Commands are sent here only once the rebuilt router runs.
            this.epochs.set(partition, epoch);
          },
          onLost: async (reason) => {
            this.epochs.delete(partition);
            await options.seat.standDown(partition, reason);
          },
          ...(count > 1 ? { tag } : {}),
          mayTry: () => this.leases.every((l) => !l.isHeld) || (turn = (turn + 1) % spreadTurns) === 0,
        }),
      );
    }
  }

  start(): void {
    for (const lease of this.leases) lease.start();
    const { census } = this.options;
    if (census && this.leases.length > 1) {
      this.rebalanceTimer = setInterval(() => {
        if (this.rebalancing) return;
        this.rebalancing = true;
        void this.rebalance(census).finally(() => {
          this.rebalancing = false;
        });
      }, this.options.rebalanceMs ?? 3000);
      this.rebalanceTimer.unref();
    }
  }

  /** Hands one partition over when this hub routes two more than the least busy contending hub. */
  private async rebalance(census: () => Promise<readonly number[]>): Promise<void> {
    const mine = this.leases.filter((l) => l.isHeld).length;
    if (mine < 2) return;
    const counts = await census().catch(() => [] as readonly number[]);
    if (counts.length < 2 || mine - Math.min(...counts) < 2) return;
    const last = [...this.leases].reverse().find((l) => l.isHeld);
    this.options.log?.info({ mine, counts }, 'team mode: handing a routing partition over to a hub that routes less');
    last?.handOver('handed over to a hub that routes less');
  }

  async stop(): Promise<void> {
    if (this.rebalanceTimer) clearInterval(this.rebalanceTimer);
    await Promise.all(this.leases.map((lease) => lease.stop()));
  }

  /** Does this hub route the partition now? */
  leads(partition: number): boolean {
    return this.epochs.has(partition) && (this.leases[partition]?.isHeld ?? false);
  }

  epoch(partition: number): number | undefined {
    return this.epochs.get(partition);
  }
}
