import type { Connection } from './connection';

export type CheckpointOptions = Readonly<{
  /** How often to copy committed WAL pages into the database file (default 200 ms). */
  intervalMs?: number;
  /** A WAL longer than this many pages after a passive pass asks the writer to restart it (default 8192, 32 MB). */
  restartAtPages?: number;
  /** Told about a failed pass (the next tick retries; a WAL that keeps growing is worth a warning). */
  onError?: (error: unknown) => void;
}>;

/** `restarts` counts requests to the writer. */
export type CheckpointStats = { passes: number; restarts: number; failures: number; lastWalPages: number };

/**
 * Keeps WAL checkpoints off the write path. With SQLite's automatic checkpoint, the COMMIT that crosses
 * 1000 WAL pages copies them into the database file and fsyncs, on the writer, while every waiting message
 * waits too (bench:ingest: ~2,450 -> ~3,200 req/s without it). Here a connection of its own runs PASSIVE
 * checkpoints on a timer, which never block the writer. SQLite starts the WAL over by itself when a write
 * begins after everything was copied; a writer that never pauses leaves no such moment, so past
 * `restartAtPages` the writer is asked to run one RESTART checkpoint between two transactions (it owns the
 * write lock then; mostly copied already, it is short). A failed pass is counted and retried on the next tick.
 */
export class Checkpointer {
  readonly stats: CheckpointStats = { passes: 0, restarts: 0, failures: 0, lastWalPages: 0 };
  private readonly timer: NodeJS.Timeout;
  private running: Promise<void> | null = null;

  constructor(
    private readonly connection: Connection,
    private readonly options: CheckpointOptions = {},
    /** Asks the writer to run a RESTART checkpoint before its next transaction. */
    private readonly requestRestart: () => void = () => undefined,
  ) {
    this.timer = setInterval(() => {
      this.running ??= this.pass();
    }, options.intervalMs ?? 200);
    this.timer.unref();
  }

  /** Stops the timer and waits for a pass in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One checkpoint pass now (also what the timer runs). */
  async pass(): Promise<void> {
    try {
      const [result] = await this.connection.all<{ busy: number; log: number; checkpointed: number }>({
        text: 'PRAGMA wal_checkpoint(PASSIVE)',
        values: [],
      });
      this.stats.passes += 1;
      this.stats.lastWalPages = result?.log ?? 0;
      if ((result?.log ?? 0) >= (this.options.restartAtPages ?? 8192)) {
        this.requestRestart();
        this.stats.restarts += 1;
      }
    } catch (error) {
      this.stats.failures += 1;
      this.options.onError?.(error);
    } finally {
      this.running = null;
    }
  }
}
