import type { Connection } from '../connection';
import { sql } from '../sql';

/**
 * The latest customer text of many conversations in one statement (offer cards of every contact waiting at
 * start-up): one backward step on message_conversation per conversation, never a scan of the message table.
 * Same text as firstInboundPreview for each. The id list goes through `IN (SELECT value FROM json_each(?))`,
 * which the PostgreSQL store translates to `= ANY(?)` (a bare `FROM json_each(?)` has no PostgreSQL spelling:
 * a team-mode hub failed to take over routing on it).
 */
export async function latestInboundPreviews(db: Pick<Connection, 'all'>, conversationIds: readonly number[]): Promise<Map<number, string>> {
  const previews = new Map<number, string>();
  if (conversationIds.length === 0) return previews;
  const rows = await db.all<{ conversation_id: number; body_text: string | null }>(sql`
    SELECT c.id AS conversation_id,
      (SELECT m.body_text FROM message m WHERE m.conversation_id = c.id AND m.direction = 'in' ORDER BY m.id DESC LIMIT 1) AS body_text
    FROM conversation c WHERE c.id IN (SELECT value FROM json_each(${JSON.stringify(conversationIds)}))`);
  for (const r of rows) previews.set(r.conversation_id, (r.body_text ?? '').slice(0, 200));
  return previews;
}
