import type { TimelineItem } from '../contracts';
import type { Connection } from '../store/store';
import { parseJson } from '../store/repos/json';
import { timelineRows, type TimelineQuery, type TimelineRow } from './repo';

export type { TimelineQuery } from './repo';

export type TimelinePage = { items: TimelineItem[]; nextCursor: string | null };

export async function customerTimeline(db: Pick<Connection, 'all'>, q: TimelineQuery): Promise<TimelinePage> {
  const rows = await timelineRows(db, q);
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > q.limit && last ? `${last.created_at}:${last.id}` : null,
  };
}

function toItem(r: TimelineRow): TimelineItem {
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
