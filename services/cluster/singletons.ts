import { AdvisoryLease, type LeaseLog } from './lease';

/** Background work that must run on one hub at a time: a mailbox watcher, the outbox sender, a timer. */
export type SingletonJob = Readonly<{
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}>;

export type Singletons = Readonly<{
  /** Runs `job` while this hub holds the lock named `name` (at once on a single hub). */
  run(name: string, job: SingletonJob): void;
  /** Names of the jobs running on this hub now. */
  running(): readonly string[];
  stopAll(): Promise<void>;
}>;

/** The single hub (SQLite): nobody else could run the job, so it runs at once. */
export function localSingletons(): Singletons {
  const jobs = new Map<string, SingletonJob>();
  return {
    run(name, job) {
      if (jobs.has(name)) throw new Error(`singleton ${name} registered twice`);
      jobs.set(name, job);
      void Promise.resolve(job.start());
    },
    running: () => [...jobs.keys()],
    async stopAll() {
      for (const job of jobs.values()) await job.stop();
      jobs.clear();
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
    },
    running: () => [...leases].filter(([, lease]) => lease.isHeld).map(([name]) => name),
    async stopAll() {
      await Promise.all([...leases.values()].map((lease) => lease.stop()));
      leases.clear();
    },
  };
}
