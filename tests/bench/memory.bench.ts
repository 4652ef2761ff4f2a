/**
 * npm run bench:memory — hub RSS with AGENTS agent sockets online (available) and WAITING contacts waiting.
 * The hub runs in a child process (tests/bench/benchHub.ts, every default module on, Twilio stood in) so
 * the socket.io clients here do not count. Its RSS is read by the child itself once the sockets are
 * connected, the background analysis of the backlog's text has caught up, and SETTLE_MS of quiet has passed
 * (queue stats pushes, offer ticks). A second reading follows a forced full GC (the child runs with
 * --expose-gc): the difference is garbage V8 has not collected yet, not data the hub holds.
 * Knobs: AGENTS (2000), WAITING (50000), SETTLE_MS (3000), BENCH_VOC=off (text analysis off).
 */
import { io, type Socket } from 'socket.io-client';
import { startChildHub } from './childHub';
import { loadavg, record } from './report';

const AGENTS = Number(process.env.AGENTS ?? 2_000);
const WAITING = Number(process.env.WAITING ?? 50_000);
const SETTLE_MS = Number(process.env.SETTLE_MS ?? 3000);
const TARGET_MB = 400;

type Stats = {
  rssMb: number;
  heapMb: number;
  heapTotalMb: number;
  waiting: number;
  offered: number;
  agentsAvailable: number;
  vocAnalysed: number;
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const hub = await startChildHub<{ tokens: string[] }>('memory', {
    AGENTS: String(AGENTS),
    WAITING: String(WAITING),
    BENCH_EXPOSE_GC: '1',
  });
  const empty = await hub.stats<Stats>();
  const sockets: Socket[] = [];
  for (let i = 0; i < hub.ready.tokens.length; i += 50) {
    await Promise.all(
      hub.ready.tokens.slice(i, i + 50).map(
        (token) =>
          new Promise<void>((resolve, reject) => {
            const socket = io(`${hub.ready.url}/agent`, {
              auth: { token },
              transports: ['websocket'],
              reconnection: false,
              forceNew: true,
            });
            sockets.push(socket);
            socket.once('connect', () => resolve());
            socket.once('connect_error', reject);
          }),
      ),
    );
  }
  await Promise.all(
    sockets.map((s) => s.timeout(60_000).emitWithAck('command', { name: 'presence/set', input: { presence: 'available' } })),
  );
  // The backlog's text is analysed in the background (voice of the customer); wait for it, bounded.
  const catchUpStart = Date.now();
  // (BENCH_VOC=off runs the hub without it: the comparison that shows what the catch-up's garbage costs.)
  const analysis = process.env.BENCH_VOC !== 'off';
  while (analysis && (await hub.stats<Stats>()).vocAnalysed < WAITING && Date.now() - catchUpStart < 120_000) await sleep(1000);
  const catchUpSeconds = (Date.now() - catchUpStart) / 1000;
  await sleep(SETTLE_MS);
  const loaded = await hub.stats<Stats>();
  const load = loadavg();
  const collected = await hub.statsAfterGc<Stats>();
  await sleep(2000);
  const afterGc = await hub.stats<Stats>();
  for (const s of sockets) s.close();
  await hub.stop();
  if (loaded.waiting !== WAITING) throw new Error(`expected ${WAITING} waiting, the hub has ${loaded.waiting}`);
  if (loaded.agentsAvailable !== AGENTS) throw new Error(`expected ${AGENTS} agents available, the hub has ${loaded.agentsAvailable}`);
  record('Hub memory: agents online + contacts waiting', 'npm run bench:memory', [
    `setup: hub in a child process with every default module${analysis ? '' : ' (text analysis off: BENCH_VOC=off)'}; ${AGENTS} agent sockets (websocket) available; ${WAITING} chat contacts waiting in a queue none of them can serve; text analysis caught up (${loaded.vocAnalysed} analysed, ${catchUpSeconds.toFixed(0)} s after the sockets), then ${SETTLE_MS} ms settle`,
    `hub RSS after start + data (no sockets): ${empty.rssMb} MB`,
    `hub RSS with ${AGENTS} agents online and ${WAITING} waiting: ${loaded.rssMb} MB, JS heap used ${loaded.heapMb} MB of ${loaded.heapTotalMb} MB (target RSS < ${TARGET_MB} MB: ${loaded.rssMb < TARGET_MB ? 'met' : 'NOT met'})`,
    `after a forced full GC: JS heap used ${collected.heapMb} MB (live data); RSS ${afterGc.rssMb} MB 2 s later, heap ${afterGc.heapTotalMb} MB reserved`,
    `load average (1/5/15 min): ${load}`,
  ]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
