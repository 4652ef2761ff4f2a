import { io, type Socket } from 'socket.io-client';
import type {
  VisitorCommandInput,
  VisitorCommandName,
  VisitorCommandOutput,
  VisitorError,
  VisitorEventName,
  VisitorEventPayload,
  VisitorReply,
} from '../../services/contracts';

export class VisitorCommandError extends Error {
  constructor(readonly error: VisitorError) {
    super(error.message);
  }
}

/** The widget's socket to the hub's /visitor namespace: typed commands with acks, typed pushes. */
export class HubConnection {
  readonly socket: Socket;

  constructor(hubOrigin: string) {
    this.socket = io(`${hubOrigin}/visitor`, { transports: ['websocket', 'polling'], reconnectionDelayMax: 5000 });
  }

  async call<N extends VisitorCommandName>(name: N, input: VisitorCommandInput<N>, timeoutMs = 15_000): Promise<VisitorCommandOutput<N>> {
    const reply = (await this.socket.timeout(timeoutMs).emitWithAck('command', { name, input })) as VisitorReply<VisitorCommandOutput<N>>;
    if (!reply || typeof reply !== 'object')
      throw new VisitorCommandError({ code: 'internal', message: 'no answer from the chat service' });
    if (!reply.ok) throw new VisitorCommandError(reply.error);
    return reply.data;
  }

  on<N extends VisitorEventName>(name: N, handler: (payload: VisitorEventPayload<N>) => void): void {
    const event: string = name;
    this.socket.on(event, handler as (payload: unknown) => void);
  }
}

export function errorText(error: unknown): string {
  if (error instanceof VisitorCommandError) return error.error.message;
  if (error instanceof Error && /timed out|timeout/i.test(error.message)) return 'The connection is slow; we will retry.';
  return 'Something went wrong. Please try again.';
}
