import type { ChannelKind, CommandOutput, MessageDirection } from '../../../services/contracts';

export type TimelineItem = Readonly<{
  key: string;
  at: number;
  channel: ChannelKind;
  direction: MessageDirection;
  conversationId: number;
  text: string;
}>;

/**
 * The customer's history, newest first. Today it is the open conversation's messages (conversation/get);
 * when the customers contract lands, its timeline command replaces this source and the list stays as is.
 */
export function timelineFromConversation(data: CommandOutput<'conversation/get'>): TimelineItem[] {
  return data.messages
    .map((m) => ({
      key: `m${m.id}`,
      at: m.createdAt,
      channel: data.conversation.channel,
      direction: m.direction,
      conversationId: m.conversationId,
      text: m.bodyText.replace(/\s+/g, ' ').slice(0, 280),
    }))
    .sort((a, b) => b.at - a.at);
}
