import type { Socket } from 'socket.io-client';

type Received = { name: string; payload: unknown };

/**
 * A real socket.io client that records every pushed event, so tests can wait for one (including one that
 * already arrived) or list them. `Payloads` maps event names to payload types.
 */
export class RecordingSocket<Payloads extends Record<string, unknown>> {
  readonly events: Received[] = [];
  private waiters: Array<{ name: string; test: (p: unknown) => boolean; resolve: (p: unknown) => void }> = [];

  /** Listens at once: the hub may push in the same breath as the handshake, so construct before connecting. */
  protected constructor(
    readonly socket: Socket,
    private readonly label: string,
  ) {
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

  /** Connects a socket created with autoConnect: false; rejects on connect_error. */
  protected static async open(socket: Socket): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err) => reject(err));
      socket.connect();
    });
  }

  /** Resolves with the first matching event, including one already received. */
  waitFor<N extends keyof Payloads & string>(
    name: N,
    test: (p: Payloads[N]) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Payloads[N]> {
    const seen = this.events.find((e) => e.name === name && test(e.payload as Payloads[N]));
    if (seen) return Promise.resolve(seen.payload as Payloads[N]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.label} timed out waiting for ${name}`)), timeoutMs);
      this.waiters.push({
        name,
        test: test as (p: unknown) => boolean,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p as Payloads[N]);
        },
      });
    });
  }

  received<N extends keyof Payloads & string>(name: N): Array<Payloads[N]> {
    return this.events.filter((e) => e.name === name).map((e) => e.payload as Payloads[N]);
  }

  close(): void {
    this.socket.close();
  }
}
