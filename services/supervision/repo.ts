import type { Connection } from '../store/store';
import { join, sql } from '../store/sql';
import type { DbConversation } from '../store/repos/conversations';

type Reader = Pick<Connection, 'all'>;

export type LookupRow = DbConversation & { first_line: string | null; agent_name: string | null };

/** The newest conversations of these customers, or these conversation ids, with first line and holder. */
export async function conversationsForLookup(
  db: Reader,
  q: Readonly<{ customerIds: readonly number[]; conversationIds: readonly number[]; limit: number }>,
): Promise<LookupRow[]> {
  const none = sql`NULL`;
  const customers = q.customerIds.length ? join(q.customerIds.map((id) => sql`${id}`)) : none;
  const conversations = q.conversationIds.length ? join(q.conversationIds.map((id) => sql`${id}`)) : none;
  return db.all<LookupRow>(sql`
    SELECT c.*, a.display_name AS agent_name FROM conversation c
    LEFT JOIN agent a ON a.id = coalesce(c.assigned_agent_id, c.last_agent_id)
    WHERE c.id IN (${conversations}) OR c.customer_id IN (${customers})
    ORDER BY c.id IN (${conversations}) DESC, c.closed_at IS NOT NULL, c.created_at DESC
    LIMIT ${q.limit}`);
}
