import { io, type Socket } from 'socket.io-client';
import type { VisitorCommandInput, VisitorCommandName, VisitorCommandOutput, VisitorReply } from '../contracts';
import type { Person } from './people';

/**
 * A web-chat visitor: a real socket.io client on /visitor speaking the widget's protocol. Starts a chat
 * (or leaves an offline message when chat is closed), says something, maybe follows up, and leaves.
 */
export class ChatVisitor {
  private constructor(private readonly socket: Socket) {}

  static async connect(hubUrl: string): Promise<ChatVisitor> {
    const socket = io(`${hubUrl}/visitor`, { transports: ['websocket'], reconnection: false, forceNew: true, autoConnect: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
      socket.connect();
    });
    return new ChatVisitor(socket);
  }

  /**
   * Returns the chat's conversation when a chat started (the bots use it to tell simulated chats from a real
   * visitor's), 'offline' when the visitor left an offline message instead.
   */
  async start(queueId: string, who: Person, text: string, clientId: string): Promise<{ conversationId: number } | 'offline'> {
    const started = await this.command('chat/start', { queueId, name: who.name, email: who.email });
    if (!started.ok) {
      if (started.error.code !== 'offline') throw new Error(`chat/start: ${started.error.code} ${started.error.message}`);
      await this.ok('offline/submit', { queueId, clientId, name: who.name, email: who.email, message: text });
      return 'offline';
    }
    await this.ok('message/send', { clientId, text });
    // The first message opened the conversation; the session names it.
    const session = await this.ok('session/resume', { token: started.data.token, afterMessageId: Number.MAX_SAFE_INTEGER });
    if (session.conversationId === null) throw new Error('chat/start: no conversation after the first message');
    return { conversationId: session.conversationId };
  }

  async say(text: string, clientId: string): Promise<void> {
    await this.ok('message/send', { clientId, text });
  }

  async leave(): Promise<void> {
    await this.command('chat/end', {}).catch(() => undefined);
    this.socket.close();
  }

  close(): void {
    this.socket.close();
  }

  private async command<N extends VisitorCommandName>(
    name: N,
    input: VisitorCommandInput<N>,
  ): Promise<VisitorReply<VisitorCommandOutput<N>>> {
    return (await this.socket.timeout(10_000).emitWithAck('command', { name, input })) as VisitorReply<VisitorCommandOutput<N>>;
  }

  private async ok<N extends VisitorCommandName>(name: N, input: VisitorCommandInput<N>): Promise<VisitorCommandOutput<N>> {
    const reply = await this.command(name, input);
    if (!reply.ok) throw new Error(`${name}: ${reply.error.code} ${reply.error.message}`);
    return reply.data;
  }
}
