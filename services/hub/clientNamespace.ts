import type { Namespace, Server, Socket } from 'socket.io';

/** What a module learns of a connecting client: its peer address and headers (a proxy's X-Forwarded-For). */
export type Handshake = Readonly<{ address: string; headers: Readonly<Record<string, string | string[] | undefined>> }>;

/** A connected client as a module sees it: its own data and room membership, no socket.io types. */
export type Client<Data> = Readonly<{
  id: string;
  /** The object admit() returned; the module may update its fields (e.g. once the client is identified). */
  data: Data;
  join(room: string): Promise<void>;
  leave(room: string): Promise<void>;
}>;

type Listener = (...args: never[]) => void;

/** How long a delivery check waits for the other hubs' answers (team mode) before it says "not connected". */
const REACHABLE_TIMEOUT_MS = 1000;

/** Typed pushes into a module's namespace, and the little it needs to know about who is connected. */
export type ClientNamespace<Events extends Readonly<Record<string, Listener>>> = Readonly<{
  to(room: string): { emit<N extends keyof Events & string>(name: N, ...args: Parameters<Events[N]>): void };
  /** Connections in a room on this hub (0 when empty). */
  occupancy(room: string): number;
  /**
   * Whether anyone in the room is connected to any hub (team mode: the adapter asks the other hubs; a hub
   * that does not answer in time counts as nobody there).
   */
  reachable(room: string): Promise<boolean>;
  connections(): number;
  disconnectAll(): void;
}>;

export type ClientNamespaceSpec<Data> = Readonly<{
  /** e.g. '/visitor' */
  name: string;
  /** A client connecting: its data, or why it is refused (the client gets it as the connect error). */
  admit(handshake: Handshake): Data | Readonly<{ refused: string }>;
  /** Answers one `command` event (the namespace's dispatcher); the reply goes to the client's ack. */
  command(envelope: unknown, client: Client<Data>): Promise<unknown>;
  disconnected(client: Client<Data>): void;
}>;

/**
 * How a module opens a socket namespace of its own (the web widget's /visitor) without touching socket.io.
 * Opening a name again (a module set up again with new settings) hands that namespace to the new spec:
 * socket.io keeps a namespace for the server's life, so its listeners are installed once and ask the
 * newest spec.
 */
export type ClientNamespaces = Readonly<{
  open<Events extends Readonly<Record<string, Listener>>, Data extends object>(spec: ClientNamespaceSpec<Data>): ClientNamespace<Events>;
}>;

const refusal = (value: object): value is Readonly<{ refused: string }> => 'refused' in value && typeof value.refused === 'string';

export function clientNamespaces(io: Server): ClientNamespaces {
  // name -> the spec its listeners ask (replaced when the name is opened again) and the handle given out.
  const opened = new Map<string, { spec: ClientNamespaceSpec<never>; handle: ClientNamespace<never> }>();
  return {
    open<Events extends Readonly<Record<string, Listener>>, Data extends object>(
      first: ClientNamespaceSpec<Data>,
    ): ClientNamespace<Events> {
      const again = opened.get(first.name);
      if (again) {
        again.spec = first as unknown as ClientNamespaceSpec<never>;
        return again.handle;
      }
      const nsp: Namespace = io.of(first.name);
      // Each socket keeps the spec that admitted it: its data was made by that spec's module runtime.
      const clients = new WeakMap<Socket, { client: Client<Data>; spec: ClientNamespaceSpec<Data> }>();
      const current = (): ClientNamespaceSpec<Data> => opened.get(first.name)?.spec ?? first;
      nsp.use((socket, next) => {
        const spec = current();
        const admitted = spec.admit({ address: socket.handshake.address || 'unknown', headers: socket.handshake.headers });
        if (refusal(admitted)) {
          next(new Error(admitted.refused));
          return;
        }
        clients.set(socket, {
          spec,
          client: {
            id: socket.id,
            data: admitted,
            join: async (room) => socket.join(room),
            leave: async (room) => socket.leave(room),
          },
        });
        next();
      });
      nsp.on('connection', (socket: Socket) => {
        const admitted = clients.get(socket);
        if (!admitted) {
          socket.disconnect(true);
          return;
        }
        const { client, spec } = admitted;
        socket.on('command', (envelope: unknown, ack: unknown) => {
          if (typeof ack !== 'function') return; // Nothing to reply to; a command without an ack is ignored.
          const reply = ack as (reply: unknown) => void;
          void (async () => reply(await spec.command(envelope, client)))();
        });
        socket.on('disconnect', () => spec.disconnected(client));
      });
      const handle: ClientNamespace<Events> = {
        to: (room) => ({ emit: (name, ...args) => void nsp.to(room).emit(name, ...(args as unknown[])) }),
        occupancy: (room) => nsp.adapter.rooms.get(room)?.size ?? 0,
        reachable: async (room) => {
          if ((nsp.adapter.rooms.get(room)?.size ?? 0) > 0) return true;
          const sockets = await nsp
            .in(room)
            .timeout(REACHABLE_TIMEOUT_MS)
            .fetchSockets()
            .catch(() => []);
          return sockets.length > 0;
        },
        connections: () => nsp.sockets.size,
        // This hub's sockets only (team mode: a plain disconnectSockets goes to every hub through the adapter).
        disconnectAll: () => nsp.local.disconnectSockets(true),
      };
      opened.set(first.name, {
        spec: first as unknown as ClientNamespaceSpec<never>,
        handle: handle,
      });
      return handle;
    },
  };
}
