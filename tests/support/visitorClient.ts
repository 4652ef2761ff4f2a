import { io, type Socket } from 'socket.io-client';
import type {
  VisitorCommandInput,
  VisitorCommandName,
  VisitorCommandOutput,
  VisitorEventName,
  VisitorEventPayload,
  VisitorReply,
} from '../../services/contracts';
import { RecordingSocket } from './recordingSocket';

type VisitorPushes = { [N in VisitorEventName]: VisitorEventPayload<N> };

/** A real socket.io client on /visitor (what the widget speaks), recording pushes for assertions. */
export class VisitorClient extends RecordingSocket<VisitorPushes> {
  private constructor(socket: Socket) {
    super(socket, 'visitor');
  }

  static async connect(url: string, options: Readonly<{ headers?: Record<string, string> }> = {}): Promise<VisitorClient> {
    const socket = io(`${url}/visitor`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      autoConnect: false,
      extraHeaders: options.headers,
    });
    const client = new VisitorClient(socket);
    await RecordingSocket.open(socket);
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
}
