/**
 * npm run bench:routing — offer latency with 2,000 agent sockets online and 50,000 contacts waiting.
 *
 * Offer latency = time from calling the real ingest path (validate, commit, route) to the offer/new event
 * arriving at the agent's socket.io client. The agents are real socket.io clients in child processes
 * (agentFleet.ts, AGENTS_PER_PROCESS each) stamping arrivals on the shared wall clock; the hub runs here.
 * Sizes are overridable (the issue 23 envelope is AGENTS=2000 WAITING=50000): AGENTS, WAITING, SAMPLES.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { hashPassword, newSessionToken } from '../../services/hub/auth';
import { startHub } from '../../services/server/startHub';
import { insertSession } from '../../services/store/repos/sessions';
import { fleetNow, startAgentFleet } from './agentFleet';
import { loadavg, percentile, record } from './report';

const AGENTS = Number(process.env.AGENTS ?? 2_000);
const WAITING = Number(process.env.WAITING ?? 50_000);
const SAMPLES = Number(process.env.SAMPLES ?? 2_000);

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-bench-'));
  const hub = await startHub(
    { dbFile: path.join(dir, 'hub.sqlite'), logLevel: 'silent', bootstrapAdmin: { password: 'bench-admin-pw' } },
    { modules: [] },
  );
  const { center, store } = hub;
  await center.upsertQueue({ id: 'backlog', name: 'Backlog', channels: ['chat'], skills: { archive: 1 }, slaSeconds: 3600, priority: 0 });
  await center.upsertQueue({ id: 'sales', name: 'Sales', channels: ['chat'], skills: {}, slaSeconds: 60, priority: 0 });

  // Agents and sessions straight into the store: 500 scrypt logins would only measure scrypt.
  const passwordHash = await hashPassword('agent-password');
  const tokens: string[] = [];
  for (let i = 0; i < AGENTS; i += 1) {
    const agent = await center.upsertAgent({
      username: `agent${i}`,
      displayName: `Agent ${i}`,
      role: 'agent',
      skills: { sales: 1 },
      passwordHash,
    });
    const { token, tokenHash } = newSessionToken();
    await store.write((tx) => insertSession(tx, tokenHash, agent.id, Date.now(), Date.now() + 3600_000));
    tokens.push(token);
  }

  // Fill the backlog first: nobody has the 'archive' skill, so these wait (and are scanned) throughout.
  const fillStart = performance.now();
  const inFlight = 256;
  for (let i = 0; i < WAITING; i += inFlight) {
    const batch = [];
    for (let j = i; j < Math.min(WAITING, i + inFlight); j += 1) {
      batch.push(
        center.ingest({
          channel: 'chat',
          providerId: `backlog-${j}`,
          from: { kind: 'chat', value: `visitor-${j}` },
          queueId: 'backlog',
          bodyText: `waiting ${j}`,
        }),
      );
    }
    await Promise.all(batch);
  }
  const fillSeconds = (performance.now() - fillStart) / 1000;
  const ingestRate = WAITING / fillSeconds;

  // Samples go one at a time and backlog contacts are never offered, so any offer is the current sample's.
  let onOffer: ((at: number) => void) | null = null;
  const fleet = await startAgentFleet(hub.url, tokens);
  fleet.onOffer(({ at }) => {
    onOffer?.(at);
    onOffer = null;
  });

  const latencies: number[] = [];
  const loadBefore = loadavg();
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < SAMPLES; i += 1) {
    // Registered before ingest: the offer can arrive before the ingest promise settles.
    const offered = new Promise<number>((resolve) => (onOffer = resolve));
    const start = fleetNow();
    await center.ingest({
      channel: 'chat',
      providerId: `sample-${i}`,
      from: { kind: 'chat', value: `caller-${i}` },
      queueId: 'sales',
      bodyText: 'hello',
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((_, reject) => (timer = setTimeout(() => reject(new Error(`no offer for sample ${i}`)), 5000)));
    const at = await Promise.race([offered, timeout]);
    clearTimeout(timer);
    latencies.push(at - start);
  }
  const cpu = process.cpuUsage(cpuBefore);
  const cpuPerSampleMs = (cpu.user + cpu.system) / 1000 / SAMPLES;
  latencies.sort((a, b) => a - b);
  const rssMb = process.memoryUsage().rss / 2 ** 20;

  await fleet.stop();
  await hub.stop();
  rmSync(dir, { recursive: true, force: true });

  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  record('Routing: offer latency and ingest rate', 'npm run bench:routing', [
    `setup: ${AGENTS} agent sockets online (websocket, in ${fleet.processes} client processes), ${WAITING} contacts waiting in a queue no agent can serve, ${SAMPLES} measured contacts one at a time`,
    `offer latency (ingest call -> offer/new at the agent socket): p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${latencies.at(-1)?.toFixed(2)} ms (target p99 < 25 ms: ${p99 < 25 ? 'met' : 'NOT met'})`,
    `ingest commits: ${ingestRate.toFixed(0)} contacts/s (${WAITING} new conversations, 256 in flight, group commit)`,
    `hub process RSS at the end (the clients run elsewhere): ${rssMb.toFixed(0)} MB`,
    `hub process CPU per measured contact (all threads; does not grow with the machine's load the way latency does): ${cpuPerSampleMs.toFixed(2)} ms`,
    `load average (1/5/15 min) before the samples: ${loadBefore}; after: ${loadavg()}`,
  ]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
