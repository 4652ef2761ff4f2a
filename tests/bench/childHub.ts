import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { hubEnv } from '../../build/hubEnv.mjs';

/** The supervisor benchHub.ts seeds in fault mode (on every start; the upsert keeps its id and sessions). */
export const FAULT_AGENT = { username: 'fault-agent', password: 'fault-agent-password' } as const;

/** A benchHub.ts child process and a line-based conversation with it. */
export type ChildHub<Ready> = Readonly<{
  ready: Ready & { url: string; rssMb: number };
  pid: number;
  stats<T>(): Promise<T>;
  /** Stats after a full GC (needs BENCH_EXPOSE_GC=1; without it, plain stats). */
  statsAfterGc<T>(): Promise<T>;
  stop(): Promise<void>;
  /** kill -9: no shutdown hook runs, nothing is flushed; resolves once the process is gone. */
  kill(): Promise<void>;
}>;

export async function startChildHub<Ready>(
  mode: 'bare' | 'hub' | 'memory' | 'fault' | 'restart',
  env: Readonly<Record<string, string>> = {},
  /** A bundled benchHub (plain node, no tsx transform at start, as the desktop app ships the hub). */
  bundle?: string,
  /** Another checkout to run the server from (its own tests/bench/benchHub.ts): before/after in one run. */
  cwd?: string,
): Promise<ChildHub<Ready>> {
  // BENCH_CPU_PROF_INTERVAL (µs, V8's default 1000): finer samples to attribute µs per request.
  const interval = process.env.BENCH_CPU_PROF_INTERVAL ? [`--cpu-prof-interval=${process.env.BENCH_CPU_PROF_INTERVAL}`] : [];
  const profile = process.env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', '--cpu-prof-dir=.cpuprofile', ...interval] : [];
  // BENCH_HUB_IMPORT=<module>: loaded into the server process first (instrumentation while investigating).
  const instrument = [
    ...(process.env.BENCH_HUB_IMPORT ? ['--import', process.env.BENCH_HUB_IMPORT] : []),
    ...((env.BENCH_EXPOSE_GC ?? process.env.BENCH_EXPOSE_GC) === '1' ? ['--expose-gc'] : []),
  ];
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    bundle ? [...profile, ...instrument, bundle, mode] : [...profile, '--import', 'tsx', ...instrument, 'tests/bench/benchHub.ts', mode],
    {
      // The environment the product starts its hub processes with (malloc arenas, heap ceiling).
      env: { ...hubEnv(process.env), ...env },
      stdio: 'pipe',
      // Another checkout's server: the caller's (INGEST_BASE_DIR) or BENCH_HUB_DIR=<checkout> for any bench,
      // for an A/B across commits in one run (docs/benchmarks.md).
      ...((cwd ?? env.BENCH_HUB_DIR) ? { cwd: cwd ?? env.BENCH_HUB_DIR } : {}),
    },
  );
  child.stderr.on('data', (c: Buffer) => process.stderr.write(c));
  const lines: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else lines.push(line);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const nextLine = (): Promise<string> => {
    const line = lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve, reject) => {
      waiters.push(resolve);
      void (async () => reject(new Error(`bench hub (${mode}) exited with ${await exited}`)))();
    });
  };
  const ready = JSON.parse(await nextLine()) as Ready & { url: string; rssMb: number };
  return {
    ready,
    pid: child.pid ?? 0,
    async stats<T>() {
      child.stdin.write('stats\n');
      return JSON.parse(await nextLine()) as T;
    },
    async statsAfterGc<T>() {
      child.stdin.write('gc\n');
      return JSON.parse(await nextLine()) as T;
    },
    async stop() {
      child.stdin.write('stop\n');
      await exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
