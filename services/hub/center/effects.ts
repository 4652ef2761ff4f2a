import type { Router } from '../../routing/router';
import type { ActiveOffer, RoutingEffect } from '../../routing/types';
import { getConversation, updateConversation } from '../../store/repos/conversations';
import { appendEvent } from '../../store/repos/events';
import type { Store } from '../../store/store';
import type { BackgroundWrites } from './background';
import { FencedOffers, type OfferGate } from './fencedOffers';
import type { CenterPushes } from './pushes';
import type { AgentRoster } from './roster';

export type EffectParts = Readonly<{
  store: Store;
  router: Router;
  roster: AgentRoster;
  pushes: CenterPushes;
  background: BackgroundWrites;
  now: () => number;
  /** The router put an agent away after missed offers: store it like any presence change. */
  markAwayMissed: (agentId: number) => Promise<unknown>;
}>;

/** Turns router decisions into pushes (at once) and durable events (through the group-commit writer). */
export class RoutingEffects {
  /**
   * Team mode: false on a hub that is not the router now. Its router's decisions are a standby's and are
   * dropped (no offer pushed, nothing written); the router hub makes the real ones.
   */
  active = true;

  /**
   * Team mode with several partitions: the partitions whose decisions count on this hub (the router's
   * partitions it routes now); a decision about an agent of another partition is a standby's and is dropped.
   * Null: one router for the center, `active` alone decides.
   */
  private partitions: Set<number> | null = null;

  /**
   * Team mode only: every offer is claimed in the database before it is shown, through the fence of the
   * offered agent's partition (partition 0 when not partitioned). Empty on a single hub.
   */
  private readonly fences = new Map<number, FencedOffers>();

  constructor(private readonly parts: EffectParts) {}

  /**
   * Team mode: from now on offers go through `gate` (this router's partition and epoch). `onDeposed` runs
   * when the database says another hub routes the partition now: routing stops at once. A gate of a
   * previous epoch still answering later is ignored.
   */
  fenceWith(gate: OfferGate, onDeposed: () => void, partition = 0): void {
    const live = (): boolean => this.fences.get(partition) === fence && this.routesPartition(partition);
    const fence: FencedOffers = new FencedOffers(gate, {
      show: (offer) => {
        if (!live()) return;
        this.parts.pushes.offerNew(offer);
        this.parts.background.track(this.persistOffer(offer));
      },
      refused: (offers) => {
        if (!live()) return;
        const now = this.parts.now();
        for (const offer of offers) this.apply(this.parts.router.withdraw(offer.offerId, now));
      },
      deposed: () => {
        if (!live()) return;
        if (this.partitions) this.endPartition(partition);
        else this.active = false;
        onDeposed();
      },
    });
    this.fences.set(partition, fence);
  }

  /** Team mode with several partitions: from now on only these partitions' decisions count here. */
  partitioned(): void {
    this.partitions ??= new Set();
    this.active = this.partitions.size > 0;
  }

  /** Several partitions: the partition's decisions count from now on (its rebuild is done). */
  beginPartition(partition: number): void {
    this.partitions?.add(partition);
    this.active = (this.partitions?.size ?? 1) > 0;
  }

  /** Several partitions: the partition's decisions stop counting at once (another hub routes it now). */
  endPartition(partition: number): void {
    this.partitions?.delete(partition);
    this.active = (this.partitions?.size ?? 1) > 0;
  }

  routesPartition(partition: number): boolean {
    return this.partitions ? this.partitions.has(partition) : this.active;
  }

  routedPartitions(): number[] {
    if (!this.partitions) return this.active ? [0] : [];
    return [...this.partitions].sort((a, b) => a - b);
  }

  /** The agent accepted the offer: its fence row (team mode) is released. */
  accepted(offer: ActiveOffer): void {
    this.fenceOf(offer)?.ended(offer);
  }

  /** Team mode, for shutdown and tests: every claim and release asked for so far has run. */
  async fenceSettled(): Promise<void> {
    for (const fence of this.fences.values()) await fence.settled();
  }

  private fenceOf(offer: ActiveOffer): FencedOffers | undefined {
    if (this.fences.size === 0) return undefined;
    return this.fences.get(this.partitions ? this.parts.router.partitionOfAgent(offer.agentId) : 0);
  }

  /** Several partitions: does this decision belong to a partition this hub routes now? */
  private counts(effect: RoutingEffect): boolean {
    if (!this.partitions) return true;
    const agentId = effect.type === 'offer' || effect.type === 'revoke' ? effect.offer.agentId : effect.agentId;
    return this.partitions.has(this.parts.router.partitionOfAgent(agentId));
  }

  apply(effects: readonly RoutingEffect[]): void {
    if (effects.length === 0 || !this.active) return;
    const { store, router, roster, pushes, background } = this.parts;
    const now = this.parts.now();
    const changedAgents = new Set<number>();
    for (const effect of effects) {
      if (!this.counts(effect)) continue;
      switch (effect.type) {
        case 'offer': {
          const { offer } = effect;
          const fence = this.fenceOf(offer);
          if (fence) {
            // Shown (and stored) once the database has it as this router's: see fenceWith.
            fence.offer(offer);
            break;
          }
          pushes.offerNew(offer);
          background.track(this.persistOffer(offer));
          break;
        }
        case 'revoke': {
          const { offer, reason } = effect;
          // An offer the agent never saw (its claim in flight or refused) ends without a trace.
          const fence = this.fenceOf(offer);
          if (fence && !fence.ended(offer)) break;
          pushes.offerRevoked(offer, reason);
          if (reason === 'timeout' || reason === 'agent_unavailable' || reason === 'moved') {
            background.track(this.persistRevoke(offer, reason, now));
          } else if (reason === 'rejected') {
            background.track(store.write((tx) => updateConversation(tx, offer.item.conversationId, { state: 'queued' })));
          }
          break;
        }
        case 'agentMissed':
          break;
        case 'agentChanged':
          changedAgents.add(effect.agentId);
          break;
      }
    }
    for (const agentId of changedAgents) {
      const routing = router.agent(agentId);
      const stored = roster.get(agentId);
      if (routing && stored && routing.presence === 'away_missed' && stored.presence !== 'away_missed') {
        background.track(this.parts.markAwayMissed(agentId));
        continue;
      }
      pushes.agent(agentId);
    }
    pushes.scheduleStats();
  }

  private async persistOffer(offer: ActiveOffer): Promise<void> {
    const { item } = offer;
    await this.parts.store.write(async (tx) => {
      await updateConversation(tx, item.conversationId, { state: 'offered', queueId: item.queueId });
      await appendEvent(tx, {
        at: offer.offeredAt,
        type: 'conversation/offered',
        conversationId: item.conversationId,
        agentId: offer.agentId,
        queueId: item.queueId,
        channel: item.channel,
        data: { offerId: offer.offerId, reason: offer.reason, expiresAt: offer.expiresAt },
      });
    });
  }

  private async persistRevoke(offer: ActiveOffer, reason: string, now: number): Promise<void> {
    const { item } = offer;
    await this.parts.store.write(async (tx) => {
      const c = await getConversation(tx, item.conversationId);
      if (c?.state === 'offered') await updateConversation(tx, item.conversationId, { state: 'queued' });
      await appendEvent(tx, {
        at: now,
        type: reason === 'timeout' ? 'conversation/offerTimeout' : 'conversation/offerRevoked',
        conversationId: item.conversationId,
        agentId: offer.agentId,
        queueId: item.queueId,
        channel: item.channel,
        data: { offerId: offer.offerId, reason },
      });
    });
  }
}
