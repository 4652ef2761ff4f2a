import { io, type Socket } from 'socket.io-client';
import type { CommandInput, CommandOutput, CommandReply, HubCommandName, HubEventName, HubEventPayload } from '../../services/contracts';

type Received = { name: string; payload: unknown };

/** A real socket.io client on /agent that records every pushed event for assertions. */
export class AgentClient {
  readonly events: Received[] = [];
  private waiters: Array<{ name: string; test: (p: unknown) => boolean; resolve: (p: unknown) => void }> = [];

  private constructor(readonly socket: Socket) {
    socket.onAny((name: string, payload: unknown) => {
      this.events.push({ name, payload });
      this.waiters = this.waiters.filter((w) => {
        if (w.name === name && w.test(payload)) {
          w.resolve(payload);
          return false;
        }
        return true;
      });
    });
  }

  static async connect(url: string, token: string): Promise<AgentClient> {
    const socket = io(`${url}/agent`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, autoConnect: false });
    // Listen before connecting: the hub pushes pending offers in the same breath as the handshake.
    const client = new AgentClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err) => reject(err));
      socket.connect();
    });
    return client;
  }

  async command<N extends HubCommandName>(name: N, input: CommandInput<N>): Promise<CommandReply<CommandOutput<N>>> {
    return (await this.socket.timeout(10_000).emitWithAck('command', { name, input })) as CommandReply<CommandOutput<N>>;
  }

  /** Like command() but throws on an error reply. */
  async ok<N extends HubCommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
    const reply = await this.command(name, input);
    if (!reply.ok) throw new Error(`${name} failed: ${reply.error.code} ${reply.error.message} ${JSON.stringify(reply.error.issues ?? [])}`);
    return reply.data;
  }

  /** Resolves with the first matching event, including one already received. */
  waitFor<N extends HubEventName>(name: N, test: (p: HubEventPayload<N>) => boolean = () => true, timeoutMs = 5000): Promise<HubEventPayload<N>> {
    const seen = this.events.find((e) => e.name === name && test(e.payload as HubEventPayload<N>));
    if (seen) return Promise.resolve(seen.payload as HubEventPayload<N>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${name}`)), timeoutMs);
      this.waiters.push({
        name,
        test: test as (p: unknown) => boolean,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p as HubEventPayload<N>);
        },
      });
    });
  }

  received<N extends HubEventName>(name: N): Array<HubEventPayload<N>> {
    return this.events.filter((e) => e.name === name).map((e) => e.payload as HubEventPayload<N>);
  }

  close(): void {
    this.socket.close();
  }
}
