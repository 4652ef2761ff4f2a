import type { FastifyBaseLogger } from 'fastify';
import type { AgentSnapshot, ChannelKind, Conversation, Message, Offer, Presence, Queue, QueueInput, QueueStats } from '../contracts';
import type { IngestOptions, IngestResult } from '../ingest/ingest';
import type { InboundEvent } from '../ingest/inbound';
import { Router } from '../routing/router';
import type { AgentUpsert, StoredAgent } from '../store/repos/agents';
import { listOpenConversations } from '../store/repos/conversations';
import type { Store } from '../store/store';
import { Adoption } from './center/adoption';
import { BackgroundWrites } from './center/background';
import { RoutingEffects } from './center/effects';
import type { OfferGate } from './center/fencedOffers';
import { Handling } from './center/handling';
import { HeldConversations, type Held, type HeldConversation } from './center/held';
import { Intake } from './center/intake';
import { CenterLifecycle, loadDirectory, restoreFromStore } from './center/lifecycle';
import { conversationOrNotFound } from './center/lookup';
import { Messages } from './center/messages';
import { OfferCards } from './center/offerCards';
import { PartitionRouting, type DirectoryChange, type PartitionFence } from './center/partitionRouting';
import type { QueuePartition } from '../routing/partitions';
import { CenterPushes } from './center/pushes';
import { QueueDirectory } from './center/queues';
import { AgentRoster } from './center/roster';
import { Staffing } from './center/staffing';
import { Transfers } from './center/transfers';
import type { ChannelRegistry } from './channels';
import type { HubConfig } from './config';
import type { Pusher } from './push';

/**
 * The live contact center: the router plus everything that turns its decisions into durable events and
 * socket pushes. Command handlers and channel adapters go through here; nothing else mutates routing.
 * This class only wires the parts in ./center/ together and delegates to them.
 */
export class ContactCenter {
  readonly router: Router;
  private readonly roster: AgentRoster;
  private readonly held: HeldConversations;
  private readonly queues: QueueDirectory;
  private readonly cards: OfferCards;
  private readonly lifecycle: CenterLifecycle;
  private readonly background: BackgroundWrites;
  private readonly pushes: CenterPushes;
  private readonly effects: RoutingEffects;
  private readonly staffing: Staffing;
  private readonly intake: Intake;
  private readonly handling: Handling;
  private readonly transfers: Transfers;
  private readonly messages: Messages;
  private readonly adoption: Adoption;
  private readonly partitions: PartitionRouting;

  constructor(
    private readonly store: Store,
    config: HubConfig,
    private readonly channels: ChannelRegistry,
    log: FastifyBaseLogger,
    private readonly now: () => number = Date.now,
  ) {
    const router = new Router(config.routing);
    this.router = router;
    const roster = (this.roster = new AgentRoster(router, now));
    const held = (this.held = new HeldConversations(roster));
    const queues = (this.queues = new QueueDirectory(router, roster, held));
    const cards = (this.cards = new OfferCards(store));
    const lifecycle = (this.lifecycle = new CenterLifecycle(config.tickMs));
    const background = (this.background = new BackgroundWrites(log));
    const pushes = (this.pushes = new CenterPushes({ config, log, roster, held, queues, cards, lifecycle }));
    const effects = (this.effects = new RoutingEffects({
      store,
      router,
      roster,
      pushes,
      background,
      now,
      // Called only while routing runs, after the constructor has set staffing.
      markAwayMissed: (agentId) => this.staffing.setPresence(agentId, 'away_missed', null),
    }));
    this.staffing = new Staffing({ store, router, roster, queues, held, effects, pushes, background, lifecycle, now });
    this.intake = new Intake({ store, config, channels, router, roster, queues, held, cards, effects, pushes, now });
    this.handling = new Handling({ store, config, router, roster, held, cards, effects, pushes, background, now });
    this.transfers = new Transfers({ store, router, roster, queues, held, cards, effects, pushes, now });
    this.messages = new Messages({ store, channels, roster, held, pushes, background, log, now });
    this.adoption = new Adoption({ store, router, held, cards, effects, now });
    this.partitions = new PartitionRouting({ store, router, roster, queues, held, cards, effects, pushes, now });
  }

  get ingestOptions(): IngestOptions {
    return this.intake.ingestOptions;
  }

  // ---- lifecycle (startHub: load, start; on shutdown beginShutdown first, stop last) ---------------

  /** Rebuilds routing state from the store: a restart mid-offer puts the contact back in its queue. */
  async load(): Promise<void> {
    const { store, router, roster, queues, held, cards, now } = this;
    await restoreFromStore({ store, router, roster, queues, held, cards, now });
  }

  // ---- team mode (several hubs on one PostgreSQL: docs/scale-out.md) --------------------------------

  /** Team mode start: queues and agents only; routing waits for this hub to become the router. */
  async loadStandby(): Promise<void> {
    this.effects.active = false;
    const { store, router, roster, queues, held, cards, now } = this;
    await loadDirectory({ store, router, roster, queues, held, cards, now });
  }

  /**
   * This hub became the router: forget the standby's state, rebuild from the database (the previous
   * router's offers go back to the queue) and route, with the agents whose sockets are here connected.
   */
  async takeOverRouting(fence?: Readonly<{ gate: OfferGate; onDeposed: () => void }>): Promise<void> {
    const { store, router, roster, queues, held, cards, now } = this;
    this.effects.active = false;
    // Every offer of this epoch is claimed in the database before an agent sees it (docs/scale-out.md).
    if (fence) this.effects.fenceWith(fence.gate, fence.onDeposed);
    router.reset();
    held.clear();
    this.adoption.clear();
    await restoreFromStore({ store, router, roster, queues, held, cards, now });
    this.adoption.track();
    this.effects.active = true;
    for (const agentId of roster.connectedIds()) this.effects.apply(router.setConnected(agentId, true, now()));
    // A contact another hub committed while this one was rebuilding reached the event feed while this hub
    // did not route yet: one more look at the queue, now that adoption runs, catches it.
    const open = await listOpenConversations(store);
    await this.adopt(
      open.filter((c) => c.state === 'queued' && !router.isWaiting(c.id) && !router.isOffered(c.id) && !held.get(c.id)).map((c) => c.id),
    );
    this.pushes.scheduleStats();
  }

  /** This hub is the router no more: its decisions stop at once. */
  standDownRouting(): void {
    this.effects.active = false;
    this.adoption.clear();
  }

  /** Agents with a socket on this hub now (team mode: re-announced to a new router). */
  connectedAgentIds(): number[] {
    return this.roster.connectedIds();
  }

  /** Team mode, for tests: every fence claim and release asked for so far has run. */
  fenceSettled(): Promise<void> {
    return this.effects.fenceSettled();
  }

  get routes(): boolean {
    return this.effects.active;
  }

  /**
   * The router learns of contacts another hub committed (ingest, a reopen, a customer who left): from the
   * database, a queued conversation it does not know is enqueued, and one no longer queued leaves the queue.
   * One adoption at a time (center/adoption.ts says why and how a stale read is avoided).
   */
  adopt(conversationIds: readonly number[]): Promise<void> {
    if (!this.effects.active || conversationIds.length === 0) return Promise.resolve();
    return this.adoption.adopt(conversationIds);
  }

  // ---- team mode, several routing partitions (center/partitionRouting.ts) -----------------------------

  /** Routing is split by partition from now on: this hub routes the partitions whose locks it holds. */
  usePartitions(of: QueuePartition): void {
    this.partitions.enable(of);
  }

  partitionOfQueue(queueId: string): number {
    return this.router.partitionOfQueue(queueId);
  }

  /** The partition whose router offers this agent work (her first queue's); 0 when not partitioned. */
  partitionOfAgent(agentId: number): number {
    return this.router.partitionOfAgent(agentId);
  }

  /** This hub won one partition's lock: that partition only is rebuilt from the database and routed. */
  async takeOverPartition(partition: number, fence: PartitionFence): Promise<void> {
    await this.partitions.takeOver(partition, fence);
    // The partitions this hub already routes keep their horizon (center/adoption.ts).
    this.adoption.track({ clear: false });
    // A contact another hub committed during the rebuild: one more look now that adoption runs.
    await this.adopt(await this.queuedOf(partition));
  }

  /** Another hub routes the partition now: its decisions stop at once, the others' go on. */
  standDownPartition(partition: number): void {
    this.partitions.forget(partition);
  }

  routesPartition(partition: number): boolean {
    return this.effects.routesPartition(partition);
  }

  routedPartitions(): number[] {
    return this.effects.routedPartitions();
  }

  /** A queue or agent changed on this hub: the listener tells the other hubs (several partitions only). */
  onDirectoryChanged(listener: (change: DirectoryChange) => void): () => void {
    return this.partitions.onDirectoryChanged(listener);
  }

  /** A queue or agent changed on another hub: reloaded from the database. */
  reloadDirectory(change: DirectoryChange): Promise<void> {
    return this.partitions.reload(change);
  }

  /** The queue figures this hub is the source of (the router's own), for the other hubs. */
  routerQueueStats(): QueueStats[] {
    return this.partitions.enabled ? this.partitions.ownStats(this.queues.stats()) : this.queueStats();
  }

  private async queuedOf(partition: number): Promise<number[]> {
    const { router, held } = this;
    return (await listOpenConversations(this.store))
      .filter(
        (c) =>
          c.state === 'queued' &&
          router.partitionOfQueue(c.queueId) === partition &&
          !router.isWaiting(c.id) &&
          !router.isOffered(c.id) &&
          !held.get(c.id),
      )
      .map((c) => c.id);
  }

  /** Once the hub listens: pushes go out from now on, and the router's tick (offer timeouts) runs. */
  start(pusher: Pusher): void {
    this.pushes.attach(pusher);
    this.lifecycle.start(() => this.effects.apply(this.router.tick(this.now())));
  }

  /**
   * First step of shutdown, before modules, adapters and sockets stop: sockets closing because the hub
   * stops are not agents leaving, so routing is frozen as it is (an open offer stays 'offered' in the
   * store and is requeued by the next load()).
   */
  beginShutdown(): void {
    this.lifecycle.freeze();
  }

  /**
   * Last step of shutdown, after sockets and HTTP closed and before the store closes: drops pending stats
   * pushes and waits for background writes. Freezes routing too if beginShutdown() was skipped.
   */
  async stop(): Promise<void> {
    if (!this.lifecycle.shuttingDown) this.lifecycle.freeze();
    this.pushes.cancelStats();
    await this.background.drain();
  }

  // ---- inbound -------------------------------------------------------------------------------------

  /** The channels' entry point: commit first (the caller may then acknowledge), then route. */
  ingest(event: InboundEvent): Promise<IngestResult> {
    return this.intake.ingest(event);
  }

  /** The customer left before being served (caller hung up, visitor closed the chat). */
  abandon(conversationId: number, reason: string): Promise<Conversation | undefined> {
    return this.intake.abandon(conversationId, reason);
  }

  setMessageStatus(messageId: number, status: string, meta?: Record<string, unknown>): Promise<Message | undefined> {
    return this.messages.setMessageStatus(messageId, status, meta);
  }

  // ---- agent commands ------------------------------------------------------------------------------

  agentConnected(agentId: number): void {
    this.staffing.agentConnected(agentId);
  }

  agentDisconnected(agentId: number): void {
    this.staffing.agentDisconnected(agentId);
  }

  setPresence(agentId: number, presence: Exclude<Presence, 'away_missed'> | 'away_missed', reason: string | null): Promise<AgentSnapshot> {
    return this.staffing.setPresence(agentId, presence, reason);
  }

  accept(agentId: number, offerId: string): Promise<Conversation> {
    return this.handling.accept(agentId, offerId);
  }

  reject(agentId: number, offerId: string, reason: string | undefined): Promise<void> {
    return this.handling.reject(agentId, offerId, reason);
  }

  transfer(
    callerId: number,
    conversationId: number,
    to: Readonly<{ agentId: number } | { queueId: string }>,
    note: string | undefined,
  ): Promise<Conversation> {
    const held = this.held.get(conversationId);
    if (held && 'agentId' in to) this.partitions.requireSamePartition(to.agentId, held.queueId);
    return this.transfers.transfer(callerId, conversationId, to, note);
  }

  wrapUp(callerId: number, conversationId: number): Promise<Conversation> {
    return this.handling.wrapUp(callerId, conversationId);
  }

  close(callerId: number, conversationId: number, disposition: string, note: string | undefined): Promise<Conversation> {
    return this.handling.close(callerId, conversationId, disposition, note);
  }

  sendMessage(
    callerId: number,
    conversationId: number,
    bodyText: string,
    internal: boolean,
    meta: Record<string, unknown> = {},
  ): Promise<Message> {
    return this.messages.sendMessage(callerId, conversationId, bodyText, internal, meta);
  }

  /** An agent starts a conversation with a customer; it is active and held by them from the start. */
  openOutbound(
    agentId: number,
    o: Readonly<{ customerId: number; channel: ChannelKind; queueId: string; subject: string | null; threadKey: string | null }>,
  ): Promise<Conversation> {
    return this.intake.openOutbound(agentId, o);
  }

  async upsertAgent(input: AgentUpsert): Promise<StoredAgent> {
    const agent = await this.staffing.upsertAgent(input);
    this.partitions.changed({ agentId: agent.id });
    return agent;
  }

  async upsertQueue(input: QueueInput): Promise<Queue> {
    const queue = await this.staffing.upsertQueue(input);
    this.partitions.changed({ queueId: queue.id });
    return queue;
  }

  /** Supervisor action on a waiting or offered contact: another queue, another priority, or one agent. */
  async moveWaiting(
    callerId: number,
    conversationId: number,
    change: Readonly<{ queueId?: string; priority?: number; targetAgentId?: number }>,
  ): Promise<Conversation> {
    if (change.targetAgentId !== undefined && this.partitions.enabled) {
      const queueId = change.queueId ?? (await conversationOrNotFound(this.store, conversationId)).queueId;
      this.partitions.requireSamePartition(change.targetAgentId, queueId);
    }
    return this.transfers.moveWaiting(callerId, conversationId, change);
  }

  /** Is an outbound adapter registered for this channel (its module configured and running)? */
  hasChannel(channel: ChannelKind): boolean {
    return this.channels.get(channel) !== undefined;
  }

  /** Who holds a conversation now (active or wrap-up), if anyone. */
  holderOf(conversationId: number): number | null {
    return this.held.holderOf(conversationId);
  }

  /** Conversations held per agent (the supervisor's agent grid). */
  heldConversations(): ReadonlyArray<HeldConversation> {
    return this.held.list();
  }

  // ---- reads ---------------------------------------------------------------------------------------

  hasAgents(): boolean {
    return this.roster.size > 0;
  }

  agent(agentId: number): StoredAgent | undefined {
    return this.roster.get(agentId);
  }

  agentByUsername(username: string): StoredAgent | undefined {
    return this.roster.byUsername(username);
  }

  refreshAgent(agentId: number): Promise<StoredAgent | undefined> {
    return this.staffing.refreshAgent(agentId);
  }

  setAgentDisabled(agentId: number, disabledAt: number | null): Promise<void> {
    return this.staffing.setAgentDisabled(agentId, disabledAt);
  }

  listQueues(): Queue[] {
    return this.queues.list();
  }

  queue(queueId: string): Queue | undefined {
    return this.queues.get(queueId);
  }

  snapshot(agentId: number, inWrapUp: ReadonlySet<number> = this.held.agentsInWrapUp()): AgentSnapshot {
    return this.roster.snapshot(agentId, inWrapUp);
  }

  snapshots(): AgentSnapshot[] {
    return this.roster.snapshots(this.held.agentsInWrapUp());
  }

  /** Every agent's id and state, without the rest of a snapshot (the live board counts states per push). */
  agentStates(): Array<Pick<AgentSnapshot, 'id' | 'state'>> {
    return this.roster.states(this.held.agentsInWrapUp());
  }

  offersFor(agentId: number): Offer[] {
    return this.router.offersOf(agentId).map((o) => this.cards.toOffer(o));
  }

  queueStats(): QueueStats[] {
    // Team mode: a hub that does not route has an idle router of its own (no agents, nothing waiting); the
    // center's figures are the router hub's, as it last broadcast them.
    if (this.partitions.enabled) return this.partitions.mergedStats(this.queues.stats());
    return !this.effects.active && this.routerStats ? this.routerStats : this.queues.stats();
  }

  private routerStats: QueueStats[] | null = null;

  /** Team mode: the router hub's queue figures, kept by a hub that does not route (teamMode.ts). */
  adoptRouterStats(stats: readonly QueueStats[]): void {
    if (this.partitions.enabled) return this.partitions.adoptStats(stats);
    this.routerStats = [...stats];
  }

  /** May this caller act on the conversation? The holder may; supervisors and admins may always. */
  requireHeldBy(callerId: number, conversationId: number): Held {
    return this.held.requireHeldBy(callerId, conversationId);
  }

  requireConversation(conversationId: number): Promise<Conversation> {
    return conversationOrNotFound(this.store, conversationId);
  }

  /** A module changed a conversation row itself (e.g. email's first reply): tell its holder and supervisors. */
  async announceConversation(conversationId: number): Promise<void> {
    this.pushes.conversation(await conversationOrNotFound(this.store, conversationId));
  }

  /** Modules (e.g. web chat) follow conversation changes here; returns an unsubscribe function. */
  onConversationUpdated(listener: (c: Conversation) => void): () => void {
    return this.pushes.onConversationUpdated(listener);
  }

  /** The queue counts (waiting, ringing, agents) changed; returns an unsubscribe function. */
  onQueueStatsChanged(listener: () => void): () => void {
    return this.pushes.onStatsChanged(listener);
  }

  /** Every stored message (in, out, note) after commit; returns an unsubscribe function. */
  onMessage(listener: (c: Conversation, m: Message) => void): () => void {
    return this.pushes.onMessage(listener);
  }
}
