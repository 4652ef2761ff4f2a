import { HubError, type Conversation } from '../../contracts';
import type { Router } from '../../routing/router';
import { updateConversation } from '../../store/repos/conversations';
import { appendEvent, lastAcceptedOfferId } from '../../store/repos/events';
import { insertMessage } from '../../store/repos/messages';
import type { Store } from '../../store/store';
import type { HubConfig } from '../config';
import type { BackgroundWrites } from './background';
import type { RoutingEffects } from './effects';
import type { HeldConversations } from './held';
import { conversationOrNotFound } from './lookup';
import type { OfferCards } from './offerCards';
import type { CenterPushes } from './pushes';
import type { AgentRoster } from './roster';

export type HandlingParts = Readonly<{
  store: Store;
  config: Pick<HubConfig, 'dispositions'>;
  router: Router;
  roster: AgentRoster;
  held: HeldConversations;
  cards: OfferCards;
  effects: RoutingEffects;
  pushes: CenterPushes;
  background: BackgroundWrites;
  now: () => number;
}>;

/** An agent's answer to an offer and the end of the work: accept, reject, wrap-up, close. */
export class Handling {
  constructor(private readonly parts: HandlingParts) {}

  async accept(agentId: number, offerId: string): Promise<Conversation> {
    const { store, router, held, effects, pushes } = this.parts;
    const now = this.parts.now();
    const result = router.accept(offerId, agentId, now);
    if (!result.ok && result.reason === 'no_such_offer') {
      const again = await this.acceptedBefore(agentId, offerId);
      if (again) return again;
    }
    if (!result.ok) {
      throw result.reason === 'not_yours'
        ? new HubError('forbidden', 'this offer was made to another agent')
        : new HubError('conflict', 'the offer is no longer open (expired, taken or withdrawn)');
    }
    effects.accepted(result.offer);
    const { item } = result.offer;
    held.hold(item.conversationId, { agentId, queueId: item.queueId, channel: item.channel, state: 'active', since: now });
    const conversation = await store.write(async (tx) => {
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
    effects.apply(result.effects);
    pushes.conversation(conversation);
    return conversation;
  }

  /**
   * Team mode: an accept the previous router applied and committed, whose answer died with its hub, is
   * sent again to the new router by the agent's hub. The agent holds that conversation now (the rebuild
   * read it from the database), so the answer is the same as the first time, not "no longer open".
   */
  private async acceptedBefore(agentId: number, offerId: string): Promise<Conversation | null> {
    const { store, held } = this.parts;
    for (const h of held.list()) {
      if (h.agentId !== agentId || h.state !== 'active') continue;
      if ((await lastAcceptedOfferId(store, h.conversationId)) === offerId) return conversationOrNotFound(store, h.conversationId);
    }
    return null;
  }

  async reject(agentId: number, offerId: string, reason: string | undefined): Promise<void> {
    const { store, router, effects, background, now } = this.parts;
    const offer = router.offer(offerId);
    const decided = router.reject(offerId, agentId, now());
    if (!decided || !offer) throw new HubError('not_found', 'no such open offer for you');
    background.track(
      store.write((tx) =>
        appendEvent(tx, {
          at: now(),
          type: 'conversation/rejected',
          conversationId: offer.item.conversationId,
          agentId,
          queueId: offer.item.queueId,
          channel: offer.item.channel,
          data: { offerId, reason: reason ?? null },
        }),
      ),
    );
    effects.apply(decided);
  }

  async wrapUp(callerId: number, conversationId: number): Promise<Conversation> {
    const { store, pushes } = this.parts;
    const held = this.parts.held.requireHeldBy(callerId, conversationId);
    if (held.state === 'wrap_up') return conversationOrNotFound(store, conversationId);
    const now = this.parts.now();
    held.state = 'wrap_up';
    const conversation = await store.write(async (tx) => {
      const c = await updateConversation(tx, conversationId, { state: 'wrap_up' });
      await appendEvent(tx, {
        at: now,
        type: 'conversation/wrapUp',
        conversationId,
        agentId: held.agentId,
        queueId: c.queueId,
        channel: c.channel,
      });
      return c;
    });
    pushes.agent(held.agentId);
    pushes.conversation(conversation);
    return conversation;
  }

  async close(callerId: number, conversationId: number, disposition: string, note: string | undefined): Promise<Conversation> {
    const { store, config, router, roster, cards, effects, pushes } = this.parts;
    if (!config.dispositions.includes(disposition)) {
      throw new HubError('invalid_input', `unknown disposition "${disposition}"`, [
        { path: 'disposition', message: `one of: ${config.dispositions.join(', ')}` },
      ]);
    }
    const now = this.parts.now();
    const held = this.parts.held.get(conversationId);
    if (held) this.parts.held.requireHeldBy(callerId, conversationId);
    else {
      // Not held by anyone: only a supervisor may close it (e.g. spam waiting in the queue).
      const caller = roster.require(callerId);
      if (caller.role === 'agent') throw new HubError('forbidden', 'only the assigned agent or a supervisor can close this conversation');
      const current = await conversationOrNotFound(store, conversationId);
      if (current.state === 'closed' || current.state === 'abandoned') throw new HubError('conflict', 'conversation is already closed');
      effects.apply(router.remove(conversationId, 'moved', now));
    }
    this.parts.held.release(conversationId);
    const conversation = await store.write(async (tx) => {
      if (note)
        await insertMessage(tx, {
          conversationId,
          direction: 'note',
          authorAgentId: callerId,
          bodyText: note,
          meta: { kind: 'wrap_up' },
          at: now,
        });
      const c = await updateConversation(tx, conversationId, { state: 'closed', closedAt: now, disposition, assignedAgentId: null });
      await appendEvent(tx, {
        at: now,
        type: 'conversation/closed',
        conversationId,
        agentId: held?.agentId ?? null,
        queueId: c.queueId,
        channel: c.channel,
        data: { disposition, by: callerId },
      });
      return c;
    });
    cards.forget(conversationId);
    if (held) effects.apply(router.release(held.agentId, held.channel, now));
    pushes.conversation(conversation, held?.agentId);
    return conversation;
  }
}
