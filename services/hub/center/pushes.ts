import type { FastifyBaseLogger } from 'fastify';
import type { Conversation, Message } from '../../contracts';
import type { ActiveOffer, RevokeReason } from '../../routing/types';
import type { HubConfig } from '../config';
import { agentRoom, AGENTS, monitorRoom, SUPERVISORS, type Pusher } from '../push';
import type { HeldConversations } from './held';
import type { CenterLifecycle } from './lifecycle';
import type { OfferCards } from './offerCards';
import type { QueueDirectory } from './queues';
import type { AgentRoster } from './roster';

export type PushParts = Readonly<{
  config: Pick<HubConfig, 'statsPushMs' | 'agentStatsPushMs'>;
  log: FastifyBaseLogger;
  roster: AgentRoster;
  held: HeldConversations;
  queues: QueueDirectory;
  cards: OfferCards;
  lifecycle: Pick<CenterLifecycle, 'shuttingDown'>;
}>;

/**
 * What the center tells the outside after a change: socket pushes (none before start(), when there is no
 * pusher yet), in-process listeners (modules such as web chat), and the debounced queue stats.
 */
export class CenterPushes {
  private pusher: Pusher | null = null;
  private statsTimer: NodeJS.Timeout | null = null;
  private agentStatsTimer: NodeJS.Timeout | null = null;
  private readonly conversationListeners = new Set<(c: Conversation) => void>();
  private readonly messageListeners = new Set<(c: Conversation, m: Message) => void>();
  private readonly statsListeners = new Set<() => void>();

  constructor(private readonly parts: PushParts) {}

  attach(pusher: Pusher): void {
    this.pusher = pusher;
  }

  onConversationUpdated(listener: (c: Conversation) => void): () => void {
    this.conversationListeners.add(listener);
    return () => this.conversationListeners.delete(listener);
  }

  onMessage(listener: (c: Conversation, m: Message) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  /** The router's queue counts changed (the same moments as scheduleStats); listeners coalesce themselves. */
  onStatsChanged(listener: () => void): () => void {
    this.statsListeners.add(listener);
    return () => this.statsListeners.delete(listener);
  }

  offerNew(offer: ActiveOffer): void {
    this.pusher?.to(agentRoom(offer.agentId)).emit('offer/new', this.parts.cards.toOffer(offer));
  }

  offerRevoked(offer: ActiveOffer, reason: RevokeReason): void {
    this.pusher
      ?.to(agentRoom(offer.agentId))
      .emit('offer/revoked', { offerId: offer.offerId, conversationId: offer.item.conversationId, reason });
  }

  agent(agentId: number): void {
    const { roster, held } = this.parts;
    if (!this.pusher || !roster.has(agentId)) return;
    const snapshot = roster.snapshot(agentId, held.agentsInWrapUp());
    this.pusher.to([agentRoom(agentId), SUPERVISORS]).emit('agent/updated', snapshot);
  }

  /** previousAgentId: the holder before a transfer or close, who must see the conversation leave. */
  conversation(conversation: Conversation, previousAgentId?: number | null): void {
    this.notify(this.conversationListeners, conversation);
    if (!this.pusher) return;
    const rooms = [SUPERVISORS];
    if (conversation.assignedAgentId !== null) rooms.push(agentRoom(conversation.assignedAgentId));
    if (previousAgentId != null && previousAgentId !== conversation.assignedAgentId) rooms.push(agentRoom(previousAgentId));
    this.pusher.to(rooms).emit('conversation/updated', conversation);
  }

  message(conversation: Conversation, message: Message): void {
    this.notify(this.messageListeners, conversation, message);
    if (!this.pusher) return;
    // Message bodies go to the agent holding the conversation and to supervisors monitoring it, not to
    // every supervisor: a board of hundreds of live conversations would drown in text.
    const rooms = [monitorRoom(conversation.id)];
    const held = this.parts.held.get(conversation.id);
    // Team mode: a hub that is not the router does not track who holds what; the stored row says.
    const holder =
      held?.agentId ?? (conversation.state === 'active' || conversation.state === 'wrap_up' ? conversation.assignedAgentId : null);
    if (holder !== null) rooms.push(agentRoom(holder));
    this.pusher.to(rooms).emit('message/new', message);
  }

  /** At most one queue/stats push per interval, each carrying the figures as they are when it fires. */
  scheduleStats(): void {
    const { config, queues, lifecycle } = this.parts;
    if (!this.pusher || lifecycle.shuttingDown) return;
    this.notify(this.statsListeners);
    this.statsTimer ??= setTimeout(() => {
      this.statsTimer = null;
      if (this.pusher?.occupied(SUPERVISORS)) this.pusher.to(SUPERVISORS).emit('queue/stats', queues.stats());
    }, config.statsPushMs);
    this.agentStatsTimer ??= setTimeout(() => {
      this.agentStatsTimer = null;
      // Every agent's desk: thousands of sockets, so written a slice per event-loop turn (fanOut skips an
      // empty room on a single hub; in team mode the room's sockets may all be on other hubs).
      this.pusher?.fanOut(AGENTS, 'queue/stats', () => queues.stats());
    }, config.agentStatsPushMs);
  }

  cancelStats(): void {
    if (this.statsTimer) clearTimeout(this.statsTimer);
    if (this.agentStatsTimer) clearTimeout(this.agentStatsTimer);
    this.statsTimer = null;
    this.agentStatsTimer = null;
  }

  private notify<A extends unknown[]>(listeners: ReadonlySet<(...args: A) => void>, ...args: A): void {
    for (const listener of listeners) {
      try {
        listener(...args);
      } catch (error) {
        this.parts.log.error({ err: error }, 'listener failed');
      }
    }
  }
}
