/**
 * Runs a task at most once per interval, as early as that allows (a leading-edge throttle).
 *
 * The first request after a quiet interval runs the task at the end of the current event-loop turn, not
 * after a coalescing window: a supervisor watching a breach sees an isolated event at once. Requests while
 * a run is pending, or within `intervalMs` of the last run, become one run at `lastRun + intervalMs`, so a
 * burst still costs at most one run per interval, each carrying the state as it is when it runs.
 *
 * The leading run waits for the end of the turn (setImmediate) rather than running inside the request: the
 * request comes from a commit listener, and the code that committed (the router's enqueue after an ingest,
 * say) finishes its synchronous and microtask work first, so the run sees that commit's whole effect.
 */
export class LeadingThrottle {
  private lastRunAt = Number.NEGATIVE_INFINITY;
  private pending: Readonly<{ kind: 'immediate'; handle: NodeJS.Immediate } | { kind: 'timer'; handle: NodeJS.Timeout }> | null = null;
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly task: () => void,
    /** A monotonic clock in ms (performance.now in the hub; tests pass the faked Date.now). */
    private readonly now: () => number,
  ) {}

  /** Something changed: run the task now if the interval allows, else once at the end of the interval. */
  request(): void {
    if (this.pending || this.stopped) return;
    const wait = this.lastRunAt + this.intervalMs - this.now();
    this.pending =
      wait <= 0
        ? { kind: 'immediate', handle: setImmediate(() => this.fire()) }
        : { kind: 'timer', handle: setTimeout(() => this.fire(), wait) };
  }

  /** Is a run scheduled (for tests and diagnostics)? */
  get scheduled(): boolean {
    return this.pending !== null;
  }

  /** No further runs; a scheduled one is dropped. */
  stop(): void {
    this.stopped = true;
    if (this.pending?.kind === 'immediate') clearImmediate(this.pending.handle);
    if (this.pending?.kind === 'timer') clearTimeout(this.pending.handle);
    this.pending = null;
  }

  private fire(): void {
    this.pending = null;
    if (this.stopped) return;
    this.lastRunAt = this.now();
    this.task();
  }
}
