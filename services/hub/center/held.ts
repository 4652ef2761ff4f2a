import { HubError, type ChannelKind } from '../../contracts';
import type { AgentRoster } from './roster';

/**
 * A conversation an agent holds (active or in wrap-up). `since`: when the holder accepted it (null for
 * conversations already held when the hub started).
 */
export type Held = { agentId: number; queueId: string; channel: ChannelKind; state: 'active' | 'wrap_up'; since: number | null };

export type HeldConversation = Readonly<{ conversationId: number } & Held>;

/** Who holds which conversation, in memory (rebuilt from the store on load). */
export class HeldConversations {
  private readonly byConversation = new Map<number, Held>();
  private released: ((conversationId: number) => void) | null = null;

  constructor(private readonly roster: AgentRoster) {}

  /** Told of every conversation let go (closed, transferred): see Router.onDeparture. */
  onRelease(listener: (conversationId: number) => void): void {
    this.released = listener;
  }

  /** Team mode: a hub taking over routing reloads who holds what from the database. */
  clear(): void {
    this.byConversation.clear();
  }

  get(conversationId: number): Held | undefined {
    return this.byConversation.get(conversationId);
  }

  hold(conversationId: number, held: Held): void {
    this.byConversation.set(conversationId, held);
  }

  release(conversationId: number): void {
    if (this.byConversation.delete(conversationId)) this.released?.(conversationId);
  }

  holderOf(conversationId: number): number | null {
    return this.byConversation.get(conversationId)?.agentId ?? null;
  }

  list(): ReadonlyArray<HeldConversation> {
    return [...this.byConversation].map(([conversationId, h]) => ({ conversationId, ...h }));
  }

  /** One pass over held conversations for all agents (stats and board pushes need it often). */
  agentsInWrapUp(): Set<number> {
    const agents = new Set<number>();
    for (const h of this.byConversation.values()) if (h.state === 'wrap_up') agents.add(h.agentId);
    return agents;
  }

  /** Held conversations per queue, in one pass. */
  countsByQueue(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const h of this.byConversation.values()) counts.set(h.queueId, (counts.get(h.queueId) ?? 0) + 1);
    return counts;
  }

  /** May this caller act on the conversation? The holder may; supervisors and admins may always. */
  requireHeldBy(callerId: number, conversationId: number): Held {
    const held = this.byConversation.get(conversationId);
    if (!held) throw new HubError('conflict', `conversation ${conversationId} is not active with an agent`);
    const caller = this.roster.require(callerId);
    if (held.agentId !== callerId && caller.role === 'agent') {
      throw new HubError('forbidden', 'this conversation is assigned to another agent');
    }
    return held;
  }
}
