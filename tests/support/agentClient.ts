import { io, type Socket } from 'socket.io-client';
import type { CommandInput, CommandOutput, CommandReply, HubCommandName, HubEventName, HubEventPayload } from '../../services/contracts';
import { RecordingSocket } from './recordingSocket';

type AgentPushes = { [N in HubEventName]: HubEventPayload<N> };

/** A real socket.io client on /agent that records every pushed event for assertions. */
export class AgentClient extends RecordingSocket<AgentPushes> {
  private constructor(
    socket: Socket,
    /** The session token it signed in with (tests of sign-out and revocation reuse it). */
    readonly token: string,
  ) {
    super(socket, 'agent');
  }

  static async connect(url: string, token: string): Promise<AgentClient> {
    const socket = io(`${url}/agent`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      autoConnect: false,
    });
    // Listen before connecting: the hub pushes pending offers in the same breath as the handshake.
    const client = new AgentClient(socket, token);
    await RecordingSocket.open(socket);
    return client;
  }

  async command<N extends HubCommandName>(name: N, input: CommandInput<N>): Promise<CommandReply<CommandOutput<N>>> {
    return (await this.socket.timeout(10_000).emitWithAck('command', { name, input })) as CommandReply<CommandOutput<N>>;
  }

  /** Like command() but throws on an error reply. */
  async ok<N extends HubCommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
    const reply = await this.command(name, input);
    if (!reply.ok)
      throw new Error(`${name} failed: ${reply.error.code} ${reply.error.message} ${JSON.stringify(reply.error.issues ?? [])}`);
    return reply.data;
  }
}
