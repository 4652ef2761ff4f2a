/**
 * One process of an agent fleet (tests/bench/agentFleet.ts): real socket.io agent clients, connected over
 * websocket and set available; each accepts and closes what it is offered. Every offer/new is reported to
 * the parent with its arrival time on the shared wall clock (timeOrigin + now), so the parent can measure
 * latency across processes without the clients' work landing on the hub's event loop.
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';

const Start = z.object({ type: z.literal('start'), url: z.string(), tokens: z.array(z.string()), accept: z.boolean() });
const Stop = z.object({ type: z.literal('stop') });
const OfferPush = z.object({ offerId: z.string(), conversationId: z.number() });

const send = (message: unknown): void => void process.send?.(message);
const wallNow = (): number => performance.timeOrigin + performance.now();
const sockets: Socket[] = [];

function connect(url: string, token: string, accept: boolean): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(`${url}/agent`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.on('offer/new', (raw: unknown) => {
      const at = wallNow();
      const offer = OfferPush.parse(raw);
      send({ type: 'offer', at, conversationId: offer.conversationId });
      if (!accept) return;
      void (async () => {
        try {
          await socket.emitWithAck('command', { name: 'offer/accept', input: { offerId: offer.offerId } });
          await socket.emitWithAck('command', {
            name: 'conversation/close',
            input: { conversationId: offer.conversationId, disposition: 'resolved' },
          });
        } catch {
          // The run is over and the socket closed under the agent: nothing to record.
        }
      })();
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function start(url: string, tokens: readonly string[], accept: boolean): Promise<void> {
  // 50 handshakes at a time: thousands at once overrun the hub's accept backlog on a small machine.
  for (let i = 0; i < tokens.length; i += 50) {
    sockets.push(...(await Promise.all(tokens.slice(i, i + 50).map((t) => connect(url, t, accept)))));
  }
  for (let i = 0; i < sockets.length; i += 200) {
    await Promise.all(
      sockets
        .slice(i, i + 200)
        .map((s) => s.timeout(60_000).emitWithAck('command', { name: 'presence/set', input: { presence: 'available' } })),
    );
  }
  send({ type: 'ready', rssMb: process.memoryUsage().rss / 2 ** 20 });
}

process.on('message', (raw: unknown) => {
  const stop = Stop.safeParse(raw);
  if (stop.success) {
    for (const s of sockets) s.close();
    process.exit(0);
  }
  const message = Start.parse(raw);
  start(message.url, message.tokens, message.accept).catch((error: unknown) => {
    send({ type: 'failed', error: String(error) });
    process.exit(1);
  });
});
