import type { Conversation } from '../../contracts';
import type { Router } from '../../routing/router';
import { listAgents } from '../../store/repos/agents';
import { listOpenConversations, updateConversation } from '../../store/repos/conversations';
import { appendEvent } from '../../store/repos/events';
import { listQueues } from '../../store/repos/queues';
import type { Store } from '../../store/store';
import type { HeldConversations } from './held';
import type { OfferCards } from './offerCards';
import type { QueueDirectory } from './queues';
import type { AgentRoster } from './roster';
import { waitingItemOf } from './waitingItem';

/**
 * Whether routing runs: the router's tick timer, and the freeze at shutdown. Sockets closing because the
 * hub stops are not agents leaving, so once frozen no disconnect reaches the router and no stats push is
 * scheduled (an open offer stays 'offered' in the store and is requeued by the next load()).
 */
export class CenterLifecycle {
  private tickTimer: NodeJS.Timeout | null = null;
  private frozen = false;

  constructor(private readonly tickMs: number) {}

  get shuttingDown(): boolean {
    return this.frozen;
  }

  /** Offer timeouts and retries run on this tick. */
  start(tick: () => void): void {
    this.tickTimer = setInterval(tick, this.tickMs);
    this.tickTimer.unref();
  }

  freeze(): void {
    this.frozen = true;
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = null;
  }
}

export type RestoreParts = Readonly<{
  store: Store;
  router: Router;
  roster: AgentRoster;
  queues: QueueDirectory;
  held: HeldConversations;
  cards: OfferCards;
  now: () => number;
}>;

/** Rebuilds routing state from the store: a restart mid-offer puts the contact back in its queue. */
export async function restoreFromStore(parts: RestoreParts): Promise<void> {
  // Marks the gap since the last run: nobody was connected while the hub was down (metrics rely on it).
  await parts.store.write((tx) => appendEvent(tx, { at: parts.now(), type: 'hub/started' }));
  await loadDirectory(parts);
  await restoreConversations(parts);
}

/**
 * Queues and agents only (sign-in, names, skills). Team mode: a hub that is not the router loads these
 * and leaves the conversations to the router, whose live offers it must not touch.
 */
export async function loadDirectory({ store, router, roster, queues, now: clock }: RestoreParts): Promise<void> {
  const now = clock();
  for (const queue of await listQueues(store)) {
    queues.set(queue);
    router.upsertQueue(queue, now);
  }
  for (const agent of await listAgents(store)) {
    roster.set(agent);
    router.upsertAgent({ ...agent, presence: agent.presence, connected: false }, now);
  }
}

/** Open conversations back into the router: held ones as load, queued and offered ones waiting again. */
export async function restoreConversations({ store, router, held, cards, now: clock }: RestoreParts): Promise<void> {
  const now = clock();
  const open = await listOpenConversations(store);
  for (const c of open) {
    if ((c.state === 'active' || c.state === 'wrap_up') && c.assignedAgentId !== null) {
      router.addLoad(c.assignedAgentId, c.channel);
      held.hold(c.id, { agentId: c.assignedAgentId, queueId: c.queueId, channel: c.channel, state: c.state, since: null });
    }
  }
  const waiting = open.filter((c) => c.state === 'queued' || c.state === 'offered');
  await cards.loadMany(waiting);
  for (const c of waiting) {
    if (c.state === 'offered') await requeueOpenOffer(store, c, now);
    router.enqueue(waitingItemOf(c), now);
  }
}

/**
 * An offer a previous run (or a previous router) left open is void after a rebuild: the contact is queued
 * again and the log says why.
 */
export async function requeueOpenOffer(store: Store, c: Conversation, at: number): Promise<void> {
  await store.write(async (tx) => {
    await updateConversation(tx, c.id, { state: 'queued' });
    await appendEvent(tx, {
      at,
      type: 'conversation/offerRevoked',
      conversationId: c.id,
      queueId: c.queueId,
      channel: c.channel,
      data: { reason: 'hub_restart' },
    });
  });
}
