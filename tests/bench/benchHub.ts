/**
 * The server side of bench:ingest and bench:memory, in its own process so the load generator and the
 * socket clients do not count against it (nor share its event loop). Usage:
 *   tsx tests/bench/benchHub.ts bare            a bare fastify endpoint (form body, 200), the baseline
 *   tsx tests/bench/benchHub.ts hub             the real hub with Twilio enabled (stand-in REST server)
 *   tsx tests/bench/benchHub.ts memory          the real hub + AGENTS agents with sessions + WAITING contacts
 *   tsx tests/bench/benchHub.ts fault           the real hub on FAULT_DIR (kept between runs: the fault suite
 *                                               kill -9s it and starts it again on the same data), Twilio and
 *                                               web chat on, limits raised for one loopback address, agent
 *                                               FAULT_AGENT / FAULT_PASSWORD
 *   tsx tests/bench/benchHub.ts restart         the real hub on RESTART_DIR (bench:restart's big database, kill -9
 *                                               and started again), Twilio stood in, offers never time out
 * Prints one JSON line {ready, url, ...}; then answers lines on stdin: "stats" -> JSON line, "stop" -> exits.
 * Profile with BENCH_CPU_PROF=1 in the parent (it passes --cpu-prof to this process).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { z } from 'zod';
import type { EmailConfigInput } from '../../services/channels/email/config';
import { hashPassword, newSessionToken } from '../../services/hub/auth';
import { startHub, type Hub } from '../../services/server/startHub';
import { demoTwilioConfig, TwilioStandIn } from '../../services/simulator/twilioStandIn';
import { insertSession } from '../../services/store/repos/sessions';
import { sql } from '../../services/store/sql';
import { FAULT_AGENT } from './childHub';

const mode = process.argv[2];
const emit = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);
const rssMb = (): number => Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10;
/** CPU so far: the whole process (all threads) and the main thread's busy time (event-loop utilisation). */
const cpu = (): { processMs: number; mainThreadMs: number } => {
  const usage = process.cpuUsage();
  return { processMs: (usage.user + usage.system) / 1000, mainThreadMs: performance.eventLoopUtilization().active };
};

async function bare(): Promise<() => Promise<void>> {
  const app = Fastify({ logger: false });
  await app.register(formbody);
  app.post('/twilio/sms/inbound', async (_request, reply) =>
    reply.type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response/>'),
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  emit({ ready: true, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, rssMb: rssMb() });
  listen(async () => ({ rssMb: rssMb(), cpu: cpu() }));
  return () => app.close();
}

/** The two queues every bench hub routes into (the simulator's numbers point at them). */
async function addDemoQueues(h: Hub): Promise<void> {
  for (const [id, name] of [
    ['support', 'Support'],
    ['sales', 'Sales'],
  ] as const) {
    await h.center.upsertQueue({ id, name, channels: ['voice', 'sms', 'email', 'chat'], skills: {}, slaSeconds: 60, priority: 0 });
  }
}

/** One directory per team database, for every bench hub on it (a team's shared volume). */
function teamDataDir(url: string): string {
  const dir = path.join(tmpdir(), `switchboard-bench-team-${createHash('sha256').update(url).digest('hex').slice(0, 16)}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function hub(withLoad: boolean): Promise<() => Promise<void>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-bench-'));
  const standIn = await TwilioStandIn.start();
  const h = await startHub({
    dbFile: path.join(dir, 'hub.sqlite'),
    // bench:cluster runs several of these on one PostgreSQL (team mode).
    // The hubs of one database share one dataDir, as team mode requires (cluster/sharedDataDir.ts).
    ...(process.env.BENCH_PG_URL
      ? { store: { engine: 'postgres' as const, url: process.env.BENCH_PG_URL }, dataDir: teamDataDir(process.env.BENCH_PG_URL) }
      : {}),
    logLevel: 'silent',
    // bench:ingest compares the two designs in one run (INGEST_ON=writer|worker per child hub).
    ...(process.env.INGEST_ON === 'worker' || process.env.INGEST_ON === 'writer' ? { ingestOn: process.env.INGEST_ON } : {}),
    bootstrapAdmin: { password: 'bench-admin-pw' },
    twilio: demoTwilioConfig(standIn.url),
    // bench:voc measures ingest with customer-text analysis on and off (BENCH_VOC=off) in the same run.
    // BENCH_VOC=main reads customer text on the hub's main thread (as before the analysis thread), to compare.
    voc: { enabled: process.env.BENCH_VOC !== 'off', ...(process.env.BENCH_VOC === 'main' ? { analysisThread: false } : {}) },
  });
  await addDemoQueues(h);
  const extra: Record<string, unknown> = {};
  if (withLoad) {
    const agents = Number(process.env.AGENTS ?? 500);
    const waiting = Number(process.env.WAITING ?? 10_000);
    await h.center.upsertQueue({
      id: 'backlog',
      name: 'Backlog',
      channels: ['chat', 'sms', 'email'],
      skills: { archive: 1 },
      slaSeconds: 3600,
      priority: 0,
    });
    const passwordHash = await hashPassword('agent-password');
    const tokens: string[] = [];
    for (let i = 0; i < agents; i += 1) {
      const agent = await h.center.upsertAgent({
        username: `agent${i}`,
        displayName: `Agent ${i}`,
        role: 'agent',
        skills: { sales: 1 },
        passwordHash,
      });
      const { token, tokenHash } = newSessionToken();
      await h.store.write((tx) => insertSession(tx, tokenHash, agent.id, Date.now(), Date.now() + 3600_000));
      tokens.push(token);
    }
    // Nobody has the 'archive' skill: these stay waiting, with their cards and customers in memory.
    for (let i = 0; i < waiting; i += 256) {
      const batch = [];
      for (let j = i; j < Math.min(waiting, i + 256); j += 1) {
        batch.push(
          h.center.ingest({
            channel: 'chat',
            providerId: `backlog-${j}`,
            from: { kind: 'email', value: `visitor${j}@bench.example`, displayName: `Visitor ${j}` },
            queueId: 'backlog',
            bodyText: `Hello, I am waiting with question ${j}: where is my order?`,
          }),
        );
      }
      await Promise.all(batch);
    }
    extra.tokens = tokens;
  }
  emit({ ready: true, url: h.url, rssMb: rssMb(), ...extra });
  listen(async () => {
    const stats = h.center.queueStats();
    return {
      rssMb: rssMb(),
      cpu: cpu(),
      heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
      heapTotalMb: Math.round(process.memoryUsage().heapTotal / 2 ** 20),
      externalMb: Math.round(process.memoryUsage().external / 2 ** 20),
      waiting: stats.reduce((n, q) => n + q.waiting, 0),
      checkpoint: h.store.checkpointStats,
      offered: stats.reduce((n, q) => n + q.offered, 0),
      agentsAvailable: stats.find((q) => q.queueId === 'sales')?.agentsAvailable ?? 0,
      vocAnalysed: (await h.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM voc_message`))?.n ?? 0,
    };
  });
  return async () => {
    await h.stop();
    await standIn.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

/** bench:soak's mailbox (a dovecot it started) and outbound relay, as JSON in SOAK_EMAIL. */
const SoakEmail = z
  .object({
    host: z.string(),
    port: z.number().int(),
    user: z.string(),
    password: z.string(),
    smtpPort: z.number().int(),
    newMailCheckMs: z.number().int().min(0),
  })
  .strict();

/** The hub watches the soak's mailbox into the support queue (otherwise the shipped email settings). */
function soakEmailConfig(raw: string | undefined): { email?: EmailConfigInput } {
  if (!raw) return {};
  const m = SoakEmail.parse(JSON.parse(raw));
  return {
    email: {
      mailboxes: [
        {
          id: 'support',
          host: m.host,
          port: m.port,
          secure: false,
          user: m.user,
          password: m.password,
          address: m.user,
          queueId: 'support',
        },
      ],
      smtp: { host: '127.0.0.1', port: m.smtpPort, secure: false, ignoreTLS: true },
      newMailCheckMs: m.newMailCheckMs,
    },
  };
}

async function fault(): Promise<() => Promise<void>> {
  const dir = process.env.FAULT_DIR;
  if (!dir) throw new Error('fault mode needs FAULT_DIR (the data directory kept across kill -9 and restart)');
  const standIn = await TwilioStandIn.start();
  const h = await startHub({
    dbFile: path.join(dir, 'hub.sqlite'),
    dataDir: dir,
    logLevel: 'silent',
    // INGEST_ON=worker runs the kill -9 suite against the ingest worker design too.
    ...(process.env.INGEST_ON === 'worker' || process.env.INGEST_ON === 'writer' ? { ingestOn: process.env.INGEST_ON } : {}),
    bootstrapAdmin: { password: 'fault-admin-pw' },
    twilio: demoTwilioConfig(standIn.url),
    // Every client is on 127.0.0.1 and the suite is the only user: per-address and per-socket limits would
    // refuse its load (those limits have tests of their own). Offers never time out, so the agent stays
    // available and the chat queue open while it ignores them.
    commandRate: { perSecond: 10_000, burst: 10_000 },
    routing: { offerTimeoutMs: 3_600_000 },
    webchat: {
      visitorRate: { perSecond: 10_000, burst: 10_000 },
      ipRate: { perSecond: 100_000, burst: 100_000 },
      startRate: { perSecond: 10_000, burst: 10_000 },
      maxConnectionsPerIp: 10_000,
      abandonAfterDisconnectMs: 3_600_000,
    },
    ...soakEmailConfig(process.env.SOAK_EMAIL),
  });
  await addDemoQueues(h);
  await h.center.upsertAgent({
    username: FAULT_AGENT.username,
    displayName: 'Fault Agent',
    role: 'supervisor',
    skills: {},
    passwordHash: await hashPassword(FAULT_AGENT.password),
  });
  // bench:soak: SOAK_AGENTS agents with sessions (their tokens go to the bench's agent fleet).
  const tokens: string[] = [];
  const passwordHash = await hashPassword('agent-password');
  for (let i = 0; i < Number(process.env.SOAK_AGENTS ?? 0); i += 1) {
    const agent = await h.center.upsertAgent({ username: `soak${i}`, displayName: `Soak ${i}`, role: 'agent', skills: {}, passwordHash });
    const { token, tokenHash } = newSessionToken();
    await h.store.write((tx) => insertSession(tx, tokenHash, agent.id, Date.now(), Date.now() + 3600_000));
    tokens.push(token);
  }
  emit({ ready: true, url: h.url, rssMb: rssMb(), pid: process.pid, tokens });
  listen(async () => ({ rssMb: rssMb(), heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20) }));
  return async () => {
    await h.stop();
    await standIn.stop();
  };
}

/** bench:restart: how long this process took to serve, measured from inside (process start = timeOrigin). */
async function restart(): Promise<() => Promise<void>> {
  const dir = process.env.RESTART_DIR;
  if (!dir) throw new Error('restart mode needs RESTART_DIR (the data directory kept across kill -9 and restart)');
  const loadedAt = performance.now();
  const standIn = await TwilioStandIn.start();
  const startHubAt = performance.now();
  const h = await startHub({
    dbFile: path.join(dir, 'hub.sqlite'),
    dataDir: dir,
    logLevel: 'silent',
    twilio: demoTwilioConfig(standIn.url),
    routing: { offerTimeoutMs: 3_600_000 },
  });
  const readyAt = performance.now();
  const stats = h.center.queueStats();
  emit({
    ready: true,
    url: h.url,
    rssMb: rssMb(),
    pid: process.pid,
    loadedMs: loadedAt,
    startHubMs: readyAt - startHubAt,
    readyMs: readyAt,
    waiting: stats.reduce((n, q) => n + q.waiting, 0),
  });
  listen(async () => ({ rssMb: rssMb(), waiting: h.center.queueStats().reduce((n, q) => n + q.waiting, 0) }));
  return async () => {
    await h.stop();
    await standIn.stop();
  };
}

let stop: (() => Promise<void>) | null = null;

function listen(stats: () => Promise<unknown>): void {
  createInterface({ input: process.stdin }).on('line', (line) => {
    void (async () => {
      if (line.trim() === 'stats') emit(await stats());
      // Diagnosis only (the child runs with --expose-gc when BENCH_EXPOSE_GC=1): live heap without garbage.
      if (line.trim() === 'gc') {
        (globalThis as { gc?: () => void }).gc?.();
        emit(await stats());
      }
      if (line.trim() === 'stop') {
        await stop?.();
        emit({ stopped: true });
        process.exit(0);
      }
    })();
  });
}

try {
  stop =
    mode === 'bare'
      ? await bare()
      : mode === 'hub'
        ? await hub(false)
        : mode === 'memory'
          ? await hub(true)
          : mode === 'fault'
            ? await fault()
            : mode === 'restart'
              ? await restart()
              : null;
  if (!stop) throw new Error(`unknown mode ${String(mode)} (bare | hub | memory | fault | restart)`);
} catch (error) {
  process.stderr.write(`benchHub failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
}
