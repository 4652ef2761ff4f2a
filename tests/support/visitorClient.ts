import { io, type Socket } from 'socket.io-client';
import type { VisitorCommandInput, VisitorCommandName, VisitorCommandOutput, VisitorEventName, VisitorEventPayload, VisitorReply } from '../../services/contracts';

type Received = { name: string; payload: unknown };

/** A real socket.io client on /visitor (what the widget speaks), recording pushes for assertions. */
export class VisitorClient {
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

  static async connect(url: string, options: Readonly<{ headers?: Record<string, string> }> = {}): Promise<VisitorClient> {
    const socket = io(`${url}/visitor`, { transports: ['websocket'], reconnection: false, forceNew: true, autoConnect: false, extraHeaders: options.headers });
    const client = new VisitorClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err) => reject(err));
      socket.connect();
    });
    return client;
  }

  async command<N extends VisitorCommandName>(name: N, input: VisitorCommandInput<N>): Promise<VisitorReply<VisitorCommandOutput<N>>> {
    return (await this.socket.timeout(10_000).emitWithAck('command', { name, input })) as VisitorReply<VisitorCommandOutput<N>>;
  }

  async ok<N extends VisitorCommandName>(name: N, input: VisitorCommandInput<N>): Promise<VisitorCommandOutput<N>> {
    const reply = await this.command(name, input);
    if (!reply.ok) throw new Error(`${name} failed: ${reply.error.code} ${reply.error.message}`);
    return reply.data;
  }

  waitFor<N extends VisitorEventName>(name: N, test: (p: VisitorEventPayload<N>) => boolean = () => true, timeoutMs = 5000): Promise<VisitorEventPayload<N>> {
    const seen = this.events.find((e) => e.name === name && test(e.payload as VisitorEventPayload<N>));
    if (seen) return Promise.resolve(seen.payload as VisitorEventPayload<N>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`visitor timed out waiting for ${name}`)), timeoutMs);
      this.waiters.push({
        name,
        test: test as (p: unknown) => boolean,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p as VisitorEventPayload<N>);
        },
      });
    });
  }

  received<N extends VisitorEventName>(name: N): Array<VisitorEventPayload<N>> {
    return this.events.filter((e) => e.name === name).map((e) => e.payload as VisitorEventPayload<N>);
  }

  close(): void {
    this.socket.close();
  }
}
