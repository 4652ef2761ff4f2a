import type { ChannelKind } from '../../contracts';
import type { Connection } from '../connection';
import { sql } from '../sql';

export type EventRow = Readonly<{
  seq: number;
  at: number;
  type: string;
  conversationId: number | null;
  agentId: number | null;
  queueId: string | null;
  /** The conversation's channel, so metrics can split by channel without a join. */
  channel: ChannelKind | null;
  data: Record<string, unknown>;
}>;

export type NewEvent = Readonly<Omit<EventRow, 'seq' | 'conversationId' | 'agentId' | 'queueId' | 'channel' | 'data'>> & {
  readonly channel?: ChannelKind | null;
  readonly conversationId?: number | null;
  readonly agentId?: number | null;
  readonly queueId?: string | null;
  readonly data?: Record<string, unknown>;
};

/** Appends to the event log (never updated or deleted). */
export async function appendEvent(tx: Connection, e: NewEvent): Promise<number> {
  const data = e.data ?? {};
  const result = await tx.run(sql`
    INSERT INTO event (at, type, conversation_id, agent_id, queue_id, channel, data)
    VALUES (${e.at}, ${e.type}, ${e.conversationId ?? null}, ${e.agentId ?? null}, ${e.queueId ?? null},
            ${e.channel ?? null}, ${JSON.stringify(data)})`);
  const row: EventRow = {
    seq: result.lastID,
    at: e.at,
    type: e.type,
    conversationId: e.conversationId ?? null,
    agentId: e.agentId ?? null,
    queueId: e.queueId ?? null,
    channel: e.channel ?? null,
    data,
  };
  tx.pendingEvents.push(row);
  return result.lastID;
}

export async function eventsBetween(db: Pick<Connection, 'all'>, from: number, to: number): Promise<EventRow[]> {
  const rows = await db.all<DbEvent>(sql`SELECT * FROM event WHERE at >= ${from} AND at < ${to} ORDER BY seq`);
  return rows.map(toEventRow);
}

type DbEvent = {
  seq: number;
  at: number;
  type: string;
  conversation_id: number | null;
  agent_id: number | null;
  queue_id: string | null;
  channel: ChannelKind | null;
  data: string;
};

export function toEventRow(r: DbEvent): EventRow {
  return {
    seq: r.seq,
    at: r.at,
    type: r.type,
    conversationId: r.conversation_id,
    agentId: r.agent_id,
    queueId: r.queue_id,
    channel: r.channel,
    data: JSON.parse(r.data) as Record<string, unknown>,
  };
}

export async function eventsForConversation(db: Pick<Connection, 'all'>, conversationId: number): Promise<EventRow[]> {
  const rows = await db.all<DbEvent>(sql`SELECT * FROM event WHERE conversation_id = ${conversationId} ORDER BY seq`);
  return rows.map(toEventRow);
}
