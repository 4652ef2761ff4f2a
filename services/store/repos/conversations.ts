import type { ChannelKind, Conversation, ConversationState } from '../../contracts';
import type { Connection } from '../connection';
import { sql, valuesLiteral } from '../sql';

/** A conversation row as `SELECT *` reads it (before the columns later migrations added). */
export type DbConversation = {
  id: number;
  channel: ChannelKind;
  customer_id: number;
  queue_id: string;
  state: ConversationState;
  priority: number;
  subject: string | null;
  thread_key: string | null;
  assigned_agent_id: number | null;
  last_agent_id: number | null;
  created_at: number;
  enqueued_at: number | null;
  first_response_at: number | null;
  closed_at: number | null;
  disposition: string | null;
};

export function toConversation(r: DbConversation): Conversation {
  return {
    id: r.id,
    channel: r.channel,
    customerId: r.customer_id,
    queueId: r.queue_id,
    state: r.state,
    priority: r.priority,
    subject: r.subject,
    threadKey: r.thread_key,
    assignedAgentId: r.assigned_agent_id,
    lastAgentId: r.last_agent_id,
    createdAt: r.created_at,
    enqueuedAt: r.enqueued_at,
    firstResponseAt: r.first_response_at,
    closedAt: r.closed_at,
    disposition: r.disposition,
  };
}

export type NewConversation = Readonly<{
  channel: ChannelKind;
  customerId: number;
  queueId: string;
  priority: number;
  subject: string | null;
  threadKey: string | null;
  lastAgentId?: number | null;
  at: number;
}>;

export async function insertConversation(tx: Connection, c: NewConversation): Promise<Conversation> {
  // RETURNING saves a round trip per statement on the ingest hot path.
  const row = await tx.get<DbConversation>(sql`
    INSERT INTO conversation (channel, customer_id, queue_id, state, priority, subject, thread_key, last_agent_id, created_at, enqueued_at)
    VALUES (${c.channel}, ${c.customerId}, ${c.queueId}, 'queued', ${c.priority}, ${c.subject}, ${c.threadKey}, ${c.lastAgentId ?? null}, ${c.at}, ${c.at})
    RETURNING *`);
  if (!row) throw new Error('conversation insert returned no row');
  return toConversation(row);
}

export async function getConversation(db: Pick<Connection, 'get'>, id: number): Promise<Conversation | undefined> {
  const row = await db.get<DbConversation>(sql`SELECT * FROM conversation WHERE id = ${id}`);
  return row ? toConversation(row) : undefined;
}

export async function requireConversation(db: Pick<Connection, 'get'>, id: number): Promise<Conversation> {
  const c = await getConversation(db, id);
  if (!c) throw new Error(`conversation ${id} not found`);
  return c;
}

/** The newest conversation on a thread key (open or not): threading and reopen decisions start here. */
export async function latestByThreadKey(db: Pick<Connection, 'get'>, threadKey: string): Promise<Conversation | undefined> {
  const row = await db.get<DbConversation>(
    sql`SELECT * FROM conversation WHERE thread_key = ${threadKey} ORDER BY created_at DESC, id DESC LIMIT 1`,
  );
  return row ? toConversation(row) : undefined;
}

export async function listOpenConversations(db: Pick<Connection, 'all'>): Promise<Conversation[]> {
  const rows = await db.all<DbConversation>(
    sql`SELECT * FROM conversation WHERE state IN ('queued','offered','active','wrap_up') ORDER BY id`,
  );
  return rows.map(toConversation);
}

export async function listAgentConversations(db: Pick<Connection, 'all'>, agentId: number): Promise<Conversation[]> {
  const rows = await db.all<DbConversation>(
    sql`SELECT * FROM conversation WHERE assigned_agent_id = ${agentId} AND state IN ('active','wrap_up') ORDER BY id`,
  );
  return rows.map(toConversation);
}

export type ConversationPatch = Partial<
  Readonly<{
    state: ConversationState;
    queueId: string;
    priority: number;
    assignedAgentId: number | null;
    lastAgentId: number | null;
    enqueuedAt: number | null;
    firstResponseAt: number | null;
    closedAt: number | null;
    disposition: string | null;
  }>
>;

const columns: Record<keyof ConversationPatch, string> = {
  state: 'state',
  queueId: 'queue_id',
  priority: 'priority',
  assignedAgentId: 'assigned_agent_id',
  lastAgentId: 'last_agent_id',
  enqueuedAt: 'enqueued_at',
  firstResponseAt: 'first_response_at',
  closedAt: 'closed_at',
  disposition: 'disposition',
};

export async function updateConversation(tx: Connection, id: number, patch: ConversationPatch): Promise<Conversation> {
  const keys = Object.keys(patch) as Array<keyof ConversationPatch>;
  if (keys.length === 0) return requireConversation(tx, id);
  // Column names come from the fixed map above, values are bound.
  const text = `UPDATE conversation SET ${keys.map((k) => `${columns[k]} = ?`).join(', ')} WHERE id = ? RETURNING *`;
  const row = await tx.get<DbConversation>({ text, values: [...keys.map((k) => patch[k] ?? null), id] });
  if (!row) throw new Error(`conversation ${id} not found`);
  return toConversation(row);
}

/** A new conversation with its id chosen by the caller (batch ingest numbers rows itself: see ingest/batch). */
export type NumberedConversation = NewConversation & Readonly<{ id: number }>;

/**
 * The statement inserting many queued conversations, as SQL text with the rows inlined: batch ingest sends
 * all its inserts in one exec, one round trip. `queuedConversation` is the row it writes.
 */
export function insertConversationsSql(rows: readonly NumberedConversation[]): string {
  const values = valuesLiteral(
    rows.map((c) => [
      c.id,
      c.channel,
      c.customerId,
      c.queueId,
      'queued',
      c.priority,
      c.subject,
      c.threadKey,
      c.lastAgentId ?? null,
      c.at,
      c.at,
    ]),
  );
  return `INSERT INTO conversation (id, channel, customer_id, queue_id, state, priority, subject, thread_key, last_agent_id, created_at, enqueued_at)
    VALUES ${values}`;
}

/** The conversation insertConversationsSql stores for `c`, as reading it back would return it. */
export function queuedConversation(c: NumberedConversation): Conversation {
  return {
    id: c.id,
    channel: c.channel,
    customerId: c.customerId,
    queueId: c.queueId,
    state: 'queued',
    priority: c.priority,
    subject: c.subject,
    threadKey: c.threadKey,
    assignedAgentId: null,
    lastAgentId: c.lastAgentId ?? null,
    createdAt: c.at,
    enqueuedAt: c.at,
    firstResponseAt: null,
    closedAt: null,
    disposition: null,
  };
}
