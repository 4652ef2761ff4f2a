import type { Connection } from '../connection';
import { sql } from '../sql';

/**
 * The latest customer text of many conversations in one statement (offer cards of every contact waiting at
 * start-up, or at a team-mode takeover): the newest inbound id per conversation from the message_conversation
 * index, then those rows by id; never a scan of the message table. Same text as firstInboundPreview for each.
 * Written in the one form both engines run (PostgreSQL reads the id list as `= ANY(array)`).
 */
export async function latestInboundPreviews(db: Pick<Connection, 'all'>, conversationIds: readonly number[]): Promise<Map<number, string>> {
  const previews = new Map<number, string>();
  if (conversationIds.length === 0) return previews;
  const rows = await db.all<{ conversation_id: number; body_text: string | null }>(sql`
    SELECT m.conversation_id, m.body_text FROM message m
    WHERE m.id IN (
      SELECT MAX(id) FROM message
      WHERE direction = 'in' AND conversation_id IN (SELECT value FROM json_each(${JSON.stringify(conversationIds)}))
      GROUP BY conversation_id
    )`);
  for (const r of rows) previews.set(Number(r.conversation_id), (r.body_text ?? '').slice(0, 200));
  // A contact with no customer text yet (an outbound call) shows an empty preview, like firstInboundPreview.
  for (const id of conversationIds) if (!previews.has(id)) previews.set(id, '');
  return previews;
}
