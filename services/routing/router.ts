import { randomUUID } from 'node:crypto';
import type { AgentLoad, ChannelKind, Presence } from '../contracts';
import { canBeOffered, freeShare, hasRoom, meetsSkills, skillScore } from './eligibility';
import { compareWaiting, lowerBound } from './ordering';
import { agentPartition, type QueuePartition } from './partitions';
import {
  defaultRouterConfig,
  type ActiveOffer,
  type QueueConfig,
  type RevokeReason,
  type RouterConfig,
  type RoutingAgent,
  type RoutingEffect,
  type WaitingItem,
} from './types';

export type AgentInput = Readonly<Pick<RoutingAgent, 'id' | 'skills' | 'capacity'>> & {
  readonly presence?: Presence;
  readonly connected?: boolean;
};

export type EnqueueInput = Readonly<{
  conversationId: number;
  queueId: string;
  channel: ChannelKind;
  priority: number;
  enqueuedAt: number;
  stickyAgentId?: number | null;
  targetAgentId?: number | null;
  transferNote?: string | null;
}>;

export type AcceptResult =
  Readonly<{ ok: true; offer: ActiveOffer; effects: RoutingEffect[] }> | Readonly<{ ok: false; reason: 'no_such_offer' | 'not_yours' }>;

const emptyLoad = (): AgentLoad => ({ voice: 0, chat: 0, email: 0, sms: 0 });

/**
 * The one queue, as pure in-memory logic with the clock passed in. The hub rebuilds it from the store on
 * start and applies the effects it returns (event rows, socket pushes).
 *
 * Invariant after every call: no agent that can be offered work has an eligible waiting item. So a new
 * contact only has to look for a free agent, and a freed agent only has to look at the queue heads.
 */
export class Router {
  readonly config: RouterConfig;
  private readonly queues = new Map<string, QueueConfig>();
  private readonly agents = new Map<number, RoutingAgent>();
  /** Per queue, waiting items in queue order. */
  private readonly waiting = new Map<string, WaitingItem[]>();
  private readonly waitingById = new Map<number, WaitingItem>();
  /** Items pinned to one agent (transfer or supervisor reassign), found without scanning the queues. */
  private readonly targeted = new Map<number, Set<WaitingItem>>();
  private readonly offers = new Map<string, ActiveOffer>();
  private readonly offerByConversation = new Map<number, string>();
  /** Waiting items with a reject/timeout cool-down running, so tick() need not scan the whole queue. */
  private readonly cooling = new Set<WaitingItem>();
  /** canAgentServe answers per agent and queue: queue stats ask it for every agent and queue many times a second. */
  private readonly serves = new Map<number, Map<string, boolean>>();
  /** The queues each agent can serve, one shared array per distinct answer (agents share skill profiles). */
  private readonly servedLists = new Map<number, readonly string[]>();
  private readonly internedLists = new Map<string, readonly string[]>();
  private nextDeadline = Number.POSITIVE_INFINITY;
  private moved: ((conversationId: number) => void) | null = null;
  /**
   * Team mode with several routing partitions (docs/scale-out.md): each queue's partition, the partitions
   * this router routes now (`hosted`: only their contacts are kept), and each agent's partition (cached).
   * Null: one router for every queue (the single hub, or one partition), as before.
   */
  private partitioning: { of: QueuePartition; hosted: Set<number>; agents: Map<number, number> } | null = null;

  constructor(
    config: Partial<RouterConfig> = {},
    private readonly newOfferId: () => string = randomUUID,
  ) {
    this.config = { ...defaultRouterConfig, ...config };
  }

  /**
   * Told of every contact that enters or leaves the router's hands (enqueued; accepted; removed while
   * waiting or offered). Team mode's adoption needs it: a database read that began before such a change
   * may show the contact as it was before.
   */
  onContactMoved(listener: (conversationId: number) => void): void {
    this.moved = listener;
  }

  // ---- configuration -------------------------------------------------------------------------------

  upsertQueue(queue: QueueConfig, now: number): RoutingEffect[] {
    this.queues.set(queue.id, queue);
    this.partitioning?.agents.clear();
    this.serves.clear();
    this.servedLists.clear();
    this.internedLists.clear();
    const items = this.waiting.get(queue.id);
    if (items) items.sort((a, b) => compareWaiting(a, b, this.queues));
    else this.waiting.set(queue.id, []);
    return this.dispatchAllAgents(now);
  }

  upsertAgent(input: AgentInput, now: number): RoutingEffect[] {
    this.partitioning?.agents.delete(input.id);
    this.serves.delete(input.id);
    this.servedLists.delete(input.id);
    const existing = this.agents.get(input.id);
    if (existing) {
      existing.skills = input.skills;
      existing.capacity = input.capacity;
      if (input.presence) existing.presence = input.presence;
      if (input.connected !== undefined) existing.connected = input.connected;
    } else {
      this.agents.set(input.id, {
        id: input.id,
        skills: input.skills,
        capacity: input.capacity,
        presence: input.presence ?? 'offline',
        connected: input.connected ?? false,
        load: emptyLoad(),
        idleSince: now,
        missedInRow: 0,
        pendingOfferId: null,
      });
    }
    return [{ type: 'agentChanged', agentId: input.id }, ...this.dispatchAgent(input.id, now)];
  }

  // ---- agent state ---------------------------------------------------------------------------------

  setPresence(agentId: number, presence: Presence, now: number): RoutingEffect[] {
    const agent = this.agents.get(agentId);
    if (!agent) return [];
    const wasAvailable = agent.presence === 'available';
    agent.presence = presence;
    if (presence === 'available') agent.missedInRow = 0;
    if (presence === 'available' && !wasAvailable && totalLoad(agent.load) === 0) agent.idleSince = now;
    const effects: RoutingEffect[] = [{ type: 'agentChanged', agentId }];
    if (presence !== 'available') effects.push(...this.revokeAgentOffer(agent, 'agent_unavailable', now));
    else effects.push(...this.dispatchAgent(agentId, now));
    return effects;
  }

  setConnected(agentId: number, connected: boolean, now: number): RoutingEffect[] {
    const agent = this.agents.get(agentId);
    if (!agent) return [];
    agent.connected = connected;
    const effects: RoutingEffect[] = [{ type: 'agentChanged', agentId }];
    if (!connected) effects.push(...this.revokeAgentOffer(agent, 'agent_unavailable', now));
    else effects.push(...this.dispatchAgent(agentId, now));
    return effects;
  }

  /** Counts a conversation the agent already holds (rebuild on start, or an accepted offer). */
  addLoad(agentId: number, channel: ChannelKind): void {
    const agent = this.agents.get(agentId);
    if (agent) agent.load[channel] += 1;
  }

  /** The agent finished (closed/transferred) a conversation: free the room and look for work. */
  release(agentId: number, channel: ChannelKind, now: number): RoutingEffect[] {
    const agent = this.agents.get(agentId);
    if (!agent) return [];
    agent.load[channel] = Math.max(0, agent.load[channel] - 1);
    if (totalLoad(agent.load) === 0) agent.idleSince = now;
    return [{ type: 'agentChanged', agentId }, ...this.dispatchAgent(agentId, now)];
  }

  // ---- contacts ------------------------------------------------------------------------------------

  enqueue(input: EnqueueInput, now: number): RoutingEffect[] {
    // Team mode: a contact of a partition another hub routes is that router's (it adopts it from the feed).
    if (!this.hostsQueue(input.queueId)) return [];
    if (this.waitingById.has(input.conversationId) || this.offerByConversation.has(input.conversationId)) return [];
    const item: WaitingItem = {
      conversationId: input.conversationId,
      queueId: input.queueId,
      channel: input.channel,
      priority: input.priority,
      enqueuedAt: input.enqueuedAt,
      stickyAgentId: input.stickyAgentId ?? null,
      targetAgentId: input.targetAgentId ?? null,
      transferNote: input.transferNote ?? null,
      declinedUntil: null,
    };
    this.insertWaiting(item);
    this.moved?.(item.conversationId);
    return this.dispatchItem(item, now);
  }

  /** The contact left (caller hung up, visitor closed the chat) or was closed elsewhere. */
  remove(conversationId: number, reason: RevokeReason, now: number): RoutingEffect[] {
    const effects: RoutingEffect[] = [];
    const offerId = this.offerByConversation.get(conversationId);
    if (offerId) {
      const offer = this.offers.get(offerId);
      if (offer) {
        effects.push(...this.endOffer(offer, reason, now, false));
        this.cooling.delete(offer.item);
      }
    }
    const item = this.waitingById.get(conversationId);
    if (item) {
      this.removeWaiting(item);
      this.cooling.delete(item);
    }
    if (offerId || item) this.moved?.(conversationId);
    return effects;
  }

  /** Moves a waiting or offered contact to another queue/priority (supervisor action, transfer to queue). */
  requeue(conversationId: number, change: Readonly<{ queueId?: string; priority?: number }>, now: number): RoutingEffect[] {
    const effects: RoutingEffect[] = [];
    const offerId = this.offerByConversation.get(conversationId);
    const offered = offerId ? this.offers.get(offerId) : undefined;
    // An offered contact is moved as it is: ended without going back to its old queue first (where it
    // could be offered again at once and never reach the new one).
    if (offered) effects.push(...this.endOffer(offered, 'moved', now, false));
    const item = offered?.item ?? this.waitingById.get(conversationId);
    if (!item) return effects;
    if (offered) {
      item.targetAgentId = null;
      item.declinedUntil?.delete(offered.agentId);
    } else this.removeWaiting(item);
    if (change.queueId !== undefined) item.queueId = change.queueId;
    if (change.priority !== undefined) item.priority = change.priority;
    if (!this.hostsQueue(item.queueId)) {
      // Moved to a queue of a partition another hub routes: it leaves this router (that one adopts it).
      this.cooling.delete(item);
      return effects;
    }
    this.insertWaiting(item);
    return [...effects, ...this.dispatchItem(item, now)];
  }

  accept(offerId: string, agentId: number, now: number): AcceptResult {
    const offer = this.offers.get(offerId);
    if (!offer) return { ok: false, reason: 'no_such_offer' };
    if (offer.agentId !== agentId) return { ok: false, reason: 'not_yours' };
    this.offers.delete(offerId);
    this.offerByConversation.delete(offer.item.conversationId);
    this.moved?.(offer.item.conversationId);
    const agent = this.agents.get(agentId);
    const effects: RoutingEffect[] = [{ type: 'agentChanged', agentId }];
    if (agent) {
      agent.pendingOfferId = null;
      agent.missedInRow = 0;
      // Load was taken when the offer was made; the agent may have room for more.
      effects.push(...this.dispatchAgent(agentId, now));
    }
    this.recomputeDeadline();
    return { ok: true, offer, effects };
  }

  reject(offerId: string, agentId: number, now: number): RoutingEffect[] | null {
    const offer = this.offers.get(offerId);
    if (!offer || offer.agentId !== agentId) return null;
    this.coolDown(offer.item, agentId, now);
    return this.endOffer(offer, 'rejected', now, true);
  }

  /**
   * Team mode: an offer the database refused (the contact is offered by another router, or the claim
   * failed) is taken back before the agent saw it. The contact waits again and is not offered to that agent
   * for a cool-down, as after a missed offer, without counting as one (missedInRow is the tick's).
   */
  withdraw(offerId: string, now: number): RoutingEffect[] {
    const offer = this.offers.get(offerId);
    return offer ? this.endOffer(offer, 'timeout', now, true) : [];
  }

  /** Offer timeouts and reject cool-downs. Cheap when nothing is due. */
  tick(now: number): RoutingEffect[] {
    if (now < this.nextDeadline) return [];
    const effects: RoutingEffect[] = [];
    for (const offer of [...this.offers.values()]) {
      if (offer.expiresAt > now) continue;
      const agent = this.agents.get(offer.agentId);
      effects.push(
        ...this.endOffer(offer, 'timeout', now, true, () => {
          if (!agent) return;
          agent.missedInRow += 1;
          effects.push({ type: 'agentMissed', agentId: agent.id, missedInRow: agent.missedInRow });
          if (agent.missedInRow >= this.config.maxMissedOffers) {
            agent.presence = 'away_missed';
            effects.push({ type: 'agentChanged', agentId: agent.id });
          }
        }),
      );
    }
    // Expired reject cool-downs may make items eligible again for free agents.
    let cooldownEnded = false;
    for (const item of this.cooling) {
      const declined = item.declinedUntil;
      for (const [agentId, until] of declined ?? []) {
        if (until <= now) {
          declined?.delete(agentId);
          cooldownEnded = true;
        }
      }
      if (!declined || declined.size === 0) {
        item.declinedUntil = null;
        this.cooling.delete(item);
      }
    }
    if (cooldownEnded) effects.push(...this.dispatchAllAgents(now));
    this.recomputeDeadline();
    return effects;
  }

  // ---- read side -----------------------------------------------------------------------------------

  agent(agentId: number): Readonly<RoutingAgent> | undefined {
    return this.agents.get(agentId);
  }

  agentIds(): number[] {
    return [...this.agents.keys()];
  }

  offer(offerId: string): ActiveOffer | undefined {
    return this.offers.get(offerId);
  }

  offersOf(agentId: number): ActiveOffer[] {
    const agent = this.agents.get(agentId);
    const offer = agent?.pendingOfferId ? this.offers.get(agent.pendingOfferId) : undefined;
    return offer ? [offer] : [];
  }

  isWaiting(conversationId: number): boolean {
    return this.waitingById.has(conversationId);
  }

  isOffered(conversationId: number): boolean {
    return this.offerByConversation.has(conversationId);
  }

  /** Waiting items of a queue in queue order (not including those currently offered). */
  waitingIn(queueId: string): readonly WaitingItem[] {
    return this.waiting.get(queueId) ?? [];
  }

  /**
   * When the longest-waiting contact of a queue entered it. Within one queue the order is priority, then age
   * (one SLA for all), so that contact is the first of some priority band: a jump per band, not a scan of a
   * backlog that may hold tens of thousands (queue stats are pushed several times a second).
   */
  oldestWaitingSince(queueId: string): number | null {
    const list = this.waiting.get(queueId) ?? [];
    let oldest: number | null = null;
    for (let i = 0; i < list.length;) {
      const first = list[i] as WaitingItem;
      if (oldest === null || first.enqueuedAt < oldest) oldest = first.enqueuedAt;
      i = lowerBound(list, (x) => x.priority >= first.priority);
    }
    return oldest;
  }

  /** When the longest-ringing offer of a queue entered it (an offered contact is still unanswered). */
  oldestOfferedSince(queueId: string): number | null {
    let oldest: number | null = null;
    for (const offer of this.offers.values())
      if (offer.item.queueId === queueId && (oldest === null || offer.item.enqueuedAt < oldest)) oldest = offer.item.enqueuedAt;
    return oldest;
  }

  /** Ringing offers per queue, in one pass over the offers. */
  offeredCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const offer of this.offers.values()) counts.set(offer.item.queueId, (counts.get(offer.item.queueId) ?? 0) + 1);
    return counts;
  }

  /** 1-based position of a waiting contact in its queue, or null when not waiting. */
  positionOf(conversationId: number): number | null {
    const item = this.waitingById.get(conversationId);
    if (!item) return null;
    const list = this.waiting.get(item.queueId) ?? [];
    return lowerBound(list, (x) => compareWaiting(x, item, this.queues) < 0) + 1;
  }

  /**
   * The queues this agent's skills qualify it for, as an array shared by every agent with the same answer:
   * queue stats count agents per array, then add each array's counts to its queues, instead of asking
   * every agent about every queue several times a second.
   */
  servedQueues(agentId: number): readonly string[] {
    const known = this.servedLists.get(agentId);
    if (known) return known;
    const agent = this.agents.get(agentId);
    if (!agent) return [];
    const ids = [...this.queues.values()]
      .filter((q) => meetsSkills(agent.skills, q.skills) && this.samePartition(agentId, q.id))
      .map((q) => q.id);
    const key = ids.join('\u0000');
    const list = this.internedLists.get(key) ?? ids;
    this.internedLists.set(key, list);
    this.servedLists.set(agentId, list);
    return list;
  }

  canAgentServe(agentId: number, queueId: string): boolean {
    let known = this.serves.get(agentId);
    const cached = known?.get(queueId);
    if (cached !== undefined) return cached;
    const agent = this.agents.get(agentId);
    const queue = this.queues.get(queueId);
    const serves = !!agent && !!queue && meetsSkills(agent.skills, queue.skills) && this.samePartition(agentId, queueId);
    // Only known agents and queues are remembered: an unknown one may be added later.
    if (agent && queue) {
      if (!known) this.serves.set(agentId, (known = new Map<string, boolean>()));
      known.set(queueId, serves);
    }
    return serves;
  }

  // ---- team mode: routing partitions ----------------------------------------------------------------

  /**
   * Several routing partitions: from now on this router keeps only the contacts of the partitions it
   * hosts (none yet), and offers an agent only work of her own partition (`agentPartition`).
   */
  partitionBy(of: QueuePartition): void {
    this.partitioning = { of, hosted: new Set(), agents: new Map() };
    this.serves.clear();
    this.servedLists.clear();
    this.internedLists.clear();
  }

  get partitioned(): boolean {
    return this.partitioning !== null;
  }

  partitionOfQueue(queueId: string): number {
    return this.partitioning?.of(queueId) ?? 0;
  }

  /** The agent's partition: the first (config order) holding a queue her skills serve; 0 otherwise. */
  partitionOfAgent(agentId: number): number {
    const p = this.partitioning;
    if (!p) return 0;
    const known = p.agents.get(agentId);
    if (known !== undefined) return known;
    const agent = this.agents.get(agentId);
    if (!agent) return 0;
    const partition = agentPartition(agent.skills, this.queues.values(), p.of);
    p.agents.set(agentId, partition);
    return partition;
  }

  /** Does this router keep the queue's contacts (always, unless partitioned)? */
  hostsQueue(queueId: string): boolean {
    return !this.partitioning || this.partitioning.hosted.has(this.partitioning.of(queueId));
  }

  hostedPartitions(): number[] {
    return [...(this.partitioning?.hosted ?? [])].sort((a, b) => a - b);
  }

  /** This router routes the partition from now on (its contacts are then enqueued by the rebuild). */
  hostPartition(partition: number): void {
    this.partitioning?.hosted.add(partition);
  }

  /**
   * Forgets one partition, without effects: its waiting contacts and open offers, and its agents' load,
   * offers and connection (another hub routes it now, or this one rebuilds it from the database). The other
   * partitions' contacts, offers and agents are untouched.
   */
  dropPartition(partition: number): void {
    const p = this.partitioning;
    if (!p) return;
    p.hosted.delete(partition);
    for (const offer of [...this.offers.values()]) {
      if (p.of(offer.item.queueId) !== partition && this.partitionOfAgent(offer.agentId) !== partition) continue;
      this.offers.delete(offer.offerId);
      this.offerByConversation.delete(offer.item.conversationId);
      this.cooling.delete(offer.item);
      const agent = this.agents.get(offer.agentId);
      if (agent) {
        agent.pendingOfferId = null;
        agent.load[offer.item.channel] = Math.max(0, agent.load[offer.item.channel] - 1);
      }
    }
    for (const item of [...this.waitingById.values()]) {
      if (p.of(item.queueId) !== partition) continue;
      this.removeWaiting(item);
      this.cooling.delete(item);
    }
    for (const agent of this.agents.values()) {
      if (this.partitionOfAgent(agent.id) !== partition) continue;
      agent.load = emptyLoad();
      agent.pendingOfferId = null;
      agent.missedInRow = 0;
      agent.connected = false;
    }
    this.recomputeDeadline();
  }

  private samePartition(agentId: number, queueId: string): boolean {
    return !this.partitioning || this.partitionOfAgent(agentId) === this.partitioning.of(queueId);
  }

  // ---- internals -----------------------------------------------------------------------------------

  private insertWaiting(item: WaitingItem): void {
    let list = this.waiting.get(item.queueId);
    if (!list) {
      list = [];
      this.waiting.set(item.queueId, list);
    }
    const at = lowerBound(list, (x) => compareWaiting(x, item, this.queues) < 0);
    list.splice(at, 0, item);
    this.waitingById.set(item.conversationId, item);
    if (item.targetAgentId !== null) {
      let set = this.targeted.get(item.targetAgentId);
      if (!set) this.targeted.set(item.targetAgentId, (set = new Set()));
      set.add(item);
    }
  }

  private removeWaiting(item: WaitingItem): void {
    const list = this.waiting.get(item.queueId);
    if (list) {
      const at = lowerBound(list, (x) => compareWaiting(x, item, this.queues) < 0);
      const index = list[at] === item ? at : list.indexOf(item);
      if (index >= 0) list.splice(index, 1);
    }
    this.waitingById.delete(item.conversationId);
    for (const [agentId, set] of this.targeted) {
      if (set.delete(item) && set.size === 0) this.targeted.delete(agentId);
    }
    if (!this.offerByConversation.has(item.conversationId) && (item.declinedUntil?.size ?? 0) === 0) this.cooling.delete(item);
  }

  private coolDown(item: WaitingItem, agentId: number, now: number): void {
    (item.declinedUntil ??= new Map()).set(agentId, now + this.config.rejectCooldownMs);
    this.cooling.add(item);
  }

  private eligible(agent: RoutingAgent, item: WaitingItem, now: number): boolean {
    if (item.targetAgentId !== null && item.targetAgentId !== agent.id) return false;
    const until = item.declinedUntil?.get(agent.id);
    if (until !== undefined && until > now) return false;
    const queue = this.queues.get(item.queueId);
    if (!queue || !queue.channels.includes(item.channel)) return false;
    // Team mode: only the agent's own partition offers her work, even a contact pinned to her.
    if (this.partitioning && !this.samePartition(agent.id, item.queueId)) return false;
    // A contact pinned to a named agent was sent there on purpose: skills do not apply, room does.
    const skilled = item.targetAgentId === agent.id || meetsSkills(agent.skills, queue.skills);
    return skilled && hasRoom(agent, item.channel, this.config);
  }

  /** A new or requeued contact: offer it to the best free agent, if any. */
  private dispatchItem(item: WaitingItem, now: number): RoutingEffect[] {
    const queue = this.queues.get(item.queueId);
    if (!queue) return [];
    if (item.stickyAgentId !== null && item.targetAgentId === null) {
      const sticky = this.agents.get(item.stickyAgentId);
      // Sticky is decided once: if the last agent has no room now, the contact is ordinary queue work.
      const stickyFree = sticky && canBeOffered(sticky) && this.eligible(sticky, item, now);
      item.stickyAgentId = null;
      if (stickyFree) return this.makeOffer(sticky, item, now, 'sticky');
    }
    let best: RoutingAgent | undefined;
    let bestScore = -1;
    let bestShare = -1;
    for (const agent of this.agents.values()) {
      if (!canBeOffered(agent) || !this.eligible(agent, item, now)) continue;
      const score = skillScore(agent.skills, queue.skills);
      const share = freeShare(agent, item.channel);
      if (
        !best ||
        score > bestScore ||
        (score === bestScore && (share > bestShare || (share === bestShare && agent.idleSince < best.idleSince)))
      ) {
        best = agent;
        bestScore = score;
        bestShare = share;
      }
    }
    return best ? this.makeOffer(best, item, now, item.targetAgentId !== null ? 'transfer' : 'queue') : [];
  }

  /** A freed agent: take the best eligible contact across the heads of the queues it serves. */
  private dispatchAgent(agentId: number, now: number): RoutingEffect[] {
    const agent = this.agents.get(agentId);
    if (!agent || !canBeOffered(agent)) return [];
    let best: WaitingItem | undefined;
    const own = this.partitioning ? this.partitionOfAgent(agentId) : null;
    for (const item of this.targeted.get(agentId) ?? []) {
      if (this.eligible(agent, item, now) && (!best || compareWaiting(item, best, this.queues) < 0)) best = item;
    }
    for (const [queueId, items] of this.waiting) {
      const queue = this.queues.get(queueId);
      if (!queue || items.length === 0 || !meetsSkills(agent.skills, queue.skills)) continue;
      if (own !== null && this.partitioning?.of(queueId) !== own) continue;
      if (!queue.channels.some((c) => hasRoom(agent, c, this.config))) continue;
      for (const item of items) {
        if (best && compareWaiting(best, item, this.queues) <= 0) break;
        if (this.eligible(agent, item, now)) {
          best = item;
          break;
        }
      }
    }
    if (!best) return [];
    return this.makeOffer(agent, best, now, best.targetAgentId !== null ? 'transfer' : 'queue');
  }

  private dispatchAllAgents(now: number): RoutingEffect[] {
    const effects: RoutingEffect[] = [];
    const free = [...this.agents.values()].filter(canBeOffered).sort((a, b) => a.idleSince - b.idleSince);
    for (const agent of free) effects.push(...this.dispatchAgent(agent.id, now));
    return effects;
  }

  private makeOffer(agent: RoutingAgent, item: WaitingItem, now: number, reason: ActiveOffer['reason']): RoutingEffect[] {
    this.removeWaiting(item);
    const offer: ActiveOffer = {
      offerId: this.newOfferId(),
      agentId: agent.id,
      item,
      offeredAt: now,
      expiresAt: now + this.config.offerTimeoutMs,
      reason,
    };
    this.offers.set(offer.offerId, offer);
    this.offerByConversation.set(item.conversationId, offer.offerId);
    agent.pendingOfferId = offer.offerId;
    agent.load[item.channel] += 1;
    this.nextDeadline = Math.min(this.nextDeadline, offer.expiresAt);
    return [
      { type: 'offer', offer },
      { type: 'agentChanged', agentId: agent.id },
    ];
  }

  /**
   * Ends an offer that was not accepted. With `requeue`, the contact goes back keeping its original age
   * (a transfer to a named agent falls back to its queue) and is dispatched again.
   */
  private endOffer(
    offer: ActiveOffer,
    reason: RevokeReason,
    now: number,
    requeue: boolean,
    beforeRedispatch?: () => void,
  ): RoutingEffect[] {
    this.offers.delete(offer.offerId);
    this.offerByConversation.delete(offer.item.conversationId);
    const agent = this.agents.get(offer.agentId);
    if (agent) {
      agent.pendingOfferId = null;
      agent.load[offer.item.channel] = Math.max(0, agent.load[offer.item.channel] - 1);
    }
    const effects: RoutingEffect[] = [{ type: 'revoke', offer, reason }];
    beforeRedispatch?.();
    if (requeue) {
      const item = offer.item;
      if (item.targetAgentId !== null) item.targetAgentId = null;
      if (reason !== 'rejected' && reason !== 'timeout') item.declinedUntil?.delete(offer.agentId);
      if (reason === 'timeout') this.coolDown(item, offer.agentId, now);
      this.insertWaiting(item);
      effects.push(...this.dispatchItem(item, now));
    }
    if (agent) effects.push({ type: 'agentChanged', agentId: agent.id }, ...this.dispatchAgent(agent.id, now));
    this.recomputeDeadline();
    return effects;
  }

  private revokeAgentOffer(agent: RoutingAgent, reason: RevokeReason, now: number): RoutingEffect[] {
    const offer = agent.pendingOfferId ? this.offers.get(agent.pendingOfferId) : undefined;
    return offer ? this.endOffer(offer, reason, now, true) : [];
  }

  private recomputeDeadline(): void {
    let next = Number.POSITIVE_INFINITY;
    for (const offer of this.offers.values()) next = Math.min(next, offer.expiresAt);
    for (const item of this.cooling) {
      for (const until of item.declinedUntil?.values() ?? []) next = Math.min(next, until);
    }
    this.nextDeadline = next;
  }

  /**
   * Team mode: forgets everything, before a hub that takes over routing rebuilds from the database (what it
   * held was a standby's, not the router's).
   */
  reset(): void {
    for (const map of [this.queues, this.agents, this.waiting, this.waitingById, this.targeted, this.offers, this.offerByConversation])
      map.clear();
    for (const cache of [this.serves, this.servedLists, this.internedLists]) cache.clear();
    this.partitioning?.agents.clear();
    this.cooling.clear();
    this.nextDeadline = Number.POSITIVE_INFINITY;
  }
}

function totalLoad(load: AgentLoad): number {
  return load.voice + load.chat + load.email + load.sms;
}
