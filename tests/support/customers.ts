import { sql } from '../../services/store/sql';
import type { Store } from '../../services/store/store';

/** Everything that belongs to one customer record, in a comparable form (for "nothing lost" checks). */
export async function customerSnapshot(store: Store, customerId: number) {
  return {
    customer: await store.get(sql`SELECT id, display_name, company, attributes, tags, merged_into FROM customer WHERE id = ${customerId}`),
    identities: await store.all(sql`SELECT id, kind, value, shared FROM identity WHERE customer_id = ${customerId} ORDER BY id`),
    conversations: await store.all(
      sql`SELECT id, channel, state, first_line, message_count FROM conversation WHERE customer_id = ${customerId} ORDER BY id`,
    ),
    messages: await store.all(
      sql`SELECT m.id, m.body_text FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE c.customer_id = ${customerId} ORDER BY m.id`,
    ),
    notes: await store.all(sql`SELECT id, body, author_agent_id FROM customer_note WHERE customer_id = ${customerId} ORDER BY id`),
  };
}
