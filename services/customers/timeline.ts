import type { ChannelKind, ConversationState, TimelineItem } from '../contracts';
import type { Connection } from '../store/store';
import { parseJson } from '../store/repos/json';
import { join, sql, type SqlQuery } from '../store/sql';

export type TimelineQuery = Readonly<{
  customerId: number;
  cursor?: string;
  limit: number;
  channels?: readonly ChannelKind[];
  states?: readonly ConversationState[];
}>;

export type TimelinePage = { items: TimelineItem[]; nextCursor: string | null };

type DbItem = {
  id: number;
  channel: ChannelKind;
  state: ConversationState;
  queue_id: string;
  subject: string | null;
  first_line: string | null;
  agent_id: number | null;
  agent_name: string | null;
  disposition: string | null;
  created_at: number;
  closed_at: number | null;
  message_count: number;
  note_count: number;
  notes: string | null;
};

/**
 * The timeline in one statement: walks conversation_customer (customer_id, created_at, rowid) backwards
 * from the cursor, so a page costs its own rows whatever the customer's history length. Notes come from
 * the partial message_note index; first line and message count are trigger-kept columns.
 */
export function timelineSql(q: TimelineQuery): SqlQuery {
  const [at, id] = q.cursor ? q.cursor.split(':').map(Number) : [undefined, undefined];
  const after = at !== undefined && id !== undefined ? sql` AND c.created_at <= ${at} AND (c.created_at < ${at} OR c.id < ${id})` : sql``;
  const channels = q.channels?.length ? sql` AND c.channel IN (${join(q.channels.map((ch) => sql`${ch}`))})` : sql``;
  const states = q.states?.length ? sql` AND c.state IN (${join(q.states.map((s) => sql`${s}`))})` : sql``;
  return sql`
    SELECT c.id, c.channel, c.state, c.queue_id, c.subject, c.first_line, a.id AS agent_id, a.display_name AS agent_name,
           c.disposition, c.created_at, c.closed_at, c.message_count,
           (SELECT count(*) FROM message n WHERE n.conversation_id = c.id AND n.direction = 'note') AS note_count,
           (SELECT json_group_array(json_array(n.id, n.author_agent_id, substr(n.body_text, 1, 500), n.created_at))
              FROM (SELECT id, author_agent_id, body_text, created_at FROM message
                    WHERE conversation_id = c.id AND direction = 'note' ORDER BY id DESC LIMIT 3) n) AS notes
    FROM conversation c
    LEFT JOIN agent a ON a.id = coalesce(c.assigned_agent_id, c.last_agent_id)
    WHERE c.customer_id = ${q.customerId}${after}${channels}${states}
    ORDER BY c.created_at DESC, c.id DESC
    LIMIT ${q.limit + 1}`;
}

export async function customerTimeline(db: Pick<Connection, 'all'>, q: TimelineQuery): Promise<TimelinePage> {
  const rows = await db.all<DbItem>(timelineSql(q));
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > q.limit && last ? `${last.created_at}:${last.id}` : null,
  };
}

function toItem(r: DbItem): TimelineItem {
  const notes = r.note_count > 0 ? parseJson<Array<[number, number | null, string, number]>>(r.notes, []) : [];
  return {
    conversationId: r.id,
    channel: r.channel,
    state: r.state,
    queueId: r.queue_id,
    subject: r.subject,
    firstLine: r.first_line,
    agentId: r.agent_id,
    agentName: r.agent_name,
    disposition: r.disposition,
    createdAt: r.created_at,
    closedAt: r.closed_at,
    messageCount: r.message_count,
    noteCount: r.note_count,
    notes: notes.map(([id, authorAgentId, body, createdAt]) => ({ id, authorAgentId, body, createdAt })),
  };
}
