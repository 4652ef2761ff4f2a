import type { ChannelKind } from '../../contracts';
import type { Connection } from '../connection';
import { sql, valuesLiteral } from '../sql';

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

/**
 * Appends to the event log (never updated or deleted). Only inside a store.write unit: the row is numbered
 * here and written by the writer together with the rest of the batch right before COMMIT (a unit that
 * rolls back drops its rows and their numbers), so readers see it exactly when they see the unit's writes.
 */
export async function appendEvent(tx: Connection, e: NewEvent): Promise<number> {
  tx.eventSeq += 1;
  const row: EventRow = {
    seq: tx.eventSeq,
    at: e.at,
    type: e.type,
    conversationId: e.conversationId ?? null,
    agentId: e.agentId ?? null,
    queueId: e.queueId ?? null,
    channel: e.channel ?? null,
    data: e.data ?? {},
  };
  tx.pendingEvents.push(row);
  return Promise.resolve(row.seq);
}

/**
 * The statement that writes numbered event rows, as SQL text with the rows inlined: the writer prepends it to
 * its COMMIT so the whole batch's events cost no round trip of their own.
 */
export function insertEventsSql(rows: readonly EventRow[]): string {
  const values = valuesLiteral(
    rows.map((e) => [e.seq, e.at, e.type, e.conversationId, e.agentId, e.queueId, e.channel, JSON.stringify(e.data)]),
  );
  return `INSERT INTO event (seq, at, type, conversation_id, agent_id, queue_id, channel, data) VALUES ${values}`;
}

/** The statement behind lastEventSeq, in both engines' words (PostgreSQL's writer sends it with its BEGIN). */
export const LAST_EVENT_SEQ = 'SELECT MAX(seq) AS seq FROM event';

/** The highest seq in the log (the writer continues numbering from it). */
export async function lastEventSeq(db: Pick<Connection, 'get'>): Promise<number> {
  return (await db.get<{ seq: number | null }>({ text: LAST_EVENT_SEQ, values: [] }))?.seq ?? 0;
}

/**
 * The events of [from, to) one time slice at a time (commit order within a slice): a report over months
 * holds one slice in memory, not the window. Uses the event_at index for each slice.
 */
export async function* eventSlices(db: Pick<Connection, 'all'>, from: number, to: number, sliceMs = 3_600_000): AsyncGenerator<EventRow[]> {
  for (let start = from; start < to; start += sliceMs) {
    // ORDER BY at (the index's order), then commit order in memory: with ORDER BY seq the planner may walk
    // the whole table in rowid order instead (it did, 35 full scans of a million events, when the table's
    // statistics were from when it was small), and a slice is small enough to sort here.
    const rows = await db.all<DbEvent>(
      sql`SELECT * FROM event WHERE at >= ${start} AND at < ${Math.min(to, start + sliceMs)} ORDER BY at, seq`,
    );
    if (rows.length > 0) yield rows.sort((a, b) => a.seq - b.seq).map(toEventRow);
  }
}

/** An event row as `SELECT *` reads it. */
export type DbEvent = {
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

/** The offer id of the conversation's last accept (team mode: an accept sent again after a failover). */
export async function lastAcceptedOfferId(db: Pick<Connection, 'get'>, conversationId: number): Promise<string | null> {
  const row = await db.get<DbEvent>(
    sql`SELECT * FROM event WHERE conversation_id = ${conversationId} AND type = 'conversation/accepted' ORDER BY seq DESC LIMIT 1`,
  );
  const offerId = row ? toEventRow(row).data.offerId : undefined;
  return typeof offerId === 'string' ? offerId : null;
}
