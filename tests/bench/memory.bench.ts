/**
 * npm run bench:memory — hub RSS with AGENTS agent sockets online (available) and WAITING contacts waiting.
 * The hub runs in a child process (tests/bench/benchHub.ts, every default module on, Twilio stood in) so
 * the 500 socket.io clients here do not count; its RSS is read by the child itself after the sockets are
 * connected and a few seconds of quiet (queue stats pushes, offer ticks). Knobs: AGENTS (500), WAITING (10000).
 */
import { io, type Socket } from 'socket.io-client';
import { startChildHub } from './childHub';
import { record } from './report';

const AGENTS = Number(process.env.AGENTS ?? 500);
const WAITING = Number(process.env.WAITING ?? 10_000);
const SETTLE_MS = Number(process.env.SETTLE_MS ?? 3000);

type Stats = { rssMb: number; heapMb: number; waiting: number; offered: number; agentsAvailable: number };

async function main(): Promise<void> {
  const hub = await startChildHub<{ tokens: string[] }>('memory', { AGENTS: String(AGENTS), WAITING: String(WAITING) });
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
    sockets.map((s) => s.timeout(30_000).emitWithAck('command', { name: 'presence/set', input: { presence: 'available' } })),
  );
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const loaded = await hub.stats<Stats>();
  for (const s of sockets) s.close();
  await hub.stop();
  if (loaded.waiting !== WAITING) throw new Error(`expected ${WAITING} waiting, the hub has ${loaded.waiting}`);
  if (loaded.agentsAvailable !== AGENTS) throw new Error(`expected ${AGENTS} agents available, the hub has ${loaded.agentsAvailable}`);
  record('Hub memory: agents online + contacts waiting', 'npm run bench:memory', [
    `setup: hub in a child process with every default module; ${AGENTS} agent sockets (websocket) available; ${WAITING} chat contacts waiting in a queue none of them can serve; ${SETTLE_MS} ms settle`,
    `hub RSS after start + data (no sockets): ${empty.rssMb} MB`,
    `hub RSS with ${AGENTS} agents online and ${WAITING} waiting: ${loaded.rssMb} MB, JS heap used ${loaded.heapMb} MB (target RSS < 300 MB: ${loaded.rssMb < 300 ? 'met' : 'NOT met'})`,
  ]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
