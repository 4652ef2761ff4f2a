import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RouterForwarder, RouterUnavailable, type RoutedCommand } from '../../services/cluster/forward';
import { attachClusterAdapter } from '../../services/cluster/socketAdapter';
import { agentRoom, roomPusher, SUPERVISORS, type Pusher } from '../../services/hub/push';
import { startPostgres, type Postgres } from '../support/postgres';

type Hub = {
  name: string;
  http: HttpServer;
  io: Server;
  push: Pusher;
  url: string;
  leads: Set<number>;
  applied: RoutedCommand[];
  forwarder: RouterForwarder;
  close: () => Promise<void>;
};

let postgres: Postgres;
let url: string;
const hubs: Hub[] = [];
const clients: Socket[] = [];

async function startHub(name: string): Promise<Hub> {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  const closeAdapter = await attachClusterAdapter(io, url, () => undefined);
  const agents = io.of('/agent');
  // As the hub does: each socket joins its agent's room, supervisors the supervisors' room.
  agents.on('connection', (socket) => {
    const { agentId, supervisor } = socket.handshake.auth as { agentId: number; supervisor?: boolean };
    void socket.join(agentRoom(agentId));
    if (supervisor) void socket.join(SUPERVISORS);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const leads = new Set<number>();
  const applied: RoutedCommand[] = [];
  const forwarder = new RouterForwarder({
    namespace: agents,
    leads: (p) => leads.has(p),
    apply: (command) => {
      if (command.name === 'offer/reject') return Promise.reject(Object.assign(new Error('That offer is gone.'), { code: 'not_found' }));
      applied.push(command);
      return Promise.resolve({ appliedBy: name });
    },
    deadlineMs: 3000,
  });
  const hub: Hub = {
    name,
    http,
    io,
    push: roomPusher(agents, { cluster: true }),
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    leads,
    applied,
    forwarder,
    close: async () => {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await closeAdapter();
    },
  };
  hubs.push(hub);
  return hub;
}

function client(hub: Hub, auth: Record<string, unknown>): Promise<Socket> {
  const socket = connect(`${hub.url}/agent`, { transports: ['websocket'], auth, forceNew: true });
  clients.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const received = (socket: Socket, event: string): Promise<unknown> => new Promise((resolve) => socket.once(event, resolve));

beforeAll(async () => {
  postgres = await startPostgres();
  url = await postgres.createDatabase();
  for (const name of ['h1', 'h2', 'h3']) await startHub(name);
  // The adapter's heartbeats tell each hub how many others there are (acks wait for all of them).
  await new Promise((r) => setTimeout(r, 2500));
});
afterAll(async () => {
  for (const socket of clients) socket.close();
  for (const hub of hubs) await hub.close().catch(() => undefined);
  await postgres?.destroy();
});

describe('several hubs on one PostgreSQL: socket.io PostgreSQL adapter', () => {
  it('a push to an agent or to the supervisors reaches them whatever hub their socket is on', async () => {
    const [h1, h2, h3] = hubs as [Hub, Hub, Hub];
    const agent7 = await client(h3, { agentId: 7 });
    const agent8 = await client(h2, { agentId: 8 });
    const sup1 = await client(h1, { agentId: 1, supervisor: true });
    const sup2 = await client(h3, { agentId: 2, supervisor: true });
    await new Promise((r) => setTimeout(r, 100));

    const offer = received(agent7, 'offer/new');
    const noOffer = new Promise((resolve) => {
      agent8.once('offer/new', () => resolve('wrong socket'));
      setTimeout(() => resolve('none'), 500);
    });
    // h1 has no socket of agent 7: the single-hub pusher would have skipped the push as unoccupied.
    expect(h1.push.occupied(agentRoom(7))).toBe(false);
    h1.push.to(agentRoom(7)).emit('offer/new', { id: 'x' } as never);
    expect(await offer).toEqual({ id: 'x' });
    expect(await noOffer).toBe('none');

    const boards = [received(sup1, 'queue/stats'), received(sup2, 'queue/stats')];
    h2.push.to(SUPERVISORS).emit('queue/stats', [] as never);
    expect(await Promise.all(boards)).toEqual([[], []]);

    // A board each hub folds alike goes to that hub's own supervisors only: no triple delivery.
    const sup2Boards: unknown[] = [];
    sup2.on('metrics/live', (b) => sup2Boards.push(b));
    h1.push.local(SUPERVISORS).emit('metrics/live', { from: 'h1' } as never);
    h3.push.local(SUPERVISORS).emit('metrics/live', { from: 'h3' } as never);
    await new Promise((r) => setTimeout(r, 300));
    expect(sup2Boards).toEqual([{ from: 'h3' }]);
  });

  it('a routing command reaches the router wherever the agent is, and its answer (or refusal) comes back', async () => {
    const [h1, h2, h3] = hubs as [Hub, Hub, Hub];
    h2.leads.add(0);
    const result = await h3.forwarder.send({ partition: 0, name: 'offer/accept', agentId: 7, input: { offerId: 'o1' } });
    expect(result).toEqual({ appliedBy: 'h2' });
    expect(h2.applied.map((c) => c.name)).toEqual(['offer/accept']);
    expect(h1.applied).toEqual([]);
    expect(h3.applied).toEqual([]);
    await expect(h1.forwarder.send({ partition: 0, name: 'offer/reject', agentId: 7, input: {} })).rejects.toMatchObject({
      fault: { code: 'not_found', message: 'That offer is gone.' },
    });
    // On the router itself: applied in place.
    expect(await h2.forwarder.send({ partition: 0, name: 'presence/set', agentId: 5, input: {} })).toEqual({ appliedBy: 'h2' });
  });

  it('during a failover the caller waits for the new router, and gives up with router_unavailable past its deadline', async () => {
    const [h1, h2, h3] = hubs as [Hub, Hub, Hub];
    h2.leads.delete(0);
    const started = Date.now();
    const pending = h1.forwarder.send({ partition: 0, name: 'offer/accept', agentId: 9, input: {} });
    setTimeout(() => h3.leads.add(0), 600);
    expect(await pending).toEqual({ appliedBy: 'h3' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    h3.leads.delete(0);
    await expect(h1.forwarder.send({ partition: 1, name: 'offer/accept', agentId: 9, input: {} })).rejects.toBeInstanceOf(
      RouterUnavailable,
    );
  });

  it('pushes made in one turn travel in a few NOTIFYs and arrive in order on the other hub', async () => {
    const [h1, h2] = hubs as [Hub, Hub, Hub];
    const agent = await client(h2, { agentId: 21 });
    await new Promise((r) => setTimeout(r, 100));
    // The database's own view: every NOTIFY on the agent namespace's channel, whichever hub sent it.
    const listener = new pg.Client({ connectionString: url });
    await listener.connect();
    // Notifications that carry these pushes (the hubs' heartbeats share the channel), and how many pushes.
    let notifies = 0;
    let carried = 0;
    listener.on('notification', ({ payload }) => {
      const n = payload?.split('"message/new"').length ?? 1;
      if (n > 1) {
        notifies += 1;
        carried += n - 1;
      }
    });
    await listener.query('LISTEN "socket.io#/agent"');
    try {
      const got: number[] = [];
      const all = new Promise<void>((resolve) =>
        agent.on('message/new', (m: { i: number }) => {
          got.push(m.i);
          if (got.length === 60) resolve();
        }),
      );
      // As after a group commit: every acknowledged message pushes in the same turn, ~300 bytes each.
      for (let i = 0; i < 60; i += 1) h1.push.to(agentRoom(21)).emit('message/new', { i, text: 'x'.repeat(300) } as never);
      await all;
      expect(got).toEqual(Array.from({ length: 60 }, (_, i) => i));
      // This listener's connection may hear of them a moment after the hub's socket delivered them.
      for (let waited = 0; carried < 60 && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      expect(carried).toBe(60);
      // One NOTIFY per push before; now as many as fit under the payload limit (60 x ~400 bytes / 7000).
      expect(notifies).toBeLessThanOrEqual(6);
    } finally {
      await listener.end();
    }
  });
});
