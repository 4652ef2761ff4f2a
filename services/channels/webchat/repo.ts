import type { ChannelKind, ConversationState, IdentityKind, MessageDirection } from '../../contracts';
import type { Connection } from '../../store/connection';
import { sql } from '../../store/sql';

type Reader = Pick<Connection, 'get' | 'all'>;

export type Visitor = Readonly<{
  id: number;
  queueId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  fromKind: IdentityKind;
  fromValue: string;
  conversationId: number | null;
  endedAt: number | null;
  lastSeenAt: number;
}>;

type DbVisitor = {
  id: number;
  queue_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  from_kind: IdentityKind;
  from_value: string;
  conversation_id: number | null;
  ended_at: number | null;
  last_seen_at: number;
};

const toVisitor = (r: DbVisitor): Visitor => ({
  id: r.id,
  queueId: r.queue_id,
  name: r.name,
  email: r.email,
  phone: r.phone,
  fromKind: r.from_kind,
  fromValue: r.from_value,
  conversationId: r.conversation_id,
  endedAt: r.ended_at,
  lastSeenAt: r.last_seen_at,
});

export type NewVisitor = Readonly<{
  tokenHash: string;
  queueId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  fromKind: IdentityKind;
  fromValue: string;
  ip: string;
  at: number;
}>;

export async function insertVisitor(tx: Connection, v: NewVisitor): Promise<Visitor> {
  const { lastID } = await tx.run(sql`
    INSERT INTO webchat_visitor (token_hash, queue_id, name, email, phone, from_kind, from_value, ip, created_at, last_seen_at)
    VALUES (${v.tokenHash}, ${v.queueId}, ${v.name}, ${v.email}, ${v.phone}, ${v.fromKind}, ${v.fromValue}, ${v.ip}, ${v.at}, ${v.at})`);
  const row = await tx.get<DbVisitor>(sql`SELECT * FROM webchat_visitor WHERE id = ${lastID}`);
  if (!row) throw new Error('visitor insert lost its row');
  return toVisitor(row);
}

export async function visitorByToken(db: Reader, tokenHash: string): Promise<Visitor | undefined> {
  const row = await db.get<DbVisitor>(sql`SELECT * FROM webchat_visitor WHERE token_hash = ${tokenHash}`);
  return row ? toVisitor(row) : undefined;
}

export async function visitorById(db: Reader, id: number): Promise<Visitor | undefined> {
  const row = await db.get<DbVisitor>(sql`SELECT * FROM webchat_visitor WHERE id = ${id}`);
  return row ? toVisitor(row) : undefined;
}

export async function visitorByConversation(db: Reader, conversationId: number): Promise<Visitor | undefined> {
  const row = await db.get<DbVisitor>(
    sql`SELECT * FROM webchat_visitor WHERE conversation_id = ${conversationId} ORDER BY last_seen_at DESC LIMIT 1`,
  );
  return row ? toVisitor(row) : undefined;
}

/** Visitors whose chat is still open: tracked again after a restart. */
export async function visitorsWithOpenChats(db: Reader): Promise<Array<Visitor & { state: ConversationState; assignedAgentId: number | null }>> {
  const rows = await db.all<DbVisitor & { state: ConversationState; assigned_agent_id: number | null }>(sql`
    SELECT v.*, c.state, c.assigned_agent_id FROM conversation c JOIN webchat_visitor v ON v.conversation_id = c.id
    WHERE c.state NOT IN ('closed','abandoned') AND c.channel = 'chat'`);
  return rows.map((r) => ({ ...toVisitor(r), state: r.state, assignedAgentId: r.assigned_agent_id }));
}

export async function setVisitorConversation(tx: Connection, visitorId: number, conversationId: number | null, at: number): Promise<void> {
  await tx.run(sql`UPDATE webchat_visitor SET conversation_id = ${conversationId}, ended_at = NULL, last_seen_at = ${at} WHERE id = ${visitorId}`);
}

export async function markVisitorEnded(tx: Connection, visitorId: number, at: number): Promise<void> {
  await tx.run(sql`UPDATE webchat_visitor SET ended_at = ${at}, last_seen_at = ${at} WHERE id = ${visitorId}`);
}

export async function touchVisitor(tx: Connection, visitorId: number, at: number): Promise<void> {
  await tx.run(sql`UPDATE webchat_visitor SET last_seen_at = ${at} WHERE id = ${visitorId}`);
}

// ---- chat lines ----------------------------------------------------------------------------------

export type ChatLine = Readonly<{
  id: number;
  direction: MessageDirection;
  authorName: string | null;
  bodyText: string;
  status: string | null;
  meta: string;
  createdAt: number;
}>;

/** What the visitor may see of a chat: inbound and outbound lines, never internal notes. */
export async function chatLines(db: Reader, conversationId: number, afterId = 0, limit = 500): Promise<ChatLine[]> {
  return db.all<ChatLine>(sql`
    SELECT m.id, m.direction, a.display_name AS authorName, m.body_text AS bodyText, m.status, m.meta, m.created_at AS createdAt
    FROM message m LEFT JOIN agent a ON a.id = m.author_agent_id
    WHERE m.conversation_id = ${conversationId} AND m.id > ${afterId} AND m.direction IN ('in','out')
    ORDER BY m.id LIMIT ${limit}`);
}

export async function messageIdsToMark(db: Reader, conversationId: number, direction: 'in' | 'out', upToId: number): Promise<number[]> {
  const rows = await db.all<{ id: number }>(sql`
    SELECT id FROM message WHERE conversation_id = ${conversationId} AND id <= ${upToId} AND direction = ${direction}
      AND (status IS NULL OR status <> 'read') ORDER BY id DESC LIMIT 100`);
  return rows.map((r) => r.id);
}

// ---- one-time codes and history sessions --------------------------------------------------------

export type CodeRow = Readonly<{ id: number; codeHash: string; createdAt: number; expiresAt: number; tries: number; usedAt: number | null }>;

export async function insertCode(tx: Connection, kind: 'email' | 'phone', value: string, codeHash: string, at: number, expiresAt: number): Promise<void> {
  await tx.run(sql`INSERT INTO webchat_code (kind, value, code_hash, created_at, expires_at) VALUES (${kind}, ${value}, ${codeHash}, ${at}, ${expiresAt})`);
}

export async function countCodesSince(db: Reader, kind: string, value: string, since: number): Promise<number> {
  const row = await db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM webchat_code WHERE kind = ${kind} AND value = ${value} AND created_at >= ${since}`);
  return row?.n ?? 0;
}

export async function latestCode(db: Reader, kind: string, value: string): Promise<CodeRow | undefined> {
  return db.get<CodeRow>(sql`
    SELECT id, code_hash AS codeHash, created_at AS createdAt, expires_at AS expiresAt, tries, used_at AS usedAt
    FROM webchat_code WHERE kind = ${kind} AND value = ${value} ORDER BY created_at DESC, id DESC LIMIT 1`);
}

export async function addCodeTry(tx: Connection, id: number): Promise<number> {
  await tx.run(sql`UPDATE webchat_code SET tries = tries + 1 WHERE id = ${id}`);
  const row = await tx.get<{ tries: number }>(sql`SELECT tries FROM webchat_code WHERE id = ${id}`);
  return row?.tries ?? Number.MAX_SAFE_INTEGER;
}

export async function useCode(tx: Connection, id: number, at: number): Promise<boolean> {
  const { changes } = await tx.run(sql`UPDATE webchat_code SET used_at = ${at} WHERE id = ${id} AND used_at IS NULL`);
  return changes === 1;
}

export type HistorySession = Readonly<{ customerId: number | null; kind: 'email' | 'phone'; value: string; expiresAt: number }>;

export async function insertHistorySession(tx: Connection, tokenHash: string, s: HistorySession, at: number): Promise<void> {
  await tx.run(sql`INSERT INTO webchat_history_session (token_hash, customer_id, kind, value, created_at, expires_at)
    VALUES (${tokenHash}, ${s.customerId}, ${s.kind}, ${s.value}, ${at}, ${s.expiresAt})`);
}

export async function historySession(db: Reader, tokenHash: string, now: number): Promise<HistorySession | undefined> {
  return db.get<HistorySession>(sql`
    SELECT customer_id AS customerId, kind, value, expires_at AS expiresAt FROM webchat_history_session
    WHERE token_hash = ${tokenHash} AND expires_at > ${now}`);
}

// ---- the customer's own history -----------------------------------------------------------------

export type HistoryRow = Readonly<{
  id: number;
  channel: ChannelKind;
  state: ConversationState;
  subject: string | null;
  createdAt: number;
  lastAt: number | null;
  firstText: string | null;
  agentName: string | null;
}>;

/** The customer and the records merged into it: everything that is theirs. */
const ownCustomers = (customerId: number) =>
  sql`SELECT ${customerId} UNION SELECT id FROM customer WHERE merged_into = ${customerId}`;

export function historyQuery(customerId: number, limit = 200) {
  return sql`
    SELECT c.id, c.channel, c.state, c.subject, c.created_at AS createdAt,
      (SELECT MAX(m.created_at) FROM message m WHERE m.conversation_id = c.id) AS lastAt,
      (SELECT m.body_text FROM message m WHERE m.conversation_id = c.id AND m.direction IN ('in','out') ORDER BY m.id LIMIT 1) AS firstText,
      a.display_name AS agentName
    FROM conversation c LEFT JOIN agent a ON a.id = COALESCE(c.assigned_agent_id, c.last_agent_id)
    WHERE c.customer_id IN (${ownCustomers(customerId)})
    ORDER BY c.created_at DESC, c.id DESC LIMIT ${limit}`;
}

export async function historyRows(db: Reader, customerId: number): Promise<HistoryRow[]> {
  return db.all<HistoryRow>(historyQuery(customerId));
}

export async function ownConversation(db: Reader, customerId: number, conversationId: number): Promise<HistoryRow | undefined> {
  const rows = await db.all<HistoryRow>(sql`
    SELECT c.id, c.channel, c.state, c.subject, c.created_at AS createdAt,
      (SELECT MAX(m.created_at) FROM message m WHERE m.conversation_id = c.id) AS lastAt,
      (SELECT m.body_text FROM message m WHERE m.conversation_id = c.id AND m.direction IN ('in','out') ORDER BY m.id LIMIT 1) AS firstText,
      a.display_name AS agentName
    FROM conversation c LEFT JOIN agent a ON a.id = COALESCE(c.assigned_agent_id, c.last_agent_id)
    WHERE c.id = ${conversationId} AND c.customer_id IN (${ownCustomers(customerId)})`);
  return rows[0];
}

export async function identitiesOf(db: Reader, customerId: number, kind: IdentityKind): Promise<string[]> {
  const rows = await db.all<{ value: string }>(sql`SELECT value FROM identity WHERE customer_id = ${customerId} AND kind = ${kind} ORDER BY id`);
  return rows.map((r) => r.value);
}
