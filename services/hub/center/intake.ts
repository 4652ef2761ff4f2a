import { channelNotSetUp, HubError, type ChannelKind, type Conversation } from '../../contracts';
import { ingestInbound, type IngestOptions, type IngestResult } from '../../ingest/ingest';
import type { InboundEvent } from '../../ingest/inbound';
import type { Router } from '../../routing/router';
import { getConversation, insertConversation, latestByThreadKey, updateConversation } from '../../store/repos/conversations';
import { getCustomerSummary } from '../../store/repos/customers';
import { lastServedBy } from '../../store/repos/lastServed';
import { appendEvent } from '../../store/repos/events';
import type { Store } from '../../store/store';
import type { ChannelRegistry } from '../channels';
import type { HubConfig } from '../config';
import type { RoutingEffects } from './effects';
import type { HeldConversations } from './held';
import { previewOf, type OfferCards } from './offerCards';
import type { CenterPushes } from './pushes';
import type { QueueDirectory } from './queues';
import type { AgentRoster } from './roster';

export type IntakeParts = Readonly<{
  store: Store;
  config: Pick<HubConfig, 'reopenWindowHours' | 'stickyWindowHours' | 'defaultRegion'>;
  channels: ChannelRegistry;
  router: Router;
  roster: AgentRoster;
  queues: QueueDirectory;
  held: HeldConversations;
  cards: OfferCards;
  effects: RoutingEffects;
  pushes: CenterPushes;
  now: () => number;
}>;

/** How contacts start and end before anyone serves them: inbound messages, abandons, agent-started conversations. */
export class Intake {
  constructor(private readonly parts: IntakeParts) {}

  /**
   * Built once and rebuilt only when the config's windows or region change: every inbound message reads it,
   * and a fresh object with a fresh closure per message was garbage (and, in builds that keep function
   * names, a property redefinition) on the hottest path.
   */
  get ingestOptions(): IngestOptions {
    const { config } = this.parts;
    const cached = this.options;
    if (
      cached?.reopenWindowMs === config.reopenWindowHours * 3600_000 &&
      cached.stickyWindowMs === config.stickyWindowHours * 3600_000 &&
      cached.defaultRegion === config.defaultRegion
    )
      return cached;
    const { queues, now } = this.parts;
    this.options = {
      reopenWindowMs: config.reopenWindowHours * 3600_000,
      stickyWindowMs: config.stickyWindowHours * 3600_000,
      // The queue's current window, read when a message needs it (queues are edited live).
      stickyWindowMsOf: (queueId) => {
        const hours = queues.get(queueId)?.stickyWindowHours;
        return hours === undefined ? undefined : hours * 3600_000;
      },
      defaultRegion: config.defaultRegion as IngestOptions['defaultRegion'],
      now,
    };
    return this.options;
  }

  private options: IngestOptions | undefined;

  /** The channels' entry point: commit first (the caller may then acknowledge), then route. */
  async ingest(event: InboundEvent): Promise<IngestResult> {
    const { store, router, cards, effects, pushes, now } = this.parts;
    const result = await ingestInbound(store, event, this.ingestOptions);
    const { conversation, message } = result;
    switch (result.outcome) {
      case 'duplicate':
        return result;
      case 'created':
      case 'reopened': {
        const customer = result.customer ?? (await getCustomerSummary(store, result.customerId));
        cards.remember(conversation.id, {
          customer: customer ?? { id: result.customerId, displayName: 'Unknown', identities: [] },
          subject: conversation.subject,
          preview: previewOf(message.bodyText),
        });
        const stickyAgentId =
          result.outcome === 'created' && !result.newCustomer
            ? await this.stickyAgentOf(result.customerId, conversation)
            : conversation.lastAgentId;
        effects.apply(
          router.enqueue(
            {
              conversationId: conversation.id,
              queueId: conversation.queueId,
              channel: conversation.channel,
              priority: conversation.priority,
              enqueuedAt: conversation.enqueuedAt ?? conversation.createdAt,
              stickyAgentId,
            },
            now(),
          ),
        );
        pushes.conversation(conversation);
        pushes.scheduleStats();
        break;
      }
      case 'appended':
        cards.updatePreview(conversation.id, message.bodyText);
        break;
      case 'stored':
        break;
    }
    pushes.message(conversation, message);
    return result;
  }

  /**
   * Stickiness is per customer, across channels: a new contact goes first to the agent who last served this
   * customer on any channel (an SMS after a call, a call after an email), when that was within the sticky
   * window. The router offers it to them only if they can take it now; otherwise it is ordinary queue work.
   * The thread's own last agent (ingest) is the answer when the customer has no other served conversation.
   */
  private async stickyAgentOf(customerId: number, conversation: Conversation): Promise<number | null> {
    const { store, config, queues, now } = this.parts;
    // The queue's own window when it sets one (0 turns stickiness off for that queue), else the hub's.
    const windowMs = (queues.get(conversation.queueId)?.stickyWindowHours ?? config.stickyWindowHours) * 3600_000;
    if (windowMs === 0) return null;
    const last = await lastServedBy(store, customerId, conversation.id);
    if (!last) return conversation.lastAgentId;
    return last.at === null || now() - last.at <= windowMs ? last.agentId : null;
  }

  /** The customer left before being served (caller hung up, visitor closed the chat). */
  async abandon(conversationId: number, reason: string): Promise<Conversation | undefined> {
    const { store, router, cards, effects, pushes } = this.parts;
    const now = this.parts.now();
    const current = await getConversation(store, conversationId);
    if (!current || (current.state !== 'queued' && current.state !== 'offered')) return current;
    effects.apply(router.remove(conversationId, 'abandoned', now));
    const conversation = await store.write(async (tx) => {
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
    cards.forget(conversationId);
    pushes.conversation(conversation);
    pushes.scheduleStats();
    return conversation;
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
    const { store, channels, router, roster, queues, held, pushes } = this.parts;
    roster.require(agentId);
    if (!channels.get(o.channel)) throw new HubError('channel_unavailable', channelNotSetUp(o.channel));
    const queue = queues.get(o.queueId);
    if (!queue) throw new HubError('not_found', `queue ${o.queueId} does not exist`);
    if (!queue.channels.includes(o.channel)) {
      throw new HubError('invalid_input', `queue ${o.queueId} does not serve ${o.channel}`, [
        { path: 'queueId', message: `not a ${o.channel} queue` },
      ]);
    }
    if (o.threadKey !== null) {
      const open = await latestByThreadKey(store, o.threadKey);
      if (open && open.state !== 'closed' && open.state !== 'abandoned') {
        if (held.get(open.id)?.agentId === agentId) return open;
        throw new HubError('conflict', `the customer already has an open ${o.channel} conversation (${open.id}) on this number`);
      }
    }
    const now = this.parts.now();
    const conversation = await store.write(async (tx) => {
      const created = await insertConversation(tx, {
        channel: o.channel,
        customerId: o.customerId,
        queueId: o.queueId,
        priority: 0,
        subject: o.subject,
        threadKey: o.threadKey,
        lastAgentId: agentId,
        at: now,
      });
      const c = await updateConversation(tx, created.id, { state: 'active', assignedAgentId: agentId, enqueuedAt: null });
      await appendEvent(tx, {
        at: now,
        type: 'conversation/created',
        conversationId: c.id,
        agentId,
        queueId: c.queueId,
        channel: c.channel,
        data: { channel: c.channel, outbound: true },
      });
      return c;
    });
    router.addLoad(agentId, o.channel);
    held.hold(conversation.id, { agentId, queueId: conversation.queueId, channel: conversation.channel, state: 'active', since: now });
    pushes.agent(agentId);
    pushes.conversation(conversation);
    pushes.scheduleStats();
    return conversation;
  }
}
