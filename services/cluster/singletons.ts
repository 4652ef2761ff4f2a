import { AdvisoryLease, type LeaseLog } from './lease';

/** Background work that must run on one hub at a time: a mailbox watcher, the outbox sender, a timer. */
export type SingletonJob = Readonly<{
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}>;

/** A registered job: stop() stops it where it runs and gives its lock back (a module stopping or set up again). */
export type SingletonHandle = Readonly<{
  /**
   * Single hub: the job's start() (awaited by the module's start, as before team mode). Team mode: resolved
   * at once; the job starts whenever this hub takes its lock.
   */
  ready: Promise<void>;
  stop(): Promise<void>;
}>;

export type Singletons = Readonly<{
  /** Runs `job` while this hub holds the lock named `name` (at once on a single hub). */
  run(name: string, job: SingletonJob): SingletonHandle;
  /** Names of the jobs running on this hub now. */
  running(): readonly string[];
  stopAll(): Promise<void>;
}>;

/** The single hub (SQLite): nobody else could run the job, so it runs at once. */
export function localSingletons(): Singletons {
  const jobs = new Map<string, SingletonJob>();
  const stop = async (name: string): Promise<void> => {
    const job = jobs.get(name);
    if (!job) return;
    jobs.delete(name);
    await job.stop();
  };
  return {
    run(name, job) {
      if (jobs.has(name)) throw new Error(`singleton ${name} registered twice`);
      jobs.set(name, job);
      const ready = (async () => {
        await job.start();
      })();
      return { ready, stop: () => stop(name) };
    },
    running: () => [...jobs.keys()],
    async stopAll() {
      for (const name of [...jobs.keys()]) await stop(name);
    },
  };
}

export type ClusterSingletonOptions = Readonly<{ url: string; retryMs: number; heartbeatMs: number; log?: LeaseLog }>;

/**
 * Team mode: each job behind its own advisory lock ("singleton:<name>"), so jobs spread over hubs as the
 * locks fall, and a job whose hub dies is started by the first hub whose next try takes its lock.
 */
export function clusterSingletons(options: ClusterSingletonOptions): Singletons {
  const leases = new Map<string, AdvisoryLease>();
  const stop = async (name: string): Promise<void> => {
    const lease = leases.get(name);
    if (!lease) return;
    leases.delete(name);
    await lease.stop();
  };
  return {
    run(name, job) {
      if (leases.has(name)) throw new Error(`singleton ${name} registered twice`);
      const lease = new AdvisoryLease({
        ...options,
        name: `singleton:${name}`,
        onAcquired: () => job.start(),
        onLost: () => job.stop(),
      });
      leases.set(name, lease);
      lease.start();
      return { ready: Promise.resolve(), stop: () => stop(name) };
    },
    running: () => [...leases].filter(([, lease]) => lease.isHeld).map(([name]) => name),
    async stopAll() {
      await Promise.all([...leases.keys()].map(stop));
    },
  };
}
