import type { FastifyBaseLogger } from 'fastify';
import {
  HubError,
  type AgentSnapshot,
  type AgentState,
  type ChannelKind,
  type Conversation,
  type CustomerSummary,
  type Message,
  type Offer,
  type Presence,
  type Queue,
  type QueueInput,
  type QueueStats,
  Queue as QueueSchema,
} from '../contracts';
import { ingestInbound, type IngestOptions, type IngestResult } from '../ingest/ingest';
import type { InboundEvent } from '../ingest/inbound';
import { Router } from '../routing/router';
import type { ActiveOffer, RoutingEffect } from '../routing/types';
import { findAgent, listAgents, savePresence, setAgentDisabled, upsertAgent, type AgentUpsert, type StoredAgent } from '../store/repos/agents';
import { getConversation, insertConversation, latestByThreadKey, listOpenConversations, requireConversation, updateConversation } from '../store/repos/conversations';
import { getCustomerSummary } from '../store/repos/customers';
import { appendEvent } from '../store/repos/events';
import { firstInboundPreview, insertMessage, updateMessageStatus } from '../store/repos/messages';
import { listQueues, upsertQueue } from '../store/repos/queues';
import type { Store } from '../store/store';
import type { ChannelRegistry } from './channels';
import type { HubConfig } from './config';
import { agentRoom, AGENTS, monitorRoom, SUPERVISORS, type Pusher } from './push';

/** What an offer toast shows; cached so making an offer never waits on the database. */
type OfferCard = { customer: CustomerSummary; subject: string | null; preview: string };

/** A conversation an agent holds (active or in wrap-up). */
/** `since`: when the holder accepted it (null for conversations already held when the hub started). */
type Held = { agentId: number; queueId: string; channel: ChannelKind; state: 'active' | 'wrap_up'; since: number | null };

/**
 * The live contact center: the router plus everything that turns its decisions into durable events and
 * socket pushes. Command handlers and channel adapters go through here; nothing else mutates routing.
 */
export class ContactCenter {
  readonly router: Router;
  private readonly agents = new Map<number, StoredAgent>();
  private readonly queues = new Map<string, Queue>();
  private readonly cards = new Map<number, OfferCard>();
  private readonly held = new Map<number, Held>();
  private readonly connections = new Map<number, number>();
  private readonly stateSince = new Map<number, { state: AgentState; since: number }>();
  private readonly background = new Set<Promise<unknown>>();
  private statsTimer: NodeJS.Timeout | null = null;
  private agentStatsTimer: NodeJS.Timeout | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private pusher: Pusher | null = null;
  private shuttingDown = false;
  private readonly conversationListeners = new Set<(c: Conversation) => void>();
  private readonly messageListeners = new Set<(c: Conversation, m: Message) => void>();

  constructor(
    private readonly store: Store,
    private readonly config: HubConfig,
    private readonly channels: ChannelRegistry,
    private readonly log: FastifyBaseLogger,
    private readonly now: () => number = Date.now,
  ) {
    this.router = new Router(config.routing);
  }

  get ingestOptions(): IngestOptions {
    return {
      reopenWindowMs: this.config.reopenWindowHours * 3600_000,
      stickyWindowMs: this.config.stickyWindowHours * 3600_000,
      defaultRegion: this.config.defaultRegion as IngestOptions['defaultRegion'],
      now: this.now,
    };
  }

  /** Rebuilds routing state from the store: a restart mid-offer puts the contact back in its queue. */
  async load(): Promise<void> {
    const now = this.now();
    // Marks the gap since the last run: nobody was connected while the hub was down (metrics rely on it).
    await this.store.write((tx) => appendEvent(tx, { at: now, type: 'hub/started' }));
    for (const queue of await listQueues(this.store)) {
      this.queues.set(queue.id, queue);
      this.router.upsertQueue(queue, now);
    }
    for (const agent of await listAgents(this.store)) {
      this.agents.set(agent.id, agent);
      this.router.upsertAgent({ ...agent, presence: agent.presence, connected: false }, now);
    }
    const open = await listOpenConversations(this.store);
    for (const c of open) {
      if ((c.state === 'active' || c.state === 'wrap_up') && c.assignedAgentId !== null) {
        this.router.addLoad(c.assignedAgentId, c.channel);
        this.held.set(c.id, { agentId: c.assignedAgentId, queueId: c.queueId, channel: c.channel, state: c.state, since: null });
      }
    }
    for (const c of open) {
      if (c.state !== 'queued' && c.state !== 'offered') continue;
      if (c.state === 'offered') {
        await this.store.write(async (tx) => {
          await updateConversation(tx, c.id, { state: 'queued' });
          await appendEvent(tx, { at: now, type: 'conversation/offerRevoked', conversationId: c.id, queueId: c.queueId, channel: c.channel, data: { reason: 'hub_restart' } });
        });
      }
      await this.loadCard(c);
      this.router.enqueue(
        { conversationId: c.id, queueId: c.queueId, channel: c.channel, priority: c.priority, enqueuedAt: c.enqueuedAt ?? c.createdAt, stickyAgentId: c.lastAgentId },
        now,
      );
    }
  }

  start(pusher: Pusher): void {
    this.pusher = pusher;
    this.tickTimer = setInterval(() => this.apply(this.router.tick(this.now())), this.config.tickMs);
    this.tickTimer.unref();
  }

  /**
   * Called first on shutdown: sockets closing because the hub stops are not agents leaving, so routing is
   * frozen as it is (an open offer stays 'offered' in the store and is requeued by the next load()).
   */
  beginShutdown(): void {
    this.shuttingDown = true;
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = null;
  }

  async stop(): Promise<void> {
    this.beginShutdown();
    if (this.tickTimer) clearInterval(this.tickTimer);
    if (this.statsTimer) clearTimeout(this.statsTimer);
    if (this.agentStatsTimer) clearTimeout(this.agentStatsTimer);
    this.tickTimer = null;
    this.statsTimer = null;
    this.agentStatsTimer = null;
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  // ---- inbound -------------------------------------------------------------------------------------

  /** The channels' entry point: commit first (the caller may then acknowledge), then route. */
  async ingest(event: InboundEvent): Promise<IngestResult> {
    const result = await ingestInbound(this.store, event, this.ingestOptions);
    const { conversation, message } = result;
    switch (result.outcome) {
      case 'duplicate':
        return result;
      case 'created':
      case 'reopened': {
        const customer = result.customer ?? (await getCustomerSummary(this.store, result.customerId));
        this.cards.set(conversation.id, {
          customer: customer ?? { id: result.customerId, displayName: 'Unknown', identities: [] },
          subject: conversation.subject,
          preview: message.bodyText.slice(0, 200),
        });
        this.apply(
          this.router.enqueue(
            {
              conversationId: conversation.id,
              queueId: conversation.queueId,
              channel: conversation.channel,
              priority: conversation.priority,
              enqueuedAt: conversation.enqueuedAt ?? conversation.createdAt,
              stickyAgentId: conversation.lastAgentId,
            },
            this.now(),
          ),
        );
        this.pushConversation(conversation);
        this.scheduleStats();
        break;
      }
      case 'appended': {
        const card = this.cards.get(conversation.id);
        if (card) card.preview = message.bodyText.slice(0, 200);
        break;
      }
      case 'stored':
        break;
    }
    this.pushMessage(conversation, message);
    return result;
  }

  /** The customer left before being served (caller hung up, visitor closed the chat). */
  async abandon(conversationId: number, reason: string): Promise<Conversation | undefined> {
    const now = this.now();
    const current = await getConversation(this.store, conversationId);
    if (!current || (current.state !== 'queued' && current.state !== 'offered')) return current;
    this.apply(this.router.remove(conversationId, 'abandoned', now));
    const conversation = await this.store.write(async (tx) => {
      const c = await updateConversation(tx, conversationId, { state: 'abandoned', closedAt: now });
      await appendEvent(tx, {
        at: now,
        type: 'conversation/abandoned',
        conversationId,
        queueId: c.queueId,
        channel: c.channel,
        data: { reason, waitMs: now - (c.enqueuedAt ?? c.createdAt) },
      });
      return c;
    });
    this.cards.delete(conversationId);
    this.pushConversation(conversation);
    this.scheduleStats();
    return conversation;
  }

  async setMessageStatus(messageId: number, status: string, meta?: Record<string, unknown>): Promise<Message | undefined> {
    const message = await this.store.write((tx) => updateMessageStatus(tx, messageId, status, meta));
    if (message) {
      const conversation = await getConversation(this.store, message.conversationId);
      if (conversation) this.pushMessage(conversation, message);
    }
    return message;
  }

  // ---- agent commands ------------------------------------------------------------------------------

  agentConnected(agentId: number): void {
    const count = (this.connections.get(agentId) ?? 0) + 1;
    this.connections.set(agentId, count);
    if (count === 1) {
      this.track(this.store.write((tx) => appendEvent(tx, { at: this.now(), type: 'agent/connected', agentId })));
      this.apply(this.router.setConnected(agentId, true, this.now()));
    }
  }

  agentDisconnected(agentId: number): void {
    if (this.shuttingDown) return;
    const count = Math.max(0, (this.connections.get(agentId) ?? 0) - 1);
    this.connections.set(agentId, count);
    if (count === 0) {
      this.track(this.store.write((tx) => appendEvent(tx, { at: this.now(), type: 'agent/disconnected', agentId })));
      this.apply(this.router.setConnected(agentId, false, this.now()));
    }
  }

  async setPresence(agentId: number, presence: Exclude<Presence, 'away_missed'> | 'away_missed', reason: string | null): Promise<AgentSnapshot> {
    const agent = this.requireAgent(agentId);
    const now = this.now();
    const awayReason = presence === 'away' ? reason : presence === 'away_missed' ? 'missed offers' : null;
    await this.store.write(async (tx) => {
      await savePresence(tx, agentId, presence, awayReason);
      await appendEvent(tx, { at: now, type: 'agent/presence', agentId, data: { presence, reason: awayReason } });
    });
    this.agents.set(agentId, { ...agent, presence, awayReason });
    this.apply(this.router.setPresence(agentId, presence, now));
    return this.snapshot(agentId);
  }

  async accept(agentId: number, offerId: string): Promise<Conversation> {
    const now = this.now();
    const result = this.router.accept(offerId, agentId, now);
    if (!result.ok) {
      throw result.reason === 'not_yours'
        ? new HubError('forbidden', 'this offer was made to another agent')
        : new HubError('conflict', 'the offer is no longer open (expired, taken or withdrawn)');
    }
    const { item } = result.offer;
    this.held.set(item.conversationId, { agentId, queueId: item.queueId, channel: item.channel, state: 'active', since: now });
    const conversation = await this.store.write(async (tx) => {
      const c = await updateConversation(tx, item.conversationId, {
        state: 'active',
        assignedAgentId: agentId,
        lastAgentId: agentId,
        queueId: item.queueId,
      });
      await appendEvent(tx, {
        at: now,
        type: 'conversation/accepted',
        conversationId: c.id,
        agentId,
        queueId: c.queueId,
        channel: c.channel,
        data: { offerId, waitMs: now - item.enqueuedAt, channel: c.channel },
      });
      return c;
    });
    this.apply(result.effects);
    this.pushConversation(conversation);
    return conversation;
  }

  async reject(agentId: number, offerId: string, reason: string | undefined): Promise<void> {
    const offer = this.router.offer(offerId);
    const effects = this.router.reject(offerId, agentId, this.now());
    if (!effects || !offer) throw new HubError('not_found', 'no such open offer for you');
    this.track(
      this.store.write((tx) =>
        appendEvent(tx, {
          at: this.now(),
          type: 'conversation/rejected',
          conversationId: offer.item.conversationId,
          agentId,
          queueId: offer.item.queueId,
          channel: offer.item.channel,
          data: { offerId, reason: reason ?? null },
        }),
      ),
    );
    this.apply(effects);
  }

  async transfer(callerId: number, conversationId: number, to: Readonly<{ agentId: number } | { queueId: string }>, note: string | undefined): Promise<Conversation> {
    const held = this.requireHeldBy(callerId, conversationId);
    const now = this.now();
    if ('agentId' in to) {
      if (!this.agents.has(to.agentId)) throw new HubError('not_found', `agent ${to.agentId} does not exist`);
      if (to.agentId === held.agentId) throw new HubError('invalid_input', 'cannot transfer a conversation to the agent who holds it');
    } else if (!this.queues.has(to.queueId)) {
      throw new HubError('not_found', `queue ${to.queueId} does not exist`);
    }
    const queueId = 'queueId' in to ? to.queueId : held.queueId;
    this.held.delete(conversationId);
    const conversation = await this.store.write(async (tx) => {
      if (note) {
        await insertMessage(tx, { conversationId, direction: 'note', authorAgentId: callerId, bodyText: note, meta: { kind: 'transfer' }, at: now });
      }
      const c = await updateConversation(tx, conversationId, { state: 'queued', assignedAgentId: null, queueId, enqueuedAt: now });
      await appendEvent(tx, {
        at: now,
        type: 'conversation/transferred',
        conversationId,
        agentId: held.agentId,
        queueId,
        channel: held.channel,
        data: { fromQueue: held.queueId, toAgentId: 'agentId' in to ? to.agentId : null, toQueueId: queueId, note: note ?? null, by: callerId },
      });
      await appendEvent(tx, { at: now, type: 'conversation/queued', conversationId, queueId, channel: held.channel, data: { reason: 'transfer', fromQueue: held.queueId } });
      return c;
    });
    await this.loadCard(conversation);
    this.apply(this.router.release(held.agentId, held.channel, now));
    this.apply(
      this.router.enqueue(
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
    this.pushConversation(conversation, held.agentId);
    return conversation;
  }

  async wrapUp(callerId: number, conversationId: number): Promise<Conversation> {
    const held = this.requireHeldBy(callerId, conversationId);
    if (held.state === 'wrap_up') return this.requireConversation(conversationId);
    const now = this.now();
    held.state = 'wrap_up';
    const conversation = await this.store.write(async (tx) => {
      const c = await updateConversation(tx, conversationId, { state: 'wrap_up' });
      await appendEvent(tx, { at: now, type: 'conversation/wrapUp', conversationId, agentId: held.agentId, queueId: c.queueId, channel: c.channel });
      return c;
    });
    this.pushAgent(held.agentId);
    this.pushConversation(conversation);
    return conversation;
  }

  async close(callerId: number, conversationId: number, disposition: string, note: string | undefined): Promise<Conversation> {
    if (!this.config.dispositions.includes(disposition)) {
      throw new HubError('invalid_input', `unknown disposition "${disposition}"`, [
        { path: 'disposition', message: `one of: ${this.config.dispositions.join(', ')}` },
      ]);
    }
    const now = this.now();
    const held = this.held.get(conversationId);
    if (held) this.requireHeldBy(callerId, conversationId);
    else {
      // Not held by anyone: only a supervisor may close it (e.g. spam waiting in the queue).
      const caller = this.requireAgent(callerId);
      if (caller.role === 'agent') throw new HubError('forbidden', 'only the assigned agent or a supervisor can close this conversation');
      const current = await this.requireConversation(conversationId);
      if (current.state === 'closed' || current.state === 'abandoned') throw new HubError('conflict', 'conversation is already closed');
      this.apply(this.router.remove(conversationId, 'moved', now));
    }
    this.held.delete(conversationId);
    const conversation = await this.store.write(async (tx) => {
      if (note) await insertMessage(tx, { conversationId, direction: 'note', authorAgentId: callerId, bodyText: note, meta: { kind: 'wrap_up' }, at: now });
      const c = await updateConversation(tx, conversationId, { state: 'closed', closedAt: now, disposition, assignedAgentId: null });
      await appendEvent(tx, { at: now, type: 'conversation/closed', conversationId, agentId: held?.agentId ?? null, queueId: c.queueId, channel: c.channel, data: { disposition, by: callerId } });
      return c;
    });
    this.cards.delete(conversationId);
    if (held) this.apply(this.router.release(held.agentId, held.channel, now));
    this.pushConversation(conversation, held?.agentId);
    return conversation;
  }

  async sendMessage(callerId: number, conversationId: number, bodyText: string, internal: boolean, meta: Record<string, unknown> = {}): Promise<Message> {
    const held = this.requireHeldBy(callerId, conversationId);
    const conversation = await this.requireConversation(conversationId);
    const adapter = internal ? undefined : this.channels.get(conversation.channel);
    if (!internal && !adapter) throw new HubError('channel_unavailable', `the ${conversation.channel} channel is not configured on this hub`);
    const now = this.now();
    const message = await this.store.write(async (tx) => {
      const m = await insertMessage(tx, {
        conversationId,
        direction: internal ? 'note' : 'out',
        authorAgentId: callerId,
        bodyText,
        status: internal ? null : 'queued',
        meta,
        at: now,
      });
      if (!internal && conversation.firstResponseAt === null) await updateConversation(tx, conversationId, { firstResponseAt: now });
      await appendEvent(tx, {
        at: now,
        type: internal ? 'message/note' : 'message/out',
        conversationId,
        agentId: callerId,
        queueId: conversation.queueId,
        channel: conversation.channel,
        data: { messageId: m.id, heldBy: held.agentId },
      });
      return m;
    });
    this.pushMessage(conversation, message);
    if (adapter) {
      const agent = this.requireAgent(callerId);
      this.track(
        (async () => {
          try {
            await adapter.deliver({ conversation, message, agent });
          } catch (error) {
            this.log.warn({ err: error, messageId: message.id }, 'outbound delivery failed');
            await this.setMessageStatus(message.id, 'failed', { error: (error as Error).message });
          }
        })(),
      );
    }
    return message;
  }

  /**
   * An agent starts a conversation with a customer (SMS/email from the profile). It never waits in a queue:
   * it is active and held by the caller from the start and counts in their load. No conversation/accepted
   * event is written: outbound work is not an answered contact in the service-level figures.
   * With a threadKey, an open conversation on the same thread is returned when the caller holds it.
   */
  async openOutbound(
    agentId: number,
    o: Readonly<{ customerId: number; channel: ChannelKind; queueId: string; subject: string | null; threadKey: string | null }>,
  ): Promise<Conversation> {
    this.requireAgent(agentId);
    if (!this.channels.get(o.channel)) throw new HubError('channel_unavailable', `the ${o.channel} channel is not configured on this hub`);
    const queue = this.queues.get(o.queueId);
    if (!queue) throw new HubError('not_found', `queue ${o.queueId} does not exist`);
    if (!queue.channels.includes(o.channel)) {
      throw new HubError('invalid_input', `queue ${o.queueId} does not serve ${o.channel}`, [{ path: 'queueId', message: `not a ${o.channel} queue` }]);
    }
    if (o.threadKey !== null) {
      const open = await latestByThreadKey(this.store, o.threadKey);
      if (open && open.state !== 'closed' && open.state !== 'abandoned') {
        if (this.held.get(open.id)?.agentId === agentId) return open;
        throw new HubError('conflict', `the customer already has an open ${o.channel} conversation (${open.id}) on this number`);
      }
    }
    const now = this.now();
    const conversation = await this.store.write(async (tx) => {
      const created = await insertConversation(tx, { channel: o.channel, customerId: o.customerId, queueId: o.queueId, priority: 0, subject: o.subject, threadKey: o.threadKey, lastAgentId: agentId, at: now });
      const c = await updateConversation(tx, created.id, { state: 'active', assignedAgentId: agentId, enqueuedAt: null });
      await appendEvent(tx, { at: now, type: 'conversation/created', conversationId: c.id, agentId, queueId: c.queueId, channel: c.channel, data: { channel: c.channel, outbound: true } });
      return c;
    });
    this.router.addLoad(agentId, o.channel);
    this.held.set(conversation.id, { agentId, queueId: conversation.queueId, channel: conversation.channel, state: 'active', since: now });
    this.pushAgent(agentId);
    this.pushConversation(conversation);
    this.scheduleStats();
    return conversation;
  }

  async upsertAgent(input: AgentUpsert): Promise<StoredAgent> {
    const agent = await this.store.write((tx) => upsertAgent(tx, input, this.now()));
    const existing = this.agents.get(agent.id);
    const merged = existing ? { ...agent, presence: existing.presence, awayReason: existing.awayReason } : agent;
    this.agents.set(agent.id, merged);
    this.apply(this.router.upsertAgent({ id: agent.id, skills: agent.skills, capacity: agent.capacity, presence: merged.presence }, this.now()));
    return merged;
  }

  /** disabledAt null enables the agent again; the caller ends their sessions. */
  async setAgentDisabled(agentId: number, disabledAt: number | null): Promise<void> {
    await this.store.write((tx) => setAgentDisabled(tx, agentId, disabledAt));
    const agent = this.requireAgent(agentId);
    this.agents.set(agentId, { ...agent, disabledAt });
  }

  async upsertQueue(input: QueueInput): Promise<Queue> {
    const queue = QueueSchema.parse(input);
    await this.store.write((tx) => upsertQueue(tx, queue));
    this.queues.set(queue.id, queue);
    this.apply(this.router.upsertQueue(queue, this.now()));
    this.scheduleStats();
    return queue;
  }

  /**
   * Supervisor action on a contact that is waiting or being offered: move it to another queue, change its
   * priority, or pin it to one agent. Keeps its original age.
   */
  async moveWaiting(callerId: number, conversationId: number, change: Readonly<{ queueId?: string; priority?: number; targetAgentId?: number }>): Promise<Conversation> {
    const now = this.now();
    if (!this.router.isWaiting(conversationId) && !this.router.isOffered(conversationId)) {
      throw new HubError('conflict', `conversation ${conversationId} is not waiting in a queue`);
    }
    if (change.queueId !== undefined && !this.queues.has(change.queueId)) throw new HubError('not_found', `queue ${change.queueId} does not exist`);
    if (change.targetAgentId !== undefined && !this.agents.has(change.targetAgentId)) throw new HubError('not_found', `agent ${change.targetAgentId} does not exist`);
    const before = await this.requireConversation(conversationId);
    const conversation = await this.store.write(async (tx) => {
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
        data: { fromQueue: before.queueId, toQueue: c.queueId, fromPriority: before.priority, toPriority: c.priority, targetAgentId: change.targetAgentId ?? null },
      });
      return c;
    });
    if (change.targetAgentId !== undefined) {
      this.apply(this.router.remove(conversationId, 'moved', now));
      this.apply(
        this.router.enqueue(
          { conversationId, queueId: conversation.queueId, channel: conversation.channel, priority: conversation.priority, enqueuedAt: conversation.enqueuedAt ?? conversation.createdAt, targetAgentId: change.targetAgentId },
          now,
        ),
      );
    } else {
      this.apply(this.router.requeue(conversationId, { queueId: change.queueId, priority: change.priority }, now));
    }
    this.scheduleStats();
    this.pushConversation(conversation);
    return conversation;
  }

  /** Is an outbound adapter registered for this channel (its module configured and running)? */
  hasChannel(channel: ChannelKind): boolean {
    return this.channels.get(channel) !== undefined;
  }

  /** Who holds a conversation now (active or wrap-up), if anyone. */
  holderOf(conversationId: number): number | null {
    return this.held.get(conversationId)?.agentId ?? null;
  }

  /** Conversations held per agent (the supervisor's agent grid). */
  heldConversations(): ReadonlyArray<Readonly<{ conversationId: number; agentId: number; queueId: string; channel: ChannelKind; state: 'active' | 'wrap_up'; since: number | null }>> {
    return [...this.held].map(([conversationId, h]) => ({ conversationId, ...h }));
  }

  // ---- reads ---------------------------------------------------------------------------------------

  hasAgents(): boolean {
    return this.agents.size > 0;
  }

  agent(agentId: number): StoredAgent | undefined {
    return this.agents.get(agentId);
  }

  agentByUsername(username: string): StoredAgent | undefined {
    for (const agent of this.agents.values()) if (agent.username === username) return agent;
    return undefined;
  }

  async refreshAgent(agentId: number): Promise<StoredAgent | undefined> {
    const stored = await findAgent(this.store, agentId);
    if (stored) this.agents.set(agentId, stored);
    return stored;
  }

  listQueues(): Queue[] {
    return [...this.queues.values()];
  }

  queue(queueId: string): Queue | undefined {
    return this.queues.get(queueId);
  }

  snapshot(agentId: number, inWrapUp: ReadonlySet<number> = this.agentsInWrapUp()): AgentSnapshot {
    const agent = this.requireAgent(agentId);
    const routing = this.router.agent(agentId);
    const connected = (this.connections.get(agentId) ?? 0) > 0;
    const state = this.agentState(agentId, inWrapUp);
    return {
      id: agent.id,
      username: agent.username,
      displayName: agent.displayName,
      role: agent.role,
      skills: agent.skills,
      capacity: agent.capacity,
      presence: agent.presence,
      awayReason: agent.awayReason,
      state,
      stateSince: this.stateSince.get(agentId)?.since ?? this.now(),
      load: routing ? { ...routing.load } : { voice: 0, chat: 0, email: 0, sms: 0 },
      missedOffers: routing?.missedInRow ?? 0,
      connected,
    };
  }

  snapshots(): AgentSnapshot[] {
    // One pass over held conversations for all agents (stats and board pushes call this often).
    const inWrapUp = this.agentsInWrapUp();
    return [...this.agents.keys()].map((id) => this.snapshot(id, inWrapUp));
  }

  private agentsInWrapUp(): Set<number> {
    const agents = new Set<number>();
    for (const h of this.held.values()) if (h.state === 'wrap_up') agents.add(h.agentId);
    return agents;
  }

  offersFor(agentId: number): Offer[] {
    return this.router.offersOf(agentId).map((o) => this.toOffer(o));
  }

  queueStats(): QueueStats[] {
    const snapshots = this.snapshots();
    return [...this.queues.values()].map((queue) => {
      const waiting = this.router.waitingIn(queue.id);
      let active = 0;
      for (const h of this.held.values()) if (h.queueId === queue.id) active += 1;
      const serving = snapshots.filter((a) => this.router.canAgentServe(a.id, queue.id));
      return {
        queueId: queue.id,
        waiting: waiting.length,
        oldestWaitingSince: this.router.oldestWaitingSince(queue.id),
        offered: this.router.offeredCount(queue.id),
        active,
        agentsAvailable: serving.filter((a) => a.state === 'available').length,
        agentsBusy: serving.filter((a) => a.state === 'busy' || a.state === 'wrap_up').length,
        agentsAway: serving.filter((a) => a.state === 'away' || a.state === 'away_missed').length,
      };
    });
  }

  /** May this caller act on the conversation? The holder may; supervisors and admins may always. */
  requireHeldBy(callerId: number, conversationId: number): Held {
    const held = this.held.get(conversationId);
    if (!held) throw new HubError('conflict', `conversation ${conversationId} is not active with an agent`);
    const caller = this.requireAgent(callerId);
    if (held.agentId !== callerId && caller.role === 'agent') {
      throw new HubError('forbidden', 'this conversation is assigned to another agent');
    }
    return held;
  }

  async requireConversation(conversationId: number): Promise<Conversation> {
    const c = await getConversation(this.store, conversationId);
    if (!c) throw new HubError('not_found', `conversation ${conversationId} not found`);
    return c;
  }

  // ---- effects -------------------------------------------------------------------------------------

  /** Turns router decisions into pushes (at once) and durable events (through the group-commit writer). */
  private apply(effects: readonly RoutingEffect[]): void {
    if (effects.length === 0) return;
    const now = this.now();
    const changedAgents = new Set<number>();
    for (const effect of effects) {
      switch (effect.type) {
        case 'offer': {
          const { offer } = effect;
          this.pusher?.to(agentRoom(offer.agentId)).emit('offer/new', this.toOffer(offer));
          this.track(this.persistOffer(offer));
          break;
        }
        case 'revoke': {
          const { offer, reason } = effect;
          this.pusher?.to(agentRoom(offer.agentId)).emit('offer/revoked', { offerId: offer.offerId, conversationId: offer.item.conversationId, reason });
          if (reason === 'timeout' || reason === 'agent_unavailable' || reason === 'moved') {
            this.track(this.persistRevoke(offer, reason, now));
          } else if (reason === 'rejected') {
            this.track(this.store.write((tx) => updateConversation(tx, offer.item.conversationId, { state: 'queued' })));
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
      const routing = this.router.agent(agentId);
      const stored = this.agents.get(agentId);
      if (routing && stored && routing.presence === 'away_missed' && stored.presence !== 'away_missed') {
        this.track(this.setPresence(agentId, 'away_missed', null));
        continue;
      }
      this.pushAgent(agentId);
    }
    this.scheduleStats();
  }

  private async persistOffer(offer: ActiveOffer): Promise<void> {
    const { item } = offer;
    await this.store.write(async (tx) => {
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
    await this.store.write(async (tx) => {
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

  private toOffer(offer: ActiveOffer): Offer {
    const card = this.cards.get(offer.item.conversationId);
    return {
      offerId: offer.offerId,
      conversationId: offer.item.conversationId,
      agentId: offer.agentId,
      channel: offer.item.channel,
      queueId: offer.item.queueId,
      customer: card?.customer ?? { id: 0, displayName: 'Unknown', identities: [] },
      subject: card?.subject ?? null,
      preview: card?.preview ?? '',
      waitingSince: offer.item.enqueuedAt,
      expiresAt: offer.expiresAt,
      reason: offer.reason,
      transferNote: offer.item.transferNote,
    };
  }

  private async loadCard(c: Conversation): Promise<void> {
    const customer = await getCustomerSummary(this.store, c.customerId);
    this.cards.set(c.id, {
      customer: customer ?? { id: c.customerId, displayName: 'Unknown', identities: [] },
      subject: c.subject,
      preview: await firstInboundPreview(this.store, c.id),
    });
  }

  private agentState(agentId: number, inWrapUp: ReadonlySet<number>): AgentState {
    const agent = this.agents.get(agentId);
    const routing = this.router.agent(agentId);
    const connected = (this.connections.get(agentId) ?? 0) > 0;
    let state: AgentState;
    if (!agent || !connected || agent.presence === 'offline') state = 'offline';
    else if (agent.presence === 'away' || agent.presence === 'away_missed') state = agent.presence;
    else {
      const load = routing?.load;
      const busy = load ? load.voice + load.chat + load.email + load.sms > 0 : false;
      state = inWrapUp.has(agentId) ? 'wrap_up' : busy ? 'busy' : 'available';
    }
    const previous = this.stateSince.get(agentId);
    if (!previous || previous.state !== state) this.stateSince.set(agentId, { state, since: this.now() });
    return state;
  }

  private pushAgent(agentId: number): void {
    if (!this.pusher || !this.agents.has(agentId)) return;
    const snapshot = this.snapshot(agentId);
    this.pusher.to([agentRoom(agentId), SUPERVISORS]).emit('agent/updated', snapshot);
  }

  /** Modules (e.g. web chat) follow conversation changes here; returns an unsubscribe function. */
  onConversationUpdated(listener: (c: Conversation) => void): () => void {
    this.conversationListeners.add(listener);
    return () => this.conversationListeners.delete(listener);
  }

  /** Every stored message (in, out, note) after commit; returns an unsubscribe function. */
  onMessage(listener: (c: Conversation, m: Message) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  private notify<A extends unknown[]>(listeners: ReadonlySet<(...args: A) => void>, ...args: A): void {
    for (const listener of listeners) {
      try {
        listener(...args);
      } catch (error) {
        this.log.error({ err: error }, 'listener failed');
      }
    }
  }

  private pushConversation(conversation: Conversation, previousAgentId?: number | null): void {
    this.notify(this.conversationListeners, conversation);
    if (!this.pusher) return;
    const rooms = [SUPERVISORS];
    if (conversation.assignedAgentId !== null) rooms.push(agentRoom(conversation.assignedAgentId));
    if (previousAgentId != null && previousAgentId !== conversation.assignedAgentId) rooms.push(agentRoom(previousAgentId));
    this.pusher.to(rooms).emit('conversation/updated', conversation);
  }

  private pushMessage(conversation: Conversation, message: Message): void {
    this.notify(this.messageListeners, conversation, message);
    if (!this.pusher) return;
    // Message bodies go to the agent holding the conversation and to supervisors monitoring it, not to
    // every supervisor: a board of hundreds of live conversations would drown in text.
    const rooms = [monitorRoom(conversation.id)];
    const held = this.held.get(conversation.id);
    if (held) rooms.push(agentRoom(held.agentId));
    this.pusher.to(rooms).emit('message/new', message);
  }

  private scheduleStats(): void {
    if (!this.pusher || this.shuttingDown) return;
    this.statsTimer ??= setTimeout(() => {
      this.statsTimer = null;
      this.pusher?.to(SUPERVISORS).emit('queue/stats', this.queueStats());
    }, this.config.statsPushMs);
    this.agentStatsTimer ??= setTimeout(() => {
      this.agentStatsTimer = null;
      this.pusher?.to(AGENTS).emit('queue/stats', this.queueStats());
    }, this.config.agentStatsPushMs);
  }

  private requireAgent(agentId: number): StoredAgent {
    const agent = this.agents.get(agentId);
    if (!agent) throw new HubError('not_found', `agent ${agentId} not found`);
    return agent;
  }

  private track(promise: Promise<unknown>): void {
    const tracked = promise.catch((error: unknown) => this.log.error({ err: error }, 'background write failed'));
    this.background.add(tracked);
    void tracked.finally(() => this.background.delete(tracked));
  }
}

export { requireConversation };
