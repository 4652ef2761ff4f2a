/**
 * Instrumentation for a bench's server process, not a benchmark: load it with
 *   BENCH_HUB_IMPORT=./tests/bench/sqliteSyncTime.ts npm run bench:ingest
 * It times the synchronous part of every sqlite3 `Database#exec`, `Statement#all` and `Statement#run` call (handing the work
 * to libuv's thread pool, normally a few tens of µs) and prints percentiles per statement on exit. A long
 * synchronous part means the main thread lost its core while dispatching: on a busy 2-core machine the woken
 * pool thread preempts it (see docs/benchmarks.md, "Why 32 in flight still misses").
 */
import { writeSync } from 'node:fs';
import sqlite3 from 'sqlite3';

const samples = new Map<string, number[]>();

function timeSyncPart(target: object, method: 'exec' | 'all' | 'run', label: string): void {
  const original = Reflect.get(target, method) as (this: unknown, ...args: unknown[]) => unknown;
  Reflect.set(target, method, function timed(this: { sql?: unknown }, ...args: unknown[]): unknown {
    const started = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      const micros = (performance.now() - started) * 1000;
      const text = typeof args[0] === 'string' ? args[0] : typeof this.sql === 'string' ? this.sql : '';
      const key = `${label} ${text.replace(/\s+/g, ' ').slice(0, 32)}`;
      const list = samples.get(key) ?? [];
      list.push(micros);
      samples.set(key, list);
    }
  });
}

timeSyncPart(sqlite3.Database.prototype, 'exec', 'exec');
timeSyncPart(sqlite3.Statement.prototype, 'all', 'all');
timeSyncPart(sqlite3.Statement.prototype, 'run', 'run');

process.on('exit', () => {
  // Several servers print here (bench:ingest with INGEST_BASE_DIR runs one from another checkout).
  writeSync(2, `sqlite calls of the server in ${process.cwd()} (${process.argv.slice(2).join(' ')}):\n`);
  const total = (list: readonly number[]): number => list.reduce((sum, v) => sum + v, 0);
  const rows = [...samples].sort((a, b) => total(b[1]) - total(a[1])).slice(0, Number(process.env.SQLITE_TIME_TOP ?? 12));
  for (const [key, list] of rows) {
    list.sort((a, b) => a - b);
    const at = (p: number): string => (list[Math.min(list.length - 1, Math.floor(list.length * p))] ?? 0).toFixed(0);
    writeSync(
      2,
      `${key.padEnd(40)} n ${String(list.length).padStart(6)}  sync part µs: p50 ${at(0.5)} p90 ${at(0.9)} p99 ${at(0.99)}; total ${(total(list) / 1000).toFixed(0)} ms\n`,
    );
  }
});
