/**
 * npm run bench:supervisor — how fast a committed event reaches a supervisor's board.
 *
 * Latency = from calling the real ingest path (validate, commit, route) for a new contact to the first
 * 'metrics/live' push at a supervisor's socket.io client whose board counts that contact. Meanwhile 2,000
 * agent sockets (in child processes, agentFleet.ts) accept and close what they are offered (more events,
 * more pushes) and 2,000 contacts wait in a queue nobody can serve (the router scans them; the fold holds
 * them). The hub and the supervisor's socket share this process. Sizes: AGENTS, WAITING, SAMPLES.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { LiveBoard } from '../../services/contracts';
import { hashPassword, newSessionToken } from '../../services/hub/auth';
import { startHub } from '../../services/server/startHub';
import { METRICS, metricsModule } from '../../services/metrics/module';
import { insertSession } from '../../services/store/repos/sessions';
import { startAgentFleet } from './agentFleet';
import { loadavg, percentile, record } from './report';

const AGENTS = Number(process.env.AGENTS ?? 2_000);
const WAITING = Number(process.env.WAITING ?? 2_000);
const SAMPLES = Number(process.env.SAMPLES ?? 300);

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-bench-'));
  const hub = await startHub(
    { dbFile: path.join(dir, 'hub.sqlite'), logLevel: 'silent', bootstrapAdmin: { password: 'bench-admin-pw' } },
    { modules: [metricsModule()] },
  );
  const { center, store } = hub;
  await center.upsertQueue({
    id: 'backlog',
    name: 'Backlog',
    channels: ['chat', 'email'],
    skills: { archive: 1 },
    slaSeconds: 3600,
    priority: 0,
  });
  await center.upsertQueue({ id: 'sales', name: 'Sales', channels: ['chat'], skills: {}, slaSeconds: 60, priority: 0 });
  for (let q = 0; q < 6; q += 1)
    await center.upsertQueue({
      id: `team-${q}`,
      name: `Team ${q}`,
      channels: ['chat', 'sms', 'email'],
      skills: {},
      slaSeconds: 120,
      priority: 0,
    });

  const passwordHash = await hashPassword('agent-password');
  const session = async (username: string, role: 'agent' | 'supervisor'): Promise<string> => {
    const agent = await center.upsertAgent({ username, displayName: username, role, skills: { sales: 1 }, passwordHash });
    const { token, tokenHash } = newSessionToken();
    await store.write((tx) => insertSession(tx, tokenHash, agent.id, Date.now(), Date.now() + 3600_000));
    return token;
  };
  const tokens: string[] = [];
  for (let i = 0; i < AGENTS; i += 1) tokens.push(await session(`agent${i}`, 'agent'));
  const supervisorToken = await session('supervisor', 'supervisor');

  for (let i = 0; i < WAITING; i += 256) {
    const batch = [];
    for (let j = i; j < Math.min(WAITING, i + 256); j += 1) {
      batch.push(
        center.ingest({
          channel: j % 2 ? 'chat' : 'email',
          providerId: `backlog-${j}`,
          from: { kind: 'chat', value: `visitor-${j}` },
          queueId: 'backlog',
          bodyText: `waiting ${j}`,
        }),
      );
    }
    await Promise.all(batch);
  }

  const connect = (token: string): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const socket = io(`${hub.url}/agent`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  // The agents accept and close what they are offered, from their own processes (agentFleet.ts).
  const fleet = await startAgentFleet(hub.url, tokens);

  const supervisor = await connect(supervisorToken);
  let pushes = 0;
  let bytes = 0;
  let waiter: { arrivals: number; resolve: (at: number) => void } | null = null;
  supervisor.on('metrics/live', (board: LiveBoard) => {
    const at = performance.now();
    pushes += 1;
    bytes += JSON.stringify(board).length;
    const sales = board.queues.find((q) => q.queueId === 'sales');
    if (waiter && sales && sales.today.arrivals >= waiter.arrivals) {
      waiter.resolve(at);
      waiter = null;
    }
  });

  const latencies: number[] = [];
  const loadBefore = loadavg();
  const cpuBefore = process.cpuUsage();
  const startPushes = pushes;
  const runStart = performance.now();
  for (let i = 0; i < SAMPLES; i += 1) {
    const seen = new Promise<number>((resolve) => (waiter = { arrivals: i + 1, resolve }));
    const start = performance.now();
    await center.ingest({
      channel: 'chat',
      providerId: `sample-${i}`,
      from: { kind: 'chat', value: `caller-${i}` },
      queueId: 'sales',
      bodyText: 'hello',
    });
    // Other traffic between samples: a contact into one of the teams (offered, accepted, closed by agents).
    void center.ingest({
      channel: i % 3 === 0 ? 'sms' : 'chat',
      providerId: `team-${i}`,
      from: { kind: 'phone', value: `+1555${String(1_000_000 + i)}` },
      queueId: `team-${i % 6}`,
      bodyText: 'hi',
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((_, reject) => (timer = setTimeout(() => reject(new Error(`no board for sample ${i}`)), 5000)));
    const at = await Promise.race([seen, timeout]);
    clearTimeout(timer);
    latencies.push(at - start);
  }
  const runSeconds = (performance.now() - runStart) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuPerSampleMs = (cpu.user + cpu.system) / 1000 / SAMPLES;
  const pushRate = (pushes - startPushes) / runSeconds;

  // The board build itself (fold read + forecast per queue), measured directly.
  const service = hub.services.find(METRICS);
  const builds: number[] = [];
  for (let i = 0; i < 200 && service; i += 1) {
    const t0 = performance.now();
    service.board();
    builds.push(performance.now() - t0);
  }
  builds.sort((a, b) => a - b);
  latencies.sort((a, b) => a - b);

  supervisor.close();
  await fleet.stop();
  await hub.stop();
  rmSync(dir, { recursive: true, force: true });

  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  record('Supervisor board: event to board at a supervisor socket', 'npm run bench:supervisor', [
    `setup: ${AGENTS} agent sockets online (in ${fleet.processes} client processes) accepting and closing their offers, ${WAITING} contacts waiting in a queue nobody can serve, 8 queues, 1 supervisor socket; ${SAMPLES} measured contacts one at a time, each with one more contact of background traffic`,
    `event -> updated board received (ingest call -> first 'metrics/live' push counting it): p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms (target p99 < 50 ms: ${p99 < 50 ? 'met' : 'NOT met'}; includes the 25 ms push coalescing)`,
    `board build (MetricsService.board(), cached day chart): p50 ${percentile(builds, 50).toFixed(2)} ms, p99 ${percentile(builds, 99).toFixed(2)} ms`,
    `pushes during the run: ${pushRate.toFixed(1)} boards/s, ${(bytes / Math.max(1, pushes) / 1024).toFixed(1)} KiB per board (JSON)`,
    `hub process CPU per measured contact (with its background contact and the pushes they cause; all threads): ${cpuPerSampleMs.toFixed(2)} ms`,
    `load average (1/5/15 min) before the samples: ${loadBefore}; after: ${loadavg()}`,
  ]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
