import type { Connection } from '../connection';
import { sql } from '../sql';

export type EventRow = Readonly<{
  seq: number;
  at: number;
  type: string;
  conversationId: number | null;
  agentId: number | null;
  queueId: string | null;
  data: Record<string, unknown>;
}>;

export type NewEvent = Readonly<Omit<EventRow, 'seq' | 'conversationId' | 'agentId' | 'queueId' | 'data'>> & {
  readonly conversationId?: number | null;
  readonly agentId?: number | null;
  readonly queueId?: string | null;
  readonly data?: Record<string, unknown>;
};

/** Appends to the event log (never updated or deleted). */
export async function appendEvent(tx: Connection, e: NewEvent): Promise<number> {
  const result = await tx.run(sql`
    INSERT INTO event (at, type, conversation_id, agent_id, queue_id, data)
    VALUES (${e.at}, ${e.type}, ${e.conversationId ?? null}, ${e.agentId ?? null}, ${e.queueId ?? null},
            ${JSON.stringify(e.data ?? {})})`);
  return result.lastID;
}

type DbEvent = { seq: number; at: number; type: string; conversation_id: number | null; agent_id: number | null; queue_id: string | null; data: string };

export function toEventRow(r: DbEvent): EventRow {
  return {
    seq: r.seq,
    at: r.at,
    type: r.type,
    conversationId: r.conversation_id,
    agentId: r.agent_id,
    queueId: r.queue_id,
    data: JSON.parse(r.data) as Record<string, unknown>,
  };
}

export async function eventsForConversation(db: Pick<Connection, 'all'>, conversationId: number): Promise<EventRow[]> {
  const rows = await db.all<DbEvent>(sql`SELECT * FROM event WHERE conversation_id = ${conversationId} ORDER BY seq`);
  return rows.map(toEventRow);
}
