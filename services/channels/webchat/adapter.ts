import type { ChannelAdapter } from '../../hub/channels';
import type { ContactCenter } from '../../hub/contactCenter';
import { lineOf, toVisitorMessage } from './chatView';
import type { VisitorGateway } from './gateway';

/**
 * Delivery of an agent's chat message (already committed, status 'queued'): pushed live to every tab the
 * visitor has open. With no tab open it stays 'sent' and is replayed when the visitor resumes.
 */
export function chatAdapter(gateway: VisitorGateway, center: ContactCenter): ChannelAdapter {
  return {
    kind: 'chat',
    async deliver({ conversation, message, agent }) {
      const visitor = await gateway.visitorOf(conversation.id);
      if (!visitor) throw new Error('this chat has no web visitor to deliver to');
      if (visitor.endedAt !== null && visitor.conversationId === conversation.id) {
        // The visitor closed the chat: nothing reaches them any more, so the line says so instead of "Sent".
        await center.setMessageStatus(message.id, 'failed', { error: 'the visitor ended the chat' });
        return;
      }
      gateway.emitTo(visitor.id, 'typing', { typing: false, agentName: agent.displayName });
      gateway.emitTo(visitor.id, 'message', toVisitorMessage(lineOf(message, agent.displayName)));
      await center.setMessageStatus(message.id, (await gateway.connectedAnywhere(visitor.id)) ? 'delivered' : 'sent');
    },
    status: () => ({ ok: true, detail: `${gateway.connections()} visitor connection(s)` }),
  };
}
