import type { Connection } from '../connection';
import { sql } from '../sql';

/**
 * The agent who last served this customer on any channel, and when: the newest of their other conversations
 * that an agent took (active, in wrap-up or closed after being served), with the time it ended (now, while it
 * is still open). Walks conversation_customer newest first; a customer's history is short.
 */
export async function lastServedBy(
  db: Pick<Connection, 'all'>,
  customerId: number,
  exceptConversationId: number,
): Promise<{ agentId: number; at: number | null } | undefined> {
  const rows = await db.all<{ agent_id: number; closed_at: number | null; state: string }>(sql`
    SELECT COALESCE(assigned_agent_id, last_agent_id) AS agent_id, closed_at, state
    FROM conversation
    WHERE customer_id = ${customerId} AND id != ${exceptConversationId}
      AND state IN ('active', 'wrap_up', 'closed')
      AND COALESCE(assigned_agent_id, last_agent_id) IS NOT NULL
      AND (disposition IS NULL OR disposition != 'auto_reply')
    ORDER BY created_at DESC
    LIMIT 1`);
  const row = rows[0];
  if (!row) return undefined;
  return { agentId: row.agent_id, at: row.state === 'closed' ? row.closed_at : null };
}
