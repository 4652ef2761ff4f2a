/**
 * npm run bench:cluster — team mode on one PostgreSQL (started here, Debian's package), on this machine:
 * - router failover: three router processes, a stream of contacts, kill -9 of the router mid-stream
 *   (lock + fence + rebuild from the database): time to the new router's takeover and to its first offer,
 *   lost / accepted twice / overlapping offers (must be 0; the run exits 1 otherwise);
 * - the fence on the offer path: claim + release round trips with 500 agents and 10,000 contacts waiting;
 * - cross-hub pushes through socket.io's PostgreSQL adapter (hub A to a socket on hub B), p50/p99;
 * - the event feed: a commit on one hub to the row in another hub's fold, p50/p99.
 * - signed-webhook ingest: req/s through 3 hub processes on one PostgreSQL (requests spread round-robin)
 *   next to one SQLite hub process, same client, same concurrency, in the same run.
 * - offer latency: signed SMS webhook (round-robin over the hubs) -> offer/new at the agent's socket, with
 *   CLUSTER_AGENTS real socket.io agents (child processes, spread over the 3 hubs) and CLUSTER_WAITING
 *   contacts waiting in a queue nobody serves, next to the same on one SQLite hub process, in the same run.
 * Knobs: CLUSTER_FAILOVER_ROUNDS (3), CLUSTER_CONTACTS (600), CLUSTER_RATE (200/s), CLUSTER_INGEST_N (3000),
 * CLUSTER_INGEST_CONCURRENCY (48), CLUSTER_AGENTS (500), CLUSTER_WAITING (10000), CLUSTER_OFFER_SAMPLES (1000).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { EventFeed } from '../../services/cluster/eventFeed';
import { OfferFence } from '../../services/cluster/fence';
import { attachClusterAdapter } from '../../services/cluster/socketAdapter';
import { randomBytes } from 'node:crypto';
import { DEMO_TWILIO } from '../../services/simulator/twilioStandIn';
import { WebhookClient } from '../../services/simulator/webhookClient';
import { failoverRun, type FailoverFigures } from '../support/failoverRun';
import { fleetNow, startAgentFleet, type AgentFleet } from './agentFleet';
import { startChildHub, type ChildHub } from './childHub';
import { MINI_SCHEMA } from '../support/miniRouter';
import { startPostgres } from '../support/postgres';
import { percentile, record } from './report';
import { newCustomerSms } from './smsWebhook';

const rounds = Number(process.env.CLUSTER_FAILOVER_ROUNDS ?? 3);
const contacts = Number(process.env.CLUSTER_CONTACTS ?? 600);
const rate = Number(process.env.CLUSTER_RATE ?? 200);
const loadavg = (): string => readFileSync('/proc/loadavg', 'utf8').trim();
const ms = (v: number): string => v.toFixed(2);

const ingestN = Number(process.env.CLUSTER_INGEST_N ?? 3000);
const ingestConcurrency = Number(process.env.CLUSTER_INGEST_CONCURRENCY ?? 48);

const offerAgents = Number(process.env.CLUSTER_AGENTS ?? 500);
const offerWaiting = Number(process.env.CLUSTER_WAITING ?? 10_000);
const offerSamples = Number(process.env.CLUSTER_OFFER_SAMPLES ?? 1000);

type OfferRun = { p50: number; p99: number; max: number; missed: number; byHub: number[][] };

/**
 * One signed SMS webhook at a time, round-robin over the hubs' URLs, each from a new customer into the
 * support queue (every agent can take it); latency = before the POST -> offer/new at an agent's socket (the
 * fleet's wall clock). The backlog is never offered, so any offer is the current sample's. Agents accept and
 * close, so they are free again for the next.
 */
async function offerLatency(urls: readonly string[], fleet: AgentFleet, samples: number, offset: number): Promise<OfferRun> {
  const clients = urls.map((url) => new WebhookClient(url, DEMO_TWILIO.publicUrl, DEMO_TWILIO.authToken, 2));
  let onOffer: ((at: number) => void) | null = null;
  fleet.onOffer(({ at }) => {
    onOffer?.(at);
    onOffer = null;
  });
  const latencies: number[] = [];
  const byHub = urls.map((): number[] => []);
  let missed = 0;
  for (let i = 0; i < samples; i += 1) {
    const offered = new Promise<number>((resolve) => (onOffer = resolve));
    const start = fleetNow();
    const answer = await clients[i % clients.length]!.post('/twilio/sms/inbound', {
      MessageSid: `SM${randomBytes(16).toString('hex')}`,
      AccountSid: DEMO_TWILIO.accountSid,
      From: `+1${String(3_000_000_000 + offset + i).slice(0, 10)}`,
      To: DEMO_TWILIO.supportNumber,
      Body: `Offer latency sample ${i}`,
      NumSegments: '1',
    });
    if (answer.status !== 200) throw new Error(`offer latency webhook ${i}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
    let timer: NodeJS.Timeout | undefined;
    const at = await Promise.race([offered, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 5000)))]);
    clearTimeout(timer);
    if (at === null) {
      missed += 1;
      onOffer = null;
      continue;
    }
    latencies.push(at - start);
    byHub[i % urls.length]!.push(at - start);
  }
  for (const c of clients) c.close();
  latencies.sort((a, b) => a - b);
  for (const l of byHub) l.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? Number.NaN, missed, byHub };
}

/** Signed SMS webhooks, each from a new customer (the heavy path), spread round-robin over the hubs. */
type IngestRun = { perSecond: number; p50: number; p99: number; failures: number; firstFailure: string };

async function ingest(urls: readonly string[], total: number, offset: number): Promise<IngestRun> {
  const clients = urls.map(
    (url) => new WebhookClient(url, DEMO_TWILIO.publicUrl, DEMO_TWILIO.authToken, Math.ceil(ingestConcurrency / urls.length)),
  );
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  let firstFailure = '';
  const started = performance.now();
  await Promise.all(
    Array.from({ length: ingestConcurrency }, async (_, worker) => {
      const client = clients[worker % clients.length]!;
      while (next < total) {
        const i = offset + next++;
        const t0 = performance.now();
        const answer = await client.post('/twilio/sms/inbound', newCustomerSms(i));
        latencies.push(performance.now() - t0);
        if (answer.status !== 200) {
          failures += 1;
          firstFailure ||= `HTTP ${answer.status} ${answer.text.slice(0, 300)}`;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const c of clients) c.close();
  latencies.sort((a, b) => a - b);
  return {
    perSecond: (total - failures) / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures,
    firstFailure,
  };
}

const postgres = await startPostgres();
const lines: string[] = [];
let problems = 0;
try {
  // ---- ingest: 3 hubs on PostgreSQL vs 1 SQLite hub ---------------------------------------------------
  {
    const url = await postgres.createDatabase();
    const team: ChildHub<object>[] = [];
    // One at a time: the first lays out the schema, the others find it.
    for (let i = 0; i < 3; i += 1) team.push(await startChildHub<object>('hub', { BENCH_PG_URL: url }));
    const single = await startChildHub<object>('hub');
    try {
      const teamUrls = team.map((h) => h.ready.url);
      await ingest(teamUrls, Math.min(1000, ingestN), 0); // warm-up
      await ingest([single.ready.url], Math.min(1000, ingestN), 0);
      const runs = { team: [] as IngestRun[], single: [] as IngestRun[] };
      for (let round = 0; round < 2; round += 1) {
        runs.single.push(await ingest([single.ready.url], ingestN, 100_000 * (round + 1)));
        runs.team.push(await ingest(teamUrls, ingestN, 100_000 * (round + 1)));
      }
      const best = (r: IngestRun[]): IngestRun => r.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
      const failed = [...runs.team, ...runs.single].filter((r) => r.failures > 0);
      problems += failed.length;
      const t = best(runs.team);
      const s1 = best(runs.single);
      lines.push(
        `signed-webhook ingest (${ingestN} new customers per run, ${ingestConcurrency} in flight, best of 2): 3 hubs on one PostgreSQL ${Math.round(t.perSecond)} req/s (p50 ${ms(t.p50)} ms, p99 ${ms(t.p99)} ms; runs ${runs.team.map((r) => Math.round(r.perSecond)).join(', ')}) vs one SQLite hub ${Math.round(s1.perSecond)} req/s (p50 ${ms(s1.p50)} ms, p99 ${ms(s1.p99)} ms; runs ${runs.single.map((r) => Math.round(r.perSecond)).join(', ')}); failed webhooks ${failed.map((r) => `${r.failures} (first: ${r.firstFailure})`).join('; ') || 0}; loadavg ${loadavg()}`,
      );
    } finally {
      for (const h of [...team, single]) await h.stop();
    }
  }

  // ---- offer latency: 3 hubs on PostgreSQL vs 1 SQLite hub, agents online and a backlog waiting ---------
  {
    const seedEnv = { AGENTS: String(offerAgents), WAITING: String(offerWaiting) };
    type Seeded = { tokens: string[] };
    const measure = async (hubs: readonly ChildHub<Seeded>[], tokens: readonly string[]): Promise<OfferRun & { fleets: number }> => {
      // Agents spread evenly over the hubs, each hub's share in its own client process(es).
      const per = Math.ceil(tokens.length / hubs.length);
      const fleets = await Promise.all(hubs.map((h, k) => startAgentFleet(h.ready.url, tokens.slice(k * per, (k + 1) * per))));
      try {
        const urls = hubs.map((h) => h.ready.url);
        const merged: AgentFleet = {
          processes: fleets.reduce((n, f) => n + f.processes, 0),
          onOffer: (listener) => fleets.forEach((f) => f.onOffer(listener)),
          stop: async () => void (await Promise.all(fleets.map((f) => f.stop()))),
        };
        await offerLatency(urls, merged, Math.min(50, offerSamples), 0); // warm-up (JIT, pools, adapter)
        return { ...(await offerLatency(urls, merged, offerSamples, 10_000)), fleets: merged.processes };
      } finally {
        await Promise.all(fleets.map((f) => f.stop()));
      }
    };
    const describe = (r: OfferRun): string =>
      `p50 ${ms(r.p50)} ms, p99 ${ms(r.p99)} ms, max ${ms(r.max)} ms (target p99 < 25 ms: ${r.p99 < 25 ? 'met' : 'NOT met'})${r.missed ? `, ${r.missed} never offered` : ''}`;

    const single = await startChildHub<Seeded>('memory', seedEnv);
    let singleRun: OfferRun;
    const singleLoad = loadavg();
    try {
      singleRun = await measure([single], single.ready.tokens);
    } finally {
      await single.stop();
    }

    const url = await postgres.createDatabase();
    // The first hub lays out the schema, seeds agents, sessions and the backlog, and takes the router lock;
    // the other two start on that database.
    const team: ChildHub<Seeded>[] = [await startChildHub<Seeded>('memory', { ...seedEnv, BENCH_PG_URL: url })];
    let teamRun: OfferRun & { fleets: number };
    let teamLoad = '';
    let routerAt = -1;
    try {
      for (let i = 0; i < 2; i += 1) team.push(await startChildHub<Seeded>('hub', { BENCH_PG_URL: url }));
      await new Promise((r) => setTimeout(r, 2500)); // the adapter's heartbeats make the hubs known to each other
      routerAt = (await Promise.all(team.map(async (h) => (await fetch(`${h.ready.url}/api/cluster/router`)).status))).indexOf(200);
      teamLoad = loadavg();
      teamRun = await measure(team, team[0]!.ready.tokens);
    } finally {
      for (const h of team) await h.stop();
    }
    problems += singleRun.missed + teamRun.missed;
    // Where the webhook landed: on the router's hub the contact is routed in-process; on another hub the
    // router learns of it from the event feed (NOTIFY, then the feed's settle before adoption).
    const atRouter = teamRun.byHub[routerAt] ?? [];
    const elsewhere = teamRun.byHub
      .filter((_, k) => k !== routerAt)
      .flat()
      .sort((a, b) => a - b);
    const split = (l: number[]): string => `p50 ${ms(percentile(l, 50))} ms, p99 ${ms(percentile(l, 99))} ms`;
    lines.push(
      `offer latency (signed SMS webhook -> offer/new at the agent socket, ${offerAgents} agents online in ${teamRun.fleets} client processes, ${offerWaiting} contacts waiting, ${offerSamples} contacts one at a time): 3 hubs on one PostgreSQL (webhooks round-robin, agents spread over the hubs, one router) ${describe(teamRun)}; webhook on the router's hub ${split(atRouter)}, on the other two hubs ${split(elsewhere)}; loadavg before ${teamLoad}, after ${loadavg()}`,
      `offer latency, same run and load, one SQLite hub process: ${describe(singleRun)}; loadavg before ${singleLoad}`,
    );
  }

  // ---- failover -------------------------------------------------------------------------------------
  const runs: FailoverFigures[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const url = await postgres.createDatabase();
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    await new OfferFence(pool).ensureSchema();
    await pool.query(MINI_SCHEMA);
    runs.push(await failoverRun(pool, url, contacts, rate));
    await pool.end();
  }
  for (const r of runs) problems += r.lost + r.acceptedTwice + r.overlapping + (r.resumeMs < 5000 ? 0 : 1);
  lines.push(
    `router failover (3 router processes, ${contacts} contacts at ${rate}/s, kill -9 of the router at a third): takeover after ${runs.map((r) => r.failoverMs).join(', ')} ms, first offer after ${runs.map((r) => r.resumeMs).join(', ')} ms (target < 5000); lost ${runs.reduce((n, r) => n + r.lost, 0)}, accepted twice ${runs.reduce((n, r) => n + r.acceptedTwice, 0)}, overlapping offers ${runs.reduce((n, r) => n + r.overlapping, 0)}; loadavg ${loadavg()}`,
  );

  // ---- the fence on the offer path --------------------------------------------------------------------
  {
    const url = await postgres.createDatabase();
    const pool = new pg.Pool({ connectionString: url, max: 8 });
    const fence = new OfferFence(pool);
    await fence.ensureSchema();
    const epoch = await fence.takeOver(0, 'bench');
    const waiting = 10_000;
    const agents = 500;
    const single: number[] = [];
    for (let id = 1; id <= 2000; id += 1) {
      const t = performance.now();
      await fence.claim(0, epoch, [{ conversationId: id, agentId: (id % agents) + 1 }]);
      single.push(performance.now() - t);
    }
    await fence.release(
      0,
      epoch,
      Array.from({ length: 2000 }, (_, i) => i + 1),
    );
    single.sort((a, b) => a - b);
    // A router offers to every free agent at once: one claim statement per routing pass.
    const passes: number[] = [];
    let next = 1;
    const started = performance.now();
    while (next <= waiting) {
      const batch = Array.from({ length: Math.min(agents, waiting - next + 1) }, (_, i) => ({ conversationId: next + i, agentId: i + 1 }));
      const t = performance.now();
      const claimed = await fence.claim(0, epoch, batch);
      passes.push(performance.now() - t);
      if (claimed.size !== batch.length) problems += 1;
      await fence.release(
        0,
        epoch,
        batch.map((c) => c.conversationId),
      );
      next += batch.length;
    }
    const perSecond = waiting / ((performance.now() - started) / 1000);
    passes.sort((a, b) => a - b);
    lines.push(
      `offer fence (${agents} agents, ${waiting} waiting): one claim p50 ${ms(percentile(single, 50))} ms, p99 ${ms(percentile(single, 99))} ms; a pass offering to all ${agents} agents p50 ${ms(percentile(passes, 50))} ms, p99 ${ms(percentile(passes, 99))} ms; claim+release ${Math.round(perSecond)} offers/s; loadavg ${loadavg()}`,
    );
    await pool.end();
  }

  // ---- cross-hub pushes ---------------------------------------------------------------------------------
  {
    const url = await postgres.createDatabase();
    const hubs = await Promise.all(
      [0, 1].map(async () => {
        const http = createServer();
        const io = new Server(http, { serveClient: false });
        const close = await attachClusterAdapter(io, url, () => undefined);
        io.of('/agent').on('connection', (socket) => void socket.join('agent:1'));
        await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
        return { io, close, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
      }),
    );
    const socket = connect(`${hubs[1]!.url}/agent`, { transports: ['websocket'], forceNew: true });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    await new Promise((r) => setTimeout(r, 2500));
    const samples: number[] = [];
    for (let i = 0; i < 2000; i += 1) {
      const got = new Promise<void>((resolve) => socket.once('offer/new', () => resolve()));
      const t = performance.now();
      hubs[0]!.io
        .of('/agent')
        .to('agent:1')
        .emit('offer/new', { i, card: 'x'.repeat(600) });
      await got;
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    lines.push(
      `cross-hub push (hub A emits to an agent whose socket is on hub B, 600-byte payload, one at a time, 2000 pushes): p50 ${ms(percentile(samples, 50))} ms, p99 ${ms(percentile(samples, 99))} ms; loadavg ${loadavg()}`,
    );
    socket.close();
    for (const hub of hubs) {
      await new Promise<void>((resolve) => hub.io.close(() => resolve()));
      await hub.close();
    }
  }

  // ---- the event feed -----------------------------------------------------------------------------------
  {
    const url = await postgres.createDatabase();
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    await pool.query(`CREATE TABLE event (seq BIGINT PRIMARY KEY, at BIGINT NOT NULL, type TEXT NOT NULL, conversation_id BIGINT,
      agent_id BIGINT, queue_id TEXT, channel TEXT, data TEXT NOT NULL DEFAULT '{}')`);
    const waiters = new Map<number, () => void>();
    const feed = new EventFeed({ url, fromSeq: 0, pollMs: 60_000, onRows: (rows) => rows.forEach((r) => waiters.get(r.seq)?.()) });
    await feed.start();
    const samples: number[] = [];
    for (let seq = 1; seq <= 1000; seq += 1) {
      const seen = new Promise<void>((resolve) => waiters.set(seq, resolve));
      const t = performance.now();
      await pool.query(`INSERT INTO event (seq, at, type) VALUES ($1, $2, 'conversation/offered')`, [seq, Date.now()]);
      await EventFeed.notify(pool, seq);
      await seen;
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    lines.push(
      `event feed (a commit + NOTIFY on one hub to the row in another hub's fold, 1000 events): p50 ${ms(percentile(samples, 50))} ms, p99 ${ms(percentile(samples, 99))} ms; loadavg ${loadavg()}`,
    );
    await feed.stop();
    await pool.end();
  }
} finally {
  await postgres.destroy();
}
record('Team mode on one PostgreSQL: failover, offer fence, cross-hub pushes, event feed', 'npm run bench:cluster', lines);
if (problems > 0) {
  process.stderr.write(`bench:cluster found ${problems} problem(s)\n`);
  process.exit(1);
}
process.exit(0);
