import type { AgentLoad, Capacity, ChannelKind, Presence, Queue, SkillLevels } from '../contracts';

export type RouterConfig = Readonly<{
  offerTimeoutMs: number;
  /** Missed (timed-out) offers in a row that set the agent away_missed. */
  maxMissedOffers: number;
  /** A voice offer may go to an agent whose only work is email (the email waits while they talk). */
  voiceInterruptsEmail: boolean;
  /** After rejecting, the same agent is not offered that contact again for this long. */
  rejectCooldownMs: number;
}>;

export const defaultRouterConfig: RouterConfig = {
  offerTimeoutMs: 20_000,
  maxMissedOffers: 2,
  voiceInterruptsEmail: true,
  rejectCooldownMs: 30_000,
};

export type RoutingAgent = {
  readonly id: number;
  skills: SkillLevels;
  capacity: Capacity;
  presence: Presence;
  connected: boolean;
  /** Conversations held (offered, active or in wrap-up) per channel. */
  load: AgentLoad;
  /** When the agent last became free of all work; longest-idle wins ties. */
  idleSince: number;
  missedInRow: number;
  pendingOfferId: string | null;
};

export type WaitingItem = {
  readonly conversationId: number;
  queueId: string;
  readonly channel: ChannelKind;
  priority: number;
  /** Original time the contact started waiting; kept across rejects, timeouts and restarts. */
  readonly enqueuedAt: number;
  /** The previous agent on this thread: offered first if they have room at enqueue time. */
  stickyAgentId: number | null;
  /** A transfer to a named agent: only that agent is offered it. */
  targetAgentId: number | null;
  transferNote: string | null;
  /**
   * agentId -> time until which that agent is not offered this item (after a reject or a missed offer). Null
   * until the first: most items never have one, and an empty Map per waiting contact was ~290 bytes (14 MB
   * at 50,000 waiting).
   */
  declinedUntil: Map<number, number> | null;
};

export type ActiveOffer = Readonly<{
  offerId: string;
  agentId: number;
  item: WaitingItem;
  offeredAt: number;
  expiresAt: number;
  reason: 'queue' | 'sticky' | 'transfer';
}>;

export type RevokeReason = 'timeout' | 'rejected' | 'taken' | 'abandoned' | 'agent_unavailable' | 'moved';

/** Decisions the router made; the hub persists them as events and pushes them to sockets. */
export type RoutingEffect =
  | Readonly<{ type: 'offer'; offer: ActiveOffer }>
  | Readonly<{ type: 'revoke'; offer: ActiveOffer; reason: RevokeReason }>
  | Readonly<{ type: 'agentMissed'; agentId: number; missedInRow: number }>
  | Readonly<{ type: 'agentChanged'; agentId: number }>;

export type QueueConfig = Queue;
