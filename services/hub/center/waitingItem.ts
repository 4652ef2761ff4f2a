import type { Conversation } from '../../contracts';
import type { EnqueueInput } from '../../routing/router';

/** A stored queued (or offered) conversation as the router's waiting item: rebuilds and adoptions alike. */
export function waitingItemOf(c: Conversation): EnqueueInput {
  return {
    conversationId: c.id,
    queueId: c.queueId,
    channel: c.channel,
    priority: c.priority,
    enqueuedAt: c.enqueuedAt ?? c.createdAt,
    stickyAgentId: c.lastAgentId,
  };
}
