import type { Connection } from '../connection';
import { sql } from '../sql';

/**
 * The latest customer text of many conversations in one statement (offer cards of every contact waiting at
 * start-up): one backward step on message_conversation per conversation, never a scan of the message table.
 * Same text as firstInboundPreview for each.
 */
export async function latestInboundPreviews(
  db: Pick<Connection, 'all' | 'engine'>,
  conversationIds: readonly number[],
): Promise<Map<number, string>> {
  const previews = new Map<number, string>();
  if (conversationIds.length === 0) return previews;
  const ids = JSON.stringify(conversationIds);
  // PostgreSQL has no json_each over an array: the same list through jsonb_array_elements_text.
  const query =
    db.engine === 'postgres'
      ? sql`
    SELECT j.id AS conversation_id,
      (SELECT m.body_text FROM message m WHERE m.conversation_id = j.id AND m.direction = 'in' ORDER BY m.id DESC LIMIT 1) AS body_text
    FROM (SELECT value::bigint AS id FROM jsonb_array_elements_text(${ids}::jsonb)) j`
      : sql`
    SELECT j.value AS conversation_id,
      (SELECT m.body_text FROM message m WHERE m.conversation_id = j.value AND m.direction = 'in' ORDER BY m.id DESC LIMIT 1) AS body_text
    FROM json_each(${ids}) j`;
  const rows = await db.all<{ conversation_id: number | string; body_text: string | null }>(query);
  for (const r of rows) previews.set(Number(r.conversation_id), (r.body_text ?? '').slice(0, 200));
  return previews;
}
