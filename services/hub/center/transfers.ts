import { HubError, type Conversation } from '../../contracts';
import type { Router } from '../../routing/router';
import { updateConversation } from '../../store/repos/conversations';
import { appendEvent } from '../../store/repos/events';
import { insertMessage } from '../../store/repos/messages';
import type { Store } from '../../store/store';
import type { RoutingEffects } from './effects';
import type { HeldConversations } from './held';
import { conversationOrNotFound } from './lookup';
import type { OfferCards } from './offerCards';
import type { CenterPushes } from './pushes';
import type { QueueDirectory } from './queues';
import type { AgentRoster } from './roster';

export type TransferParts = Readonly<{
  store: Store;
  router: Router;
  roster: AgentRoster;
  queues: QueueDirectory;
  held: HeldConversations;
  cards: OfferCards;
  effects: RoutingEffects;
  pushes: CenterPushes;
  now: () => number;
}>;

/** Moving a contact somewhere else: an agent's transfer of held work, a supervisor's move of waiting work. */
export class Transfers {
  constructor(private readonly parts: TransferParts) {}

  async transfer(
    callerId: number,
    conversationId: number,
    to: Readonly<{ agentId: number } | { queueId: string }>,
    note: string | undefined,
  ): Promise<Conversation> {
    const { store, router, roster, queues, cards, effects, pushes } = this.parts;
    const held = this.parts.held.requireHeldBy(callerId, conversationId);
    const now = this.parts.now();
    if ('agentId' in to) {
      if (!roster.has(to.agentId)) throw new HubError('not_found', `agent ${to.agentId} does not exist`);
      if (to.agentId === held.agentId) throw new HubError('invalid_input', 'cannot transfer a conversation to the agent who holds it');
    } else if (!queues.has(to.queueId)) {
      throw new HubError('not_found', `queue ${to.queueId} does not exist`);
    }
    const queueId = 'queueId' in to ? to.queueId : held.queueId;
    this.parts.held.release(conversationId);
    const conversation = await store.write(async (tx) => {
      if (note) {
        await insertMessage(tx, {
          conversationId,
          direction: 'note',
          authorAgentId: callerId,
          bodyText: note,
          meta: { kind: 'transfer' },
          at: now,
        });
      }
      const c = await updateConversation(tx, conversationId, { state: 'queued', assignedAgentId: null, queueId, enqueuedAt: now });
      await appendEvent(tx, {
        at: now,
        type: 'conversation/transferred',
        conversationId,
        agentId: held.agentId,
        queueId,
        channel: held.channel,
        data: {
          fromQueue: held.queueId,
          toAgentId: 'agentId' in to ? to.agentId : null,
          toQueueId: queueId,
          note: note ?? null,
          by: callerId,
        },
      });
      await appendEvent(tx, {
        at: now,
        type: 'conversation/queued',
        conversationId,
        queueId,
        channel: held.channel,
        data: { reason: 'transfer', fromQueue: held.queueId },
      });
      return c;
    });
    await cards.load(conversation);
    effects.apply(router.release(held.agentId, held.channel, now));
    effects.apply(
      router.enqueue(
        {
          conversationId,
          queueId,
          channel: conversation.channel,
          priority: conversation.priority,
          enqueuedAt: now,
          targetAgentId: 'agentId' in to ? to.agentId : null,
          transferNote: note ?? null,
        },
        now,
      ),
    );
    pushes.conversation(conversation, held.agentId);
    return conversation;
  }

  /**
   * Supervisor action on a contact that is waiting or being offered: move it to another queue, change its
   * priority, or pin it to one agent. Keeps its original age.
   */
  async moveWaiting(
    callerId: number,
    conversationId: number,
    change: Readonly<{ queueId?: string; priority?: number; targetAgentId?: number }>,
  ): Promise<Conversation> {
    const { store, router, roster, queues, effects, pushes } = this.parts;
    const now = this.parts.now();
    if (!router.isWaiting(conversationId) && !router.isOffered(conversationId)) {
      throw new HubError('conflict', `conversation ${conversationId} is not waiting in a queue`);
    }
    if (change.queueId !== undefined && !queues.has(change.queueId))
      throw new HubError('not_found', `queue ${change.queueId} does not exist`);
    if (change.targetAgentId !== undefined && !roster.has(change.targetAgentId))
      throw new HubError('not_found', `agent ${change.targetAgentId} does not exist`);
    const before = await conversationOrNotFound(store, conversationId);
    const conversation = await store.write(async (tx) => {
      const c = await updateConversation(tx, conversationId, {
        ...(change.queueId !== undefined ? { queueId: change.queueId } : {}),
        ...(change.priority !== undefined ? { priority: change.priority } : {}),
      });
      await appendEvent(tx, {
        at: now,
        type: 'supervisor/conversationChanged',
        conversationId,
        agentId: callerId,
        queueId: c.queueId,
        channel: c.channel,
        data: {
          fromQueue: before.queueId,
          toQueue: c.queueId,
          fromPriority: before.priority,
          toPriority: c.priority,
          targetAgentId: change.targetAgentId ?? null,
        },
      });
      return c;
    });
    if (change.targetAgentId !== undefined) {
      effects.apply(router.remove(conversationId, 'moved', now));
      effects.apply(
        router.enqueue(
          {
            conversationId,
            queueId: conversation.queueId,
            channel: conversation.channel,
            priority: conversation.priority,
            enqueuedAt: conversation.enqueuedAt ?? conversation.createdAt,
            targetAgentId: change.targetAgentId,
          },
          now,
        ),
      );
    } else {
      effects.apply(router.requeue(conversationId, { queueId: change.queueId, priority: change.priority }, now));
    }
    pushes.scheduleStats();
    pushes.conversation(conversation);
    return conversation;
  }
}
