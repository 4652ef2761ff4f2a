/**
 * npm run bench:ingest — signed inbound SMS webhooks -> validated, committed, queued, acknowledged: req/s
 * next to a bare fastify endpoint (form body parsing, 200) on the same machine, same client, same
 * concurrency. Servers run in a child process (tests/bench/benchHub.ts); the load is an in-process pool of
 * keep-alive HTTP connections (node:http Agent) — autocannon is not installed here. Every hub request is a new
 * customer, so each one creates a customer, a conversation and a queue entry (the heavy path).
 * Two hub designs run side by side (A/B, issue 23): 'writer' (batch ingest on the main thread's writer
 * connection) and 'worker' (batch ingest on a worker thread with its own connection; services/ingest/worker).
 * Knobs: INGEST_N (requests per run, default 5000), INGEST_ROUNDS (alternating bare/hub rounds, default 5),
 * INGEST_CONCURRENCY (requests in flight, a comma-separated list measured in turn, default "10,32,128"),
 * INGEST_DESIGNS (which hub designs, default "writer,worker"; "writer-voc-main" is A with customer-text analysis
 * on the main thread, as before it had a thread of its own),
 * INGEST_BASE_DIR (another checkout of the repo, node_modules linked): adds design "base", A as that checkout
 * runs it, measured in the same interleaved rounds (before/after a change in one run),
 * BENCH_CPU_PROF=1 writes a CPU profile of each server process to .cpuprofile/ (BENCH_CPU_PROF_INTERVAL µs).
 */
import { readFileSync } from 'node:fs';
import { DEMO_TWILIO } from '../../services/simulator/twilioStandIn';
import { WebhookClient } from '../../services/simulator/webhookClient';
import { startPostgres, type Postgres } from '../support/postgres';
import { startChildHub, type ChildHub } from './childHub';
import { percentile, record } from './report';
import { newCustomerSms } from './smsWebhook';

const N = Number(process.env.INGEST_N ?? 5000);
// The ratio depends on load: the hub answers after a group COMMIT (a few ms), so with few requests in
// flight its rate is bounded by that latency (Little's law) while the bare endpoint answers at once.
const CONCURRENCY_LEVELS = (process.env.INGEST_CONCURRENCY ?? '10,32,128').split(',').map(Number);
// Enough for both servers' hot paths to be optimised by V8 before the first measured round.
const WARMUP = Math.min(3000, Math.ceil(N / 2));
const ROUNDS = Number(process.env.INGEST_ROUNDS ?? 5);
const DESIGN_NAMES: Record<string, string> = {
  writer: 'A, batch on the main writer',
  worker: 'B, batch on the ingest worker',
  // A as it was before customer-text analysis moved to its own thread (services/voc/worker), to compare in one run.
  'writer-voc-main': 'A0, batch on the main writer, text analysis on the main thread',
  base: `A as built at ${process.env.INGEST_BASE_DIR ?? '(INGEST_BASE_DIR)'}`,
  // Team mode's store on one hub (no other hub): the PostgreSQL engine's cost on the ingest path, without
  // cluster effects (docs/scale-out.md). The bench starts its own PostgreSQL (tests/support/postgres.ts).
  postgres: 'P, one hub on PostgreSQL',
};
const BASE_DIR = process.env.INGEST_BASE_DIR;
const DESIGNS = (process.env.INGEST_DESIGNS ?? (BASE_DIR ? 'base,writer,worker' : 'writer,worker'))
  .split(',')
  .filter((d) => d in DESIGN_NAMES && (d !== 'base' || BASE_DIR));

type Run = { perSecond: number; p50: number; p99: number; failures: number };
type Cpu = { processMs: number; mainThreadMs: number };
type ServerStats = { cpu: Cpu };

/** Server CPU per request over one measured run: all threads, and the main thread alone. */
const perRequest = (before: Cpu, after: Cpu, n: number): string =>
  `${(((after.processMs - before.processMs) * 1000) / n).toFixed(0)} us CPU/request (main thread ${(((after.mainThreadMs - before.mainThreadMs) * 1000) / n).toFixed(0)} us)`;

async function load(url: string, total: number, offset: number, concurrency: number): Promise<Run> {
  const client = new WebhookClient(url, DEMO_TWILIO.publicUrl, DEMO_TWILIO.authToken, concurrency);
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  let firstFailure = '';
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = offset + next++;
        const t0 = performance.now();
        const answer = await client.post('/twilio/sms/inbound', newCustomerSms(i));
        latencies.push(performance.now() - t0);
        if (answer.status !== 200) {
          failures += 1;
          firstFailure ||= `HTTP ${answer.status} ${answer.text.slice(0, 200)}`;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  client.close();
  if (failures > 0) throw new Error(`${failures} of ${total} requests failed; first: ${firstFailure}`);
  latencies.sort((a, b) => a - b);
  return { perSecond: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures };
}

type Measured = Run & { cpu: string };

/** One measured run against a server, with its CPU per request. */
async function measure(server: ChildHub<object>, offset: number, concurrency: number): Promise<Measured> {
  const before = await server.stats<ServerStats>();
  const run = await load(server.ready.url, N, offset, concurrency);
  const after = await server.stats<ServerStats>();
  return { ...run, cpu: perRequest(before.cpu, after.cpu, N) };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

async function main(): Promise<void> {
  // All servers stay up and are measured in turns (bare, hub A, hub B, bare, ...): a shared machine's speed
  // drifts by tens of percent over a minute, and alternating keeps each round under the same conditions.
  const bare = await startChildHub<object>('bare');
  const postgres: Postgres | null = DESIGNS.includes('postgres') ? await startPostgres() : null;
  try {
    await run(bare, postgres);
  } finally {
    await postgres?.destroy();
  }
}

async function run(bare: ChildHub<object>, postgres: Postgres | null): Promise<void> {
  const load1 = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?';
  const hubs: Array<{ design: string; hub: ChildHub<object> }> = [];
  for (const design of DESIGNS)
    hubs.push({
      design,
      hub: await startChildHub<object>(
        'hub',
        {
          INGEST_ON: design === 'worker' ? 'worker' : 'writer',
          ...(design === 'writer-voc-main' ? { BENCH_VOC: 'main' } : {}),
          ...(design === 'postgres' && postgres ? { BENCH_PG_URL: await postgres.createDatabase() } : {}),
        },
        undefined,
        design === 'base' ? BASE_DIR : undefined,
      ),
    });
  const first = CONCURRENCY_LEVELS[0] ?? 32;
  await load(bare.ready.url, WARMUP, 0, first);
  for (const { hub } of hubs) await load(hub.ready.url, WARMUP, 10_000_000, first);
  type Round = { bare: Measured; hubs: Measured[]; loadavg: string };
  const levels: Array<{ concurrency: number; rounds: Round[] }> = [];
  let offset = 0;
  for (const concurrency of CONCURRENCY_LEVELS) {
    const rounds: Round[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const loadavg = load1();
      const baseline = await measure(bare, 0, concurrency);
      const measured: Measured[] = [];
      // Each round starts with the other design, so neither always runs right after the bare endpoint.
      const order = hubs.map((_, i) => i);
      if (round % 2 === 1) order.reverse();
      for (const i of order) measured[i] = await measure((hubs[i] as { hub: ChildHub<object> }).hub, offset, concurrency);
      offset += N;
      rounds.push({ bare: baseline, hubs: measured, loadavg });
    }
    levels.push({ concurrency, rounds });
  }
  const after: string[] = [];
  for (const { design, hub } of hubs) {
    const stats = await hub.stats<
      ServerStats & { waiting: number; rssMb: number; checkpoint?: { passes: number; restarts: number; lastWalPages: number } }
    >();
    await hub.stop();
    if (stats.waiting !== offset + WARMUP)
      throw new Error(`expected ${offset + WARMUP} contacts queued, hub ${design} has ${stats.waiting}`);
    // PostgreSQL has no WAL checkpointer of the hub's.
    const wal =
      design !== 'postgres' && stats.checkpoint
        ? `; WAL checkpoints: ${stats.checkpoint.passes} passes, ${stats.checkpoint.restarts} restarts, last WAL ${stats.checkpoint.lastWalPages} pages`
        : '';
    after.push(`hub ${DESIGN_NAMES[design]}: queued after the run ${stats.waiting}; RSS ${stats.rssMb} MB${wal}`);
  }
  await bare.stop();

  const line = (r: Measured): string => `${r.perSecond.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms; ${r.cpu}`;
  // The knobs that change what is measured are part of the command that reproduces it.
  const knobs = ['INGEST_N', 'INGEST_ROUNDS', 'INGEST_CONCURRENCY', 'INGEST_DESIGNS', 'INGEST_BASE_DIR'].flatMap((k) =>
    process.env[k] ? [`${k}=${process.env[k]}`] : [],
  );
  record('Ingest: signed SMS webhooks vs bare fastify', [...knobs, 'npm run bench:ingest'].join(' '), [
    `setup: at each concurrency, ${ROUNDS} alternating rounds of ${N} requests per server (bare, then ${hubs.map((h) => DESIGN_NAMES[h.design]).join(' / ')}, order flipped every other round), after ${WARMUP} warm-up requests each; keep-alive node:http pool in the bench process, servers in child processes; load average (1 min) noted per round`,
    ...levels.flatMap(({ concurrency, rounds }) => [
      ...rounds.flatMap((r, i) => [
        `${concurrency} in flight, round ${i + 1} (load ${r.loadavg}): bare fastify endpoint (formbody, 200): ${line(r.bare)}`,
        ...hubs.map(
          ({ design }, h) =>
            `${concurrency} in flight, round ${i + 1}: hub ${DESIGN_NAMES[design]} (signature, zod, new customer + conversation, COMMIT, queued, 200): ${line(r.hubs[h] as Measured)}; ratio ${(((r.hubs[h] as Measured).perSecond / r.bare.perSecond) * 100).toFixed(0)}%`,
        ),
      ]),
      ...hubs.map(({ design }, h) => {
        const ratio = median(rounds.map((r) => (r.hubs[h] as Measured).perSecond / r.bare.perSecond));
        return `${concurrency} in flight: hub ${DESIGN_NAMES[design]} / bare, median of ${ROUNDS} rounds: ${(ratio * 100).toFixed(0)}% (target >= 50%: ${ratio >= 0.5 ? 'met' : 'NOT met'})`;
      }),
    ]),
    ...after,
  ]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
