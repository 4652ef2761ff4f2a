import type { FastifyBaseLogger } from 'fastify';
import { channelNotSetUp, HubError, type Conversation, type Message } from '../../contracts';
import { getConversation, updateConversation } from '../../store/repos/conversations';
import { appendEvent } from '../../store/repos/events';
import { insertMessage, updateMessageStatus } from '../../store/repos/messages';
import type { Store } from '../../store/store';
import type { ChannelRegistry } from '../channels';
import type { BackgroundWrites } from './background';
import type { HeldConversations } from './held';
import { conversationOrNotFound } from './lookup';
import type { CenterPushes } from './pushes';
import type { AgentRoster } from './roster';

export type MessageParts = Readonly<{
  store: Store;
  channels: ChannelRegistry;
  roster: AgentRoster;
  held: HeldConversations;
  pushes: CenterPushes;
  background: BackgroundWrites;
  log: FastifyBaseLogger;
  now: () => number;
}>;

/** Messages on held conversations: agents' replies and notes, and delivery status from the channels. */
export class Messages {
  constructor(private readonly parts: MessageParts) {}

  /**
   * Commits the message, then hands it to the channel in the background: the agent sees it at once as
   * 'queued', and a failed delivery turns into status 'failed' rather than a failed command.
   */
  async sendMessage(
    callerId: number,
    conversationId: number,
    bodyText: string,
    internal: boolean,
    meta: Record<string, unknown> = {},
  ): Promise<Message> {
    const { store, channels, roster, pushes, background, log } = this.parts;
    const held = this.parts.held.requireHeldBy(callerId, conversationId);
    const conversation = await conversationOrNotFound(store, conversationId);
    const adapter = internal ? undefined : channels.get(conversation.channel);
    if (!internal && !adapter) throw new HubError('channel_unavailable', channelNotSetUp(conversation.channel));
    const now = this.parts.now();
    const { message, answered } = await store.write(async (tx) => {
      let answered: Conversation | null = null;
      const m = await insertMessage(tx, {
        conversationId,
        direction: internal ? 'note' : 'out',
        authorAgentId: callerId,
        bodyText,
        status: internal ? null : 'queued',
        meta,
        at: now,
      });
      if (!internal && conversation.firstResponseAt === null)
        answered = await updateConversation(tx, conversationId, { firstResponseAt: now });
      await appendEvent(tx, {
        at: now,
        type: internal ? 'message/note' : 'message/out',
        conversationId,
        agentId: callerId,
        queueId: conversation.queueId,
        channel: conversation.channel,
        data: { messageId: m.id, heldBy: held.agentId },
      });
      return { message: m, answered };
    });
    pushes.message(conversation, message);
    // The first reply stops the desk's SLA clock: the holder (and supervisors) learn it with the message.
    if (answered) pushes.conversation(answered);
    if (adapter) {
      const agent = roster.require(callerId);
      background.track(
        (async () => {
          try {
            await adapter.deliver({ conversation, message, agent });
          } catch (error) {
            log.warn({ err: error, messageId: message.id }, 'outbound delivery failed');
            await this.setMessageStatus(message.id, 'failed', { error: (error as Error).message });
          }
        })(),
      );
    }
    return message;
  }

  async setMessageStatus(messageId: number, status: string, meta?: Record<string, unknown>): Promise<Message | undefined> {
    const { store, pushes } = this.parts;
    const message = await store.write((tx) => updateMessageStatus(tx, messageId, status, meta));
    if (message) {
      const conversation = await getConversation(store, message.conversationId);
      if (conversation) pushes.message(conversation, message);
    }
    return message;
  }
}
