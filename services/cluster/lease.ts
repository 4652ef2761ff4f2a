import type pg from 'pg';
import { pgLib } from '../store/postgres/pgLib';
import { lockKey } from './lockKey';

export type LeaseLog = Readonly<{
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}>;

export type LeaseOptions = Readonly<{
  /** postgres:// URL of the team database. */
  url: string;
  /** What the lock guards ("router:0", "mailbox:support", "timer:outbox"); the key is derived from it. */
  name: string;
  retryMs: number;
  heartbeatMs: number;
  log?: LeaseLog;
  /** Called once the lock is ours; the work it guards starts here. A throw gives the lock back. */
  onAcquired(): Promise<void> | void;
  /** Called when the lock is ours no more (connection lost, stop()); the guarded work must stop. */
  onLost(reason: string): Promise<void> | void;
  /** Asked before each try while the lock is not held: false lets this turn pass (spreading locks over hubs). */
  mayTry?(): boolean;
  /** Which hub instance contends, at the end of the connection's application_name (several hubs in one process). */
  tag?: string;
}>;

/**
 * One PostgreSQL session-level advisory lock held on a dedicated connection. `pg_try_advisory_lock` never
 * waits, so a hub that does not hold the lock asks again every retryMs. The lock lives as long as the
 * session: when a hub dies (kill -9, a lost machine, a cut network) its connection closes, PostgreSQL frees
 * the lock, and the next try of another hub takes it. The holder checks its own connection every
 * heartbeatMs: a connection that errors, ends or does not answer in time means the lock is treated as lost
 * at once (PostgreSQL may free it a moment later; the database fence — cluster/fence.ts — covers that gap).
 */
export class AdvisoryLease {
  private client: pg.Client | null = null;
  private held = false;
  private broken: string | null = null;
  private stopped = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  readonly key: string;

  constructor(private readonly options: LeaseOptions) {
    this.key = lockKey(options.name);
  }

  get isHeld(): boolean {
    return this.held;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /**
   * Gives the lock back but keeps contending (spreading partitions over hubs): the work stops as when the
   * lock connection breaks, and the session is closed so the lock is free for another hub's next try.
   */
  handOver(reason: string): void {
    if (!this.held || this.stopped) return;
    this.broken ??= reason;
    this.wake?.();
  }

  /** Stops the guarded work, gives the lock back and closes the connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (this.broken !== null) await this.drop(this.broken);
        const client = this.client ?? (await this.connect());
        if (!this.held) {
          if (this.options.mayTry && !this.options.mayTry()) {
            await this.pause(this.options.retryMs);
            continue;
          }
          const result = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [this.key]);
          if (result.rows[0]?.ok && !this.stopped) {
            this.held = true;
            this.options.log?.info({ lock: this.options.name }, 'cluster lock taken');
            try {
              await this.options.onAcquired();
            } catch (err) {
              this.options.log?.warn({ err, lock: this.options.name }, 'work behind a cluster lock failed to start; giving the lock back');
              await this.drop('start failed');
            }
          }
        } else {
          await withTimeout(client.query('SELECT 1'), this.options.heartbeatMs * 2, 'lock connection did not answer');
        }
      } catch (err) {
        await this.drop(err instanceof Error ? err.message : String(err));
      }
      await this.pause(this.held ? this.options.heartbeatMs : this.options.retryMs);
    }
    await this.drop('stopped', true);
  }

  private async connect(): Promise<pg.Client> {
    const client = new (pgLib().Client)({
      connectionString: this.options.url,
      keepAlive: true,
      // The holder's pid in the name: an operator (or a test) can tell from pg_stat_activity which hub holds what.
      application_name: `switchboard lock ${this.options.name} pid ${process.pid}${this.options.tag ? ` #${this.options.tag}` : ''}`.slice(
        0,
        63,
      ),
    });
    // A lock connection that breaks loses the lock: the loop notices at its next turn (woken now).
    const broke = (reason: string): void => {
      if (this.client !== client) return;
      this.broken ??= reason;
      this.wake?.();
    };
    client.on('error', (err) => broke(err.message));
    client.on('end', () => broke('lock connection closed'));
    this.client = client;
    await client.connect();
    return client;
  }

  private async drop(reason: string, release = false): Promise<void> {
    this.broken = null;
    const client = this.client;
    this.client = null;
    const wasHeld = this.held;
    this.held = false;
    if (wasHeld) {
      this.options.log?.warn({ lock: this.options.name, reason }, 'cluster lock released');
      try {
        await this.options.onLost(reason);
      } catch (err) {
        this.options.log?.warn({ err, lock: this.options.name }, 'stopping work behind a cluster lock failed');
      }
    }
    if (!client) return;
    // Bounded: a lock connection that no longer answers (a half-open network) must not hold up shutdown;
    // closing the session frees the lock anyway.
    if (release && wasHeld)
      await withTimeout(client.query('SELECT pg_advisory_unlock($1::bigint)', [this.key]), 1000, 'unlock did not answer').catch(
        () => undefined,
      );
    client.removeAllListeners('end');
    client.on('error', () => undefined);
    await client.end().catch(() => undefined);
  }

  private pause(ms: number): Promise<void> {
    if (this.stopped || this.broken !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
