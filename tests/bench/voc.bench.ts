/**
 * npm run bench:voc — voice of the customer:
 *  1. analysis throughput: the analyser over the test corpus (varied), messages/s on one core;
 *  2. ingest with analysis on vs off, same run: signed SMS webhooks against two hub processes (one with
 *     config.voc.enabled = false), alternating rounds; then how long the job takes to drain what it deferred;
 *  3. catch-up: 100,000 stored customer messages (written straight into a fresh hub file), the job started
 *     on them, time until the watermark reaches the newest;
 *  4. topics board query at 1M analysed messages (generated directly: 90 days, 5 queues, 4 channels, a
 *     long tail of topics): p50/p99 of the board for today/week, all/one queue/one channel, and of a drill-down.
 * Knobs: VOC_ANALYSE_N, VOC_INGEST_N, VOC_INGEST_ROUNDS, VOC_INGEST_CONCURRENCY, VOC_CATCHUP_N, VOC_BOARD_N,
 * VOC_BOARD_TOPICS, VOC_BOARD_SAMPLES; VOC_PARTS=analyse,ingest,catchup,board picks parts (default all).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import type { VocPeriod } from '../../services/contracts';
import { allMigrations } from '../../services/server/migrations';
import { DEMO_TWILIO } from '../../services/simulator/twilioStandIn';
import { WebhookClient } from '../../services/simulator/webhookClient';
import { Store } from '../../services/store/store';
import { analyseMessage } from '../../services/voc/analyse';
import { buildBoard } from '../../services/voc/board';
import { defaultJobOptions, VocJob } from '../../services/voc/job';
import { customerMessages, topicMessages } from '../../services/voc/repo';
import { inProcessAnalyser, WorkerAnalyser, type AnalyserMode } from '../../services/voc/worker/analyser';
import { startChildHub, type ChildHub } from './childHub';
import { percentile, record } from './report';
import { corpusTexts, ensureQueues, generateAnalyses, generateMessages, variant, QUEUES } from './vocData';

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const ANALYSE_N = env('VOC_ANALYSE_N', 20_000);
const INGEST_N = env('VOC_INGEST_N', 3000);
const INGEST_ROUNDS = env('VOC_INGEST_ROUNDS', 7);
const CONCURRENCY = env('VOC_INGEST_CONCURRENCY', 32);
const CATCHUP_N = env('VOC_CATCHUP_N', 100_000);
const BOARD_N = env('VOC_BOARD_N', 1_000_000);
const BOARD_TOPICS = env('VOC_BOARD_TOPICS', 3000);
const BOARD_SAMPLES = env('VOC_BOARD_SAMPLES', 200);
const texts = corpusTexts();

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function analysisThroughput(): string[] {
  for (let i = 0; i < Math.min(2000, ANALYSE_N); i++) analyseMessage(variant(texts, i)); // warm-up (JIT, model load)
  let chars = 0;
  const started = performance.now();
  for (let i = 0; i < ANALYSE_N; i++) chars += analyseMessage(variant(texts, i)).phrases.length >= 0 ? variant(texts, i).length : 0;
  const seconds = (performance.now() - started) / 1000;
  return [
    `analysis throughput: ${(ANALYSE_N / seconds).toFixed(0)} messages/s on one core (${ANALYSE_N} corpus messages, mean ${(chars / ANALYSE_N).toFixed(0)} chars; ${((seconds * 1e6) / ANALYSE_N).toFixed(0)} us each)`,
  ];
}

async function load(url: string, total: number, offset: number): Promise<number> {
  const client = new WebhookClient(url, DEMO_TWILIO.publicUrl, DEMO_TWILIO.authToken, CONCURRENCY);
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const i = offset + next++;
        const answer = await client.post('/twilio/sms/inbound', {
          MessageSid: `SM${randomBytes(16).toString('hex')}`,
          AccountSid: DEMO_TWILIO.accountSid,
          From: `+1${String(2_000_000_000 + i).slice(0, 10)}`,
          To: DEMO_TWILIO.supportNumber,
          Body: variant(texts, i),
          NumSegments: '1',
        });
        if (answer.status !== 200) failures += 1;
      }
    }),
  );
  client.close();
  if (failures > 0) throw new Error(`${failures} of ${total} webhooks failed`);
  return total / ((performance.now() - started) / 1000);
}

type HubStats = { vocAnalysed: number };

async function ingestOnOff(): Promise<string[]> {
  const on = await startChildHub<object>('hub');
  const off = await startChildHub<object>('hub', { BENCH_VOC: 'off' });
  const warm = Math.min(2000, INGEST_N);
  await load(off.ready.url, warm, 50_000_000);
  await load(on.ready.url, warm, 60_000_000);
  const rounds: Array<{ off: number; on: number }> = [];
  let sentToOn = warm;
  let lagAtEnd = 0;
  for (let r = 0; r < INGEST_ROUNDS; r++) {
    // Alternate which goes first: a shared machine drifts, and the job's leftover work must not land on one side only.
    const first: Array<[ChildHub<object>, 'on' | 'off']> =
      r % 2 === 0
        ? [
            [off, 'off'],
            [on, 'on'],
          ]
        : [
            [on, 'on'],
            [off, 'off'],
          ];
    const round = { off: 0, on: 0 };
    for (const [hub, side] of first) {
      round[side] = await load(hub.ready.url, INGEST_N, r * INGEST_N * 2 + (side === 'on' ? INGEST_N : 0));
      if (side === 'on') {
        sentToOn += INGEST_N;
        lagAtEnd = sentToOn - (await on.stats<HubStats>()).vocAnalysed;
      }
    }
    rounds.push(round);
  }
  const drainStart = performance.now();
  for (;;) {
    const s = await on.stats<HubStats>();
    if (s.vocAnalysed >= sentToOn) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const drainS = (performance.now() - drainStart) / 1000;
  await on.stop();
  await off.stop();
  const ratios = rounds.map((r) => r.on / r.off);
  const ratio = median(ratios);
  return [
    ...rounds.map(
      (r, i) =>
        `ingest round ${i + 1} (${INGEST_N} signed SMS webhooks, ${CONCURRENCY} in flight): analysis off ${r.off.toFixed(0)} req/s, analysis on ${r.on.toFixed(0)} req/s (${((r.on / r.off) * 100).toFixed(1)}%)`,
    ),
    `ingest with analysis on vs off, median of ${INGEST_ROUNDS} rounds: ${(ratio * 100).toFixed(1)}% (target >= 95%: ${ratio >= 0.95 ? 'met' : 'NOT met'})`,
    `analysis backlog when the last loaded round ended: ${lagAtEnd} messages; drained ${drainS.toFixed(1)} s after the load stopped (job share while busy ${defaultJobOptions.busyShare * 100}% of a core)`,
  ];
}

async function openStore(): Promise<{ store: Store; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-voc-bench-'));
  const store = await Store.open({ file: path.join(dir, 'hub.sqlite'), migrations: allMigrations });
  await ensureQueues(store);
  return { store, dir };
}

/** Catch-up with the texts read on the calling thread (as before) or on the hub's analysis thread. */
async function catchUp(mode: AnalyserMode): Promise<string[]> {
  const { store, dir } = await openStore();
  const now = Date.now();
  const generated = performance.now();
  await generateMessages(store, CATCHUP_N, 30, now, texts);
  const generateS = (performance.now() - generated) / 1000;
  const analyser =
    mode === 'worker' ? new WorkerAnalyser({ fellBack: (e) => console.error('analysis thread fell back:', e) }) : inProcessAnalyser;
  const job = new VocJob(
    store,
    Date.now,
    { changed() {}, spike() {}, progress() {}, error: (e) => console.error(e) },
    { ...defaultJobOptions, pollMs: 50 },
    analyser,
  );
  const started = performance.now();
  await job.start();
  for (;;) {
    const p = await job.progress();
    if (p.pending === 0 && p.analysedTo >= CATCHUP_N) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  await job.stop();
  await analyser.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return [
    `catch-up (${mode === 'worker' ? 'texts read on the analysis thread' : 'texts read in process'}): ${CATCHUP_N} stored customer messages analysed and stored by the job in ${seconds.toFixed(1)} s (${(CATCHUP_N / seconds).toFixed(0)} messages/s, batches of ${defaultJobOptions.batchSize}; data generated in ${generateS.toFixed(1)} s)`,
  ];
}

async function boardAtScale(): Promise<string[]> {
  const { store, dir } = await openStore();
  const now = Date.now();
  const generated = performance.now();
  await generateMessages(store, BOARD_N, 90, now, texts);
  await generateAnalyses(store, BOARD_N, BOARD_TOPICS, 90, now);
  const generateS = (performance.now() - generated) / 1000;
  const progress = { analysedTo: BOARD_N, newestMessage: BOARD_N, pending: 0, reanalysis: null };
  const inputs: Array<{ period: VocPeriod; queueId?: string; channel?: 'sms'; includeHidden: boolean }> = [
    { period: 'today', includeHidden: false },
    { period: 'week', includeHidden: false },
    { period: 'today', queueId: QUEUES[1], includeHidden: false },
    { period: 'week', queueId: QUEUES[2], includeHidden: false },
    { period: 'week', channel: 'sms', includeHidden: false },
  ];
  for (const input of inputs) await buildBoard(store, input, now, progress); // warm the page cache
  const times: number[] = [];
  const perInput = new Map<string, number[]>();
  for (let i = 0; i < BOARD_SAMPLES; i++) {
    const input = inputs[i % inputs.length]!;
    const t0 = performance.now();
    const board = await buildBoard(store, input, now, progress);
    const ms = performance.now() - t0;
    // At full size every scope has topics today; a tiny smoke run may leave a queue's today empty.
    if (board.top.length === 0 && BOARD_N >= 100_000) throw new Error(`empty board at scale: ${JSON.stringify(input)}`);
    times.push(ms);
    const key = `${input.period}${input.queueId ? ' queue' : ''}${input.channel ? ' channel' : ''}`;
    perInput.set(key, [...(perInput.get(key) ?? []), ms]);
  }
  const drill: number[] = [];
  const customer: number[] = [];
  for (let i = 0; i < Math.min(BOARD_SAMPLES, 100); i++) {
    let t0 = performance.now();
    await topicMessages(store, { topicId: 1 + (i % 20), since: now - 7 * 86_400_000, limit: 30 });
    drill.push(performance.now() - t0);
    t0 = performance.now();
    await customerMessages(store, 1 + ((i * 7919) % Math.floor(BOARD_N / 3)), 200);
    customer.push(performance.now() - t0);
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const p = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `p50 ${percentile(s, 50).toFixed(1)} ms, p99 ${percentile(s, 99).toFixed(1)} ms`;
  };
  return [
    `topics board at ${BOARD_N.toLocaleString('en')} analysed messages (${BOARD_TOPICS} topics, 90 days, ${QUEUES.length} queues, 4 channels; generated in ${generateS.toFixed(0)} s): ${BOARD_SAMPLES} board queries ${p(times)}`,
    ...[...perInput].map(([k, xs]) => `board ${k}: ${p(xs)}`),
    `drill-down (a topic's newest 30 messages this week): ${p(drill)}; a customer's analysed messages (360): ${p(customer)}`,
  ];
}

async function main(): Promise<void> {
  // VOC_PARTS=analyse,ingest,catchup,board (default all): run only some parts while investigating one.
  const parts = new Set((process.env.VOC_PARTS ?? 'analyse,ingest,catchup,board').split(','));
  const loadBefore = os.loadavg()[0]!;
  const lines = [
    ...(parts.has('analyse') ? analysisThroughput() : []),
    ...(parts.has('ingest') ? await ingestOnOff() : []),
    ...(parts.has('catchup') ? [...(await catchUp('in-process')), ...(await catchUp('worker'))] : []),
    ...(parts.has('board') ? await boardAtScale() : []),
    // The machine is shared: its load says how far these figures are from an idle one.
    `1-minute load average on this ${os.cpus().length}-core machine: ${loadBefore.toFixed(1)} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end`,
  ];
  const knobs = [
    'VOC_PARTS',
    'VOC_ANALYSE_N',
    'VOC_INGEST_N',
    'VOC_INGEST_ROUNDS',
    'VOC_INGEST_CONCURRENCY',
    'VOC_CATCHUP_N',
    'VOC_BOARD_N',
    'VOC_BOARD_TOPICS',
    'VOC_BOARD_SAMPLES',
  ].flatMap((k) => (process.env[k] ? [`${k}=${process.env[k]}`] : []));
  record(
    'Voice of the customer: analysis, ingest on/off, catch-up, topics board at scale',
    [...knobs, 'npm run bench:voc'].join(' '),
    lines,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
