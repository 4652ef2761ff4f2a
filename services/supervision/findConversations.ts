import type { CountryCode } from 'libphonenumber-js';
import type { ConversationLookupHit, conversationLookupCommands } from '../contracts';
import type { HandlerTable } from '../hub/commands';
import { customerSummaries, identitiesOfCustomers } from '../customers/repo';
import { searchCustomers } from '../customers/search';
import { toConversation } from '../store/repos/conversations';
import { conversationsForLookup } from './repo';

/**
 * Conversation control's look-up: "#1234" or a bare number is a conversation; anything else (a name, a
 * phone number, an email address) goes through the customer search, and each customer's newest
 * conversations come back, open ones first, with a preview and who holds them.
 */
export const findConversationsHandlers: HandlerTable<keyof typeof conversationLookupCommands> = {
  'supervisor/findConversations': async (input, { store, config }) => {
    const asId = /^#?(\d{1,15})$/.exec(input.query);
    const conversationIds = asId ? [Number(asId[1])] : [];
    const hits = await searchCustomers(store, input.query, 8, config.defaultRegion as CountryCode);
    const rows = await conversationsForLookup(store, { customerIds: hits.map((h) => h.customerId), conversationIds, limit: input.limit });
    if (rows.length === 0) return [];
    const customerIds = [...new Set(rows.map((r) => r.customer_id))];
    const names = new Map((await customerSummaries(store, customerIds)).map((c) => [c.id, c.display_name]));
    const identities = await identitiesOfCustomers(store, customerIds);
    return rows.map((row): ConversationLookupHit => {
      const conversation = toConversation(row);
      return {
        conversation,
        customer: {
          id: conversation.customerId,
          displayName: names.get(conversation.customerId) ?? `Customer #${conversation.customerId}`,
          identities: identities.filter((i) => i.customer_id === conversation.customerId).map((i) => ({ kind: i.kind, value: i.value })),
        },
        preview: row.first_line,
        agentName: row.agent_name,
      };
    });
  },
};
