import type { Message, MessageDirection } from '../../contracts';
import type { Connection } from '../connection';
import { sql, valuesLiteral } from '../sql';
import { parseJson } from './json';

export type DbMessage = {
  id: number;
  conversation_id: number;
  direction: MessageDirection;
  author_agent_id: number | null;
  body_text: string;
  body_html: string | null;
  provider_id: string | null;
  status: string | null;
  meta: string;
  created_at: number;
};

export function toMessage(r: DbMessage): Message {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    direction: r.direction,
    authorAgentId: r.author_agent_id,
    bodyText: r.body_text,
    bodyHtml: r.body_html,
    providerId: r.provider_id,
    status: r.status,
    meta: parseJson(r.meta, {}),
    createdAt: r.created_at,
  };
}

export type NewMessage = Readonly<{
  conversationId: number;
  direction: MessageDirection;
  authorAgentId?: number | null;
  bodyText: string;
  bodyHtml?: string | null;
  providerId?: string | null;
  status?: string | null;
  meta?: Record<string, unknown>;
  at: number;
}>;

export async function insertMessage(tx: Connection, m: NewMessage): Promise<Message> {
  const row = await tx.get<DbMessage>(sql`
    INSERT INTO message (conversation_id, direction, author_agent_id, body_text, body_html, provider_id, status, meta, created_at)
    VALUES (${m.conversationId}, ${m.direction}, ${m.authorAgentId ?? null}, ${m.bodyText}, ${m.bodyHtml ?? null},
            ${m.providerId ?? null}, ${m.status ?? null}, ${JSON.stringify(m.meta ?? {})}, ${m.at})
    RETURNING *`);
  if (!row) throw new Error('message insert returned no row');
  return toMessage(row);
}

export async function findMessageByProviderId(db: Pick<Connection, 'get'>, providerId: string): Promise<Message | undefined> {
  const row = await db.get<DbMessage>(sql`SELECT * FROM message WHERE provider_id = ${providerId}`);
  return row ? toMessage(row) : undefined;
}

export async function listMessages(db: Pick<Connection, 'all'>, conversationId: number, limit = 500): Promise<Message[]> {
  const rows = await db.all<DbMessage>(
    sql`SELECT * FROM (SELECT * FROM message WHERE conversation_id = ${conversationId} ORDER BY id DESC LIMIT ${limit}) AS recent ORDER BY id`,
  );
  return rows.map(toMessage);
}

export async function firstInboundPreview(db: Pick<Connection, 'get'>, conversationId: number): Promise<string> {
  const row = await db.get<{ body_text: string }>(
    sql`SELECT body_text FROM message WHERE conversation_id = ${conversationId} AND direction = 'in' ORDER BY id DESC LIMIT 1`,
  );
  return (row?.body_text ?? '').slice(0, 200);
}

export async function updateMessageStatus(
  tx: Connection,
  id: number,
  status: string,
  meta?: Record<string, unknown>,
): Promise<Message | undefined> {
  if (meta) await tx.run(sql`UPDATE message SET status = ${status}, meta = json_patch(meta, ${JSON.stringify(meta)}) WHERE id = ${id}`);
  else await tx.run(sql`UPDATE message SET status = ${status} WHERE id = ${id}`);
  const row = await tx.get<DbMessage>(sql`SELECT * FROM message WHERE id = ${id}`);
  return row ? toMessage(row) : undefined;
}

/** A new message with its id chosen by the caller (batch ingest numbers rows itself: see ingest/batch). */
export type NumberedMessage = NewMessage & Readonly<{ id: number }>;

/** The statement inserting many messages, as SQL text with the rows inlined (see insertConversationsSql). */
export function insertMessagesSql(rows: readonly NumberedMessage[]): string {
  const values = valuesLiteral(
    rows.map((m) => [
      m.id,
      m.conversationId,
      m.direction,
      m.authorAgentId ?? null,
      m.bodyText,
      m.bodyHtml ?? null,
      m.providerId ?? null,
      m.status ?? null,
      JSON.stringify(m.meta ?? {}),
      m.at,
    ]),
  );
  return `INSERT INTO message (id, conversation_id, direction, author_agent_id, body_text, body_html, provider_id, status, meta, created_at)
    VALUES ${values}`;
}

/** The message insertMessagesSql stores for `m`, as reading it back would return it. */
export function storedMessage(m: NumberedMessage): Message {
  return {
    id: m.id,
    conversationId: m.conversationId,
    direction: m.direction,
    authorAgentId: m.authorAgentId ?? null,
    bodyText: m.bodyText,
    bodyHtml: m.bodyHtml ?? null,
    providerId: m.providerId ?? null,
    status: m.status ?? null,
    meta: parseJson(JSON.stringify(m.meta ?? {}), {}),
    createdAt: m.at,
  };
}
