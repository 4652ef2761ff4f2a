/**
 * npm run bench:restart — kill -9 a hub holding 1M messages and 10,000 waiting contacts, start it again,
 * and time how long until it serves: the process prints ready (listening, router rebuilt), a signed SMS
 * webhook is answered 200, and that SMS is offered to an agent whose socket connected after the restart.
 * The database is built once with bulk SQL and cached (restartData.ts). The hub runs in a child process
 * (benchHub.ts restart, bundled with esbuild as the desktop app bundles it); each round kills it with SIGKILL (no shutdown hook, no checkpoint) and spawns it again.
 * Knobs: RESTART_MESSAGES (1,000,000), RESTART_WAITING (10,000), RESTARTS (3).
 */
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { DEMO_TWILIO } from '../../services/simulator/twilioStandIn';
import { WebhookClient } from '../../services/simulator/webhookClient';
import { startChildHub, type ChildHub } from './childHub';
import { restartData } from './restartData';
import { loadavg, percentile, record } from './report';

const MESSAGES = Number(process.env.RESTART_MESSAGES ?? 1_000_000);
const WAITING = Number(process.env.RESTART_WAITING ?? 10_000);
const RESTARTS = Number(process.env.RESTARTS ?? 3);

type Ready = { pid: number; loadedMs: number; startHubMs: number; readyMs: number; waiting: number };
type Round = { readyMs: number; webhookMs: number; offerMs: number; loadedMs: number; startHubMs: number; load: string };

function connectAgent(url: string, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(`${url}/agent`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** One SMS from a new number through the signed webhook, then offered, accepted and closed. */
async function serve(hub: ChildHub<Ready>, token: string, round: number, t0: number): Promise<{ webhookMs: number; offerMs: number }> {
  const agent = await connectAgent(hub.ready.url, token);
  await agent.emitWithAck('command', { name: 'presence/set', input: { presence: 'available' } });
  const offered = new Promise<{ at: number; offerId: string; conversationId: number }>((resolve) =>
    agent.once('offer/new', (offer: { offerId: string; conversationId: number }) => resolve({ at: performance.now(), ...offer })),
  );
  const webhooks = new WebhookClient(hub.ready.url, DEMO_TWILIO.publicUrl, DEMO_TWILIO.authToken, 1);
  const answer = await webhooks.post('/twilio/sms/inbound', {
    MessageSid: `SM${String(round).padStart(8, '0')}${'0'.repeat(24)}`,
    AccountSid: DEMO_TWILIO.accountSid,
    From: `+1777${String(1_000_000 + round)}`,
    To: DEMO_TWILIO.supportNumber,
    Body: `after restart ${round}`,
    NumMedia: '0',
  });
  const webhookMs = performance.now() - t0;
  if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}: ${answer.text}`);
  let timer: NodeJS.Timeout | undefined;
  const offer = await Promise.race([
    offered,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no offer after restart')), 30_000))),
  ]);
  clearTimeout(timer);
  await agent.emitWithAck('command', { name: 'offer/accept', input: { offerId: offer.offerId } });
  await agent.emitWithAck('command', {
    name: 'conversation/close',
    input: { conversationId: offer.conversationId, disposition: 'resolved' },
  });
  agent.close();
  return { webhookMs, offerMs: offer.at - t0 };
}

/** The bench hub bundled like the desktop app bundles the hub (esbuild, packages external): plain node. */
async function bundleHub(): Promise<string> {
  const outfile = 'dist/bench/benchHub.mjs';
  await build({
    entryPoints: ['tests/bench/benchHub.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

async function main(): Promise<void> {
  const data = await restartData(MESSAGES, WAITING);
  const env = { RESTART_DIR: data.dir };
  const bundle = await bundleHub();
  // The first start after the copy warms the page cache like a hub that has been running.
  let hub = await startChildHub<Ready>('restart', env, bundle);
  if (hub.ready.waiting !== WAITING) throw new Error(`expected ${WAITING} waiting, the hub has ${hub.ready.waiting}`);
  const first = hub.ready;
  await serve(hub, data.token, 0, performance.now());
  const rounds: Round[] = [];
  try {
    for (let r = 1; r <= RESTARTS; r += 1) {
      await hub.kill();
      const load = loadavg();
      const t0 = performance.now();
      hub = await startChildHub<Ready>('restart', env, bundle);
      const readyMs = performance.now() - t0;
      if (hub.ready.waiting !== WAITING) throw new Error(`expected ${WAITING} waiting after restart, the hub has ${hub.ready.waiting}`);
      const served = await serve(hub, data.token, r, t0);
      rounds.push({ readyMs, ...served, loadedMs: hub.ready.loadedMs, startHubMs: hub.ready.startHubMs, load });
    }
  } finally {
    await hub.stop();
    rmSync(data.dir, { recursive: true, force: true });
  }
  const sorted = (f: (r: Round) => number): number[] => rounds.map(f).sort((a, b) => a - b);
  const worst = (f: (r: Round) => number): number => sorted(f).at(-1) ?? Number.NaN;
  const median = (f: (r: Round) => number): number => percentile(sorted(f), 50);
  const fmt = (f: (r: Round) => number): string => `median ${median(f).toFixed(0)} ms, worst ${worst(f).toFixed(0)} ms`;
  const offerWorst = worst((r) => r.offerMs);
  record('Restart: kill -9 to serving webhooks and offers', 'npm run bench:restart', [
    `setup: ${MESSAGES.toLocaleString('en')} messages (closed history, 5 per conversation, with their events) and ${WAITING.toLocaleString('en')} contacts waiting; database ${data.built ? `built in ${data.buildSeconds.toFixed(1)} s` : 'from the cache'} (${data.key}); hub in a child process (esbuild bundle, plain node), SIGKILLed and started again ${RESTARTS} times`,
    `first start on the copied database: ready ${first.readyMs.toFixed(0)} ms after process start (startHub ${first.startHubMs.toFixed(0)} ms)`,
    `spawn -> ready (listening, router and caches rebuilt): ${fmt((r) => r.readyMs)}; of which node loading the code: ${fmt((r) => r.loadedMs)}; startHub: ${fmt((r) => r.startHubMs)}`,
    `spawn -> first signed SMS webhook answered 200 (an agent connects first): ${fmt((r) => r.webhookMs)}`,
    `spawn -> that SMS offered at the agent socket: ${fmt((r) => r.offerMs)} (target < 2 s: ${offerWorst < 2000 ? 'met' : 'NOT met'})`,
    `load average (1/5/15 min) at each kill: ${rounds.map((r) => r.load).join('; ')}`,
  ]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
