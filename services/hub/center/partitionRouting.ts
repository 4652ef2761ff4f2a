import { HubError, type QueueStats } from '../../contracts';
import type { Router } from '../../routing/router';
import type { QueuePartition } from '../../routing/partitions';
import { findAgent, listAgents } from '../../store/repos/agents';
import { listOpenConversations } from '../../store/repos/conversations';
import { listQueues } from '../../store/repos/queues';
import type { Store } from '../../store/store';
import type { RoutingEffects } from './effects';
import { requeueOpenOffer } from './lifecycle';
import type { OfferGate } from './fencedOffers';
import type { HeldConversations } from './held';
import type { OfferCards } from './offerCards';
import type { CenterPushes } from './pushes';
import type { QueueDirectory } from './queues';
import type { AgentRoster } from './roster';
import { waitingItemOf } from './waitingItem';

export type PartitionParts = Readonly<{
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

export type PartitionFence = Readonly<{ gate: OfferGate; onDeposed: () => void }>;

/** A queue or an agent record changed on this hub; the other partitions' routers reload it. */
export type DirectoryChange = Readonly<{ queueId: string }> | Readonly<{ agentId: number }>;

/**
 * Team mode with several routing partitions (docs/scale-out.md): one Router per hub whose partitions are a
 * set. Taking a partition over rebuilds that partition only (its queues' waiting contacts, its agents'
 * held conversations and load) from the database, while the partitions this hub already routes keep their
 * waiting contacts and open offers; standing down forgets that partition only. Each partition's offers go
 * through its own fence (partition, epoch).
 *
 * Why one Router rather than one per partition: every part of the center (staffing, intake, handling,
 * transfers, stats) already talks to one Router; a set of hosted partitions there (contacts of other
 * partitions are not kept, an agent is offered only her partition's work) keeps every command path as it
 * is, and a hub routing several partitions still holds each agent in one place (capacity, one offer).
 */
export class PartitionRouting {
  /** Queue figures of partitions another hub routes, as that router last broadcast them. */
  private readonly remoteStats = new Map<string, QueueStats>();
  private readonly directoryListeners = new Set<(change: DirectoryChange) => void>();

  constructor(private readonly parts: PartitionParts) {}

  get enabled(): boolean {
    return this.parts.router.partitioned;
  }

  enable(of: QueuePartition): void {
    this.parts.router.partitionBy(of);
    this.parts.effects.partitioned();
  }

  /**
   * This hub won the partition's lock (and the fence gave it a new epoch): forget what it knew of the
   * partition, reload its queues and agents, its agents' held conversations and its waiting contacts (the
   * previous router's offers go back to the queue), then route it with the agents connected here.
   */
  async takeOver(partition: number, fence: PartitionFence): Promise<void> {
    const { store, router, roster, queues, held, cards, effects, now } = this.parts;
    this.forget(partition);
    effects.fenceWith(
      fence.gate,
      () => {
        this.forget(partition);
        fence.onDeposed();
      },
      partition,
    );
    const at = now();
    for (const queue of await listQueues(store)) {
      if (router.partitionOfQueue(queue.id) !== partition) continue;
      queues.set(queue);
      effects.apply(router.upsertQueue(queue, at));
    }
    for (const agent of await listAgents(store)) {
      // Another partition's agents stay as their router has them (connected, load, offers).
      if (router.agent(agent.id) && router.partitionOfAgent(agent.id) !== partition) continue;
      roster.set(agent);
      effects.apply(router.upsertAgent({ ...agent, presence: agent.presence, connected: false }, at));
    }
    router.hostPartition(partition);
    const open = await listOpenConversations(store);
    for (const c of open) {
      if ((c.state !== 'active' && c.state !== 'wrap_up') || c.assignedAgentId === null) continue;
      if (router.partitionOfAgent(c.assignedAgentId) !== partition) continue;
      router.addLoad(c.assignedAgentId, c.channel);
      held.hold(c.id, { agentId: c.assignedAgentId, queueId: c.queueId, channel: c.channel, state: c.state, since: null });
    }
    const waiting = open.filter((c) => (c.state === 'queued' || c.state === 'offered') && router.partitionOfQueue(c.queueId) === partition);
    await cards.loadMany(waiting);
    for (const c of waiting) {
      // The previous router's offer: the fence voided it with the new epoch; the contact waits again.
      if (c.state === 'offered') await requeueOpenOffer(store, c, now());
      // The partition's agents are not connected yet: nothing is offered before the rebuild is done.
      effects.apply(router.enqueue(waitingItemOf(c), now()));
    }
    effects.beginPartition(partition);
    for (const agentId of roster.connectedIds()) {
      if (router.partitionOfAgent(agentId) === partition) effects.apply(router.setConnected(agentId, true, now()));
    }
    this.parts.pushes.scheduleStats();
  }

  /** Another hub routes the partition now (or this hub stops): its decisions stop, its state is dropped. */
  forget(partition: number): void {
    const { router, held, effects } = this.parts;
    effects.endPartition(partition);
    router.dropPartition(partition);
    for (const h of held.list()) if (router.partitionOfAgent(h.agentId) === partition) held.release(h.conversationId);
    for (const [queueId] of this.remoteStats) if (router.partitionOfQueue(queueId) === partition) this.remoteStats.delete(queueId);
  }

  /**
   * A contact pinned to an agent (transfer by name, supervisor's reassignment) is offered by the agent's
   * router, which routes only her partition's queues: one of another partition would wait for ever.
   */
  requireSamePartition(agentId: number, queueId: string): void {
    const { router } = this.parts;
    if (!router.partitioned || router.partitionOfAgent(agentId) === router.partitionOfQueue(queueId)) return;
    throw new HubError(
      'conflict',
      'this agent takes work from other queues and cannot be offered this conversation by name; transfer it to one of her queues',
    );
  }

  /** Team mode: told of every queue or agent change made here (teamMode.ts passes it to the other hubs). */
  onDirectoryChanged(listener: (change: DirectoryChange) => void): () => void {
    this.directoryListeners.add(listener);
    return () => this.directoryListeners.delete(listener);
  }

  changed(change: DirectoryChange): void {
    for (const listener of this.directoryListeners) listener(change);
  }

  /**
   * A queue or agent changed on another hub (an admin's edit goes to the admin's own partition's router):
   * reload it from the database so this hub's routers use the new skills, channels and capacity. The
   * agent's presence stays as this hub has it (it is hers, not the record's).
   */
  async reload(change: DirectoryChange): Promise<void> {
    const { store, router, roster, queues, effects, pushes, now } = this.parts;
    if ('queueId' in change) {
      const queue = (await listQueues(store)).find((q) => q.id === change.queueId);
      if (!queue) return;
      queues.set(queue);
      effects.apply(router.upsertQueue(queue, now()));
      pushes.scheduleStats();
      return;
    }
    const stored = await findAgent(store, change.agentId);
    if (!stored) return;
    const existing = roster.get(stored.id);
    const merged = existing ? { ...stored, presence: existing.presence, awayReason: existing.awayReason } : stored;
    roster.set(merged);
    effects.apply(
      router.upsertAgent({ id: stored.id, skills: stored.skills, capacity: stored.capacity, presence: merged.presence }, now()),
    );
  }

  /** This hub's own figures: the queues of the partitions it routes (broadcast to the other hubs). */
  ownStats(all: readonly QueueStats[]): QueueStats[] {
    return all.filter(
      (s) => this.parts.router.hostsQueue(s.queueId) && this.parts.effects.routesPartition(this.parts.router.partitionOfQueue(s.queueId)),
    );
  }

  /** Another router's figures: kept for the queues this hub does not route. */
  adoptStats(stats: readonly QueueStats[]): void {
    for (const s of stats) if (!this.parts.router.hostsQueue(s.queueId)) this.remoteStats.set(s.queueId, s);
  }

  /** Each queue's figures from the hub routing it: this hub's own, the others' as last broadcast. */
  mergedStats(all: readonly QueueStats[]): QueueStats[] {
    return all.map((s) => (this.parts.router.hostsQueue(s.queueId) ? s : (this.remoteStats.get(s.queueId) ?? s)));
  }
}
