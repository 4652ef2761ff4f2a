import type { Conversation, CustomerSummary, Offer } from '../../contracts';
import type { ActiveOffer } from '../../routing/types';
import { getCustomerSummaries, getCustomerSummary } from '../../store/repos/customers';
import { latestInboundPreviews } from '../../store/repos/inboundPreviews';
import { firstInboundPreview } from '../../store/repos/messages';
import type { Store } from '../../store/store';

/** The start of the customer's text that an offer toast shows. */
export const previewOf = (bodyText: string): string => bodyText.slice(0, 200);

/** What an offer toast shows. */
export type OfferCard = { customer: CustomerSummary; subject: string | null; preview: string };

/** Cards of waiting contacts, cached so making an offer never waits on the database. */
export class OfferCards {
  private readonly cards = new Map<number, OfferCard>();

  constructor(private readonly store: Store) {}

  remember(conversationId: number, card: OfferCard): void {
    this.cards.set(conversationId, card);
  }

  /** A new message on a waiting contact: the toast shows the latest text. */
  updatePreview(conversationId: number, bodyText: string): void {
    const card = this.cards.get(conversationId);
    if (card) card.preview = previewOf(bodyText);
  }

  forget(conversationId: number): void {
    this.cards.delete(conversationId);
  }

  /** Builds the card from the store (a contact waiting at startup, or one requeued by a transfer). */
  async load(c: Conversation): Promise<void> {
    const customer = await getCustomerSummary(this.store, c.customerId);
    this.cards.set(c.id, {
      customer: customer ?? { id: c.customerId, displayName: 'Unknown', identities: [] },
      subject: c.subject,
      preview: await firstInboundPreview(this.store, c.id),
    });
  }

  /**
   * The cards of every contact waiting at start-up, a chunk of conversations per statement: one query pair
   * per contact made a restart with 10,000 waiting take seconds of round trips before it served anything.
   */
  async loadMany(conversations: readonly Conversation[], chunk = 1000): Promise<void> {
    for (let i = 0; i < conversations.length; i += chunk) {
      const part = conversations.slice(i, i + chunk);
      const customers = await getCustomerSummaries(
        this.store,
        part.map((c) => c.customerId),
      );
      const previews = await latestInboundPreviews(
        this.store,
        part.map((c) => c.id),
      );
      for (const c of part) {
        this.cards.set(c.id, {
          customer: customers.get(c.customerId) ?? { id: c.customerId, displayName: 'Unknown', identities: [] },
          subject: c.subject,
          preview: previews.get(c.id) ?? '',
        });
      }
    }
  }

  toOffer(offer: ActiveOffer): Offer {
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
}
