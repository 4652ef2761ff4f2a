import type { ChannelKind, ConversationState, IdentityKind, MessageDirection } from '../../contracts';
import type { Connection } from '../../store/connection';
import { join, sql } from '../../store/sql';

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
export async function visitorsWithOpenChats(
  db: Reader,
): Promise<Array<Visitor & { state: ConversationState; assignedAgentId: number | null }>> {
  const rows = await db.all<DbVisitor & { state: ConversationState; assigned_agent_id: number | null }>(sql`
    SELECT v.*, c.state, c.assigned_agent_id FROM conversation c JOIN webchat_visitor v ON v.conversation_id = c.id
    WHERE c.state NOT IN ('closed','abandoned') AND c.channel = 'chat'`);
  return rows.map((r) => ({ ...toVisitor(r), state: r.state, assignedAgentId: r.assigned_agent_id }));
}

export async function setVisitorConversation(tx: Connection, visitorId: number, conversationId: number | null, at: number): Promise<void> {
  await tx.run(
    sql`UPDATE webchat_visitor SET conversation_id = ${conversationId}, ended_at = NULL, last_seen_at = ${at} WHERE id = ${visitorId}`,
  );
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

/**
 * Stores a new code unless `max` were already issued for this identity since `since`. Count and insert are
 * one statement in one write unit (units run one after another), so parallel requests cannot all pass a
 * count taken before any of them inserted. False: the limit was reached.
 */
export async function insertCodeWithin(
  tx: Connection,
  c: Readonly<{ kind: 'email' | 'phone'; value: string; codeHash: string; at: number; expiresAt: number; since: number; max: number }>,
): Promise<boolean> {
  const { changes } = await tx.run(sql`
    INSERT INTO webchat_code (kind, value, code_hash, created_at, expires_at)
    SELECT ${c.kind}, ${c.value}, ${c.codeHash}, ${c.at}, ${c.expiresAt}
    WHERE (SELECT COUNT(*) FROM webchat_code WHERE kind = ${c.kind} AND value = ${c.value} AND created_at >= ${c.since}) < ${c.max}`);
  return changes === 1;
}

export type TakenTry = Readonly<{ id: number; codeHash: string; tries: number }>;

export type TryOutcome = TakenTry | 'none' | 'expired' | 'too_many_tries';

/**
 * Counts one try on the identity's latest code *before* its hash is compared: the UPDATE only changes a row
 * that is unused, unexpired and below `maxTries`, so at most `maxTries` guesses are ever compared, however
 * many arrive at once. When no row changed, says why (for the visitor's message).
 */
export async function takeCodeTry(tx: Connection, kind: string, value: string, at: number, maxTries: number): Promise<TryOutcome> {
  const latest = await tx.get<{ id: number; usedAt: number | null; expiresAt: number; tries: number }>(sql`
    SELECT id, used_at AS usedAt, expires_at AS expiresAt, tries FROM webchat_code
    WHERE kind = ${kind} AND value = ${value} ORDER BY created_at DESC, id DESC LIMIT 1`);
  if (!latest || latest.usedAt !== null) return 'none';
  const { changes } = await tx.run(sql`
    UPDATE webchat_code SET tries = tries + 1
    WHERE id = ${latest.id} AND used_at IS NULL AND expires_at > ${at} AND tries < ${maxTries}`);
  if (changes !== 1) return latest.expiresAt <= at ? 'expired' : 'too_many_tries';
  const row = await tx.get<TakenTry>(sql`SELECT id, code_hash AS codeHash, tries FROM webchat_code WHERE id = ${latest.id}`);
  if (!row) throw new Error('code row vanished inside its write unit');
  return row;
}

export async function useCode(tx: Connection, id: number, at: number): Promise<boolean> {
  const { changes } = await tx.run(sql`UPDATE webchat_code SET used_at = ${at} WHERE id = ${id} AND used_at IS NULL`);
  return changes === 1;
}

/**
 * A history session holds the identity that was proven, never a customer id: the customer behind it may not
 * exist yet (a first chat creates it later) or may change by merge and unmerge. It is resolved on every read.
 */
export type HistorySession = Readonly<{ kind: 'email' | 'phone'; value: string; expiresAt: number }>;

export async function insertHistorySession(tx: Connection, tokenHash: string, s: HistorySession, at: number): Promise<void> {
  await tx.run(sql`INSERT INTO webchat_history_session (token_hash, customer_id, kind, value, created_at, expires_at)
    VALUES (${tokenHash}, NULL, ${s.kind}, ${s.value}, ${at}, ${s.expiresAt})`);
}

export async function historySession(db: Reader, tokenHash: string, now: number): Promise<HistorySession | undefined> {
  return db.get<HistorySession>(sql`
    SELECT kind, value, expires_at AS expiresAt FROM webchat_history_session
    WHERE token_hash = ${tokenHash} AND expires_at > ${now}`);
}

/**
 * The live customer a proven identity belongs to now: the identity's owner, followed along merged_into in
 * case a merge left the identity on the merged record (merges move identities, so this is insurance).
 */
export async function customerOfIdentity(db: Reader, kind: string, value: string): Promise<number | undefined> {
  const row = await db.get<{ id: number }>(sql`
    WITH RECURSIVE chain(id, merged_into, hops) AS (
      SELECT c.id, c.merged_into, 0 FROM identity i JOIN customer c ON c.id = i.customer_id WHERE i.kind = ${kind} AND i.value = ${value}
      UNION ALL
      SELECT c.id, c.merged_into, chain.hops + 1 FROM chain JOIN customer c ON c.id = chain.merged_into WHERE chain.hops < 20
    )
    SELECT id FROM chain WHERE merged_into IS NULL OR hops = 20 ORDER BY hops LIMIT 1`);
  return row?.id;
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
const ownCustomers = (customerId: number) => sql`SELECT ${customerId} UNION SELECT id FROM customer WHERE merged_into = ${customerId}`;

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
  const rows = await db.all<{ value: string }>(
    sql`SELECT value FROM identity WHERE customer_id = ${customerId} AND kind = ${kind} ORDER BY id`,
  );
  return rows.map((r) => r.value);
}

// ---- visitor uploads ----------------------------------------------------------------------------

/** Bytes of files the visitor uploaded into one conversation (its file/upload messages). */
export const conversationUploadBytesQuery = (conversationId: number) => sql`
  SELECT SUM(CAST(json_extract(meta, '$.attachment.size') AS BIGINT)) AS n FROM message
  WHERE conversation_id = ${conversationId} AND json_extract(meta, '$.attachment.fileId') IS NOT NULL`;

export async function conversationUploadBytes(db: Reader, conversationId: number): Promise<number> {
  return (await db.get<{ n: number | null }>(conversationUploadBytesQuery(conversationId)))?.n ?? 0;
}

export type UploadReference = Readonly<{ providerId: string; state: ConversationState; lastAt: number }>;

const REF_COLUMNS = sql`m.provider_id AS providerId, json_extract(m.meta, '$.attachment.fileId') AS fileId, c.state,
  (SELECT MAX(x.created_at) FROM message x WHERE x.conversation_id = c.id) AS lastAt`;

export const uploadReferencesByProviderQuery = (providerIds: readonly string[]) => sql`
  SELECT ${REF_COLUMNS} FROM message m JOIN conversation c ON c.id = m.conversation_id
  WHERE m.provider_id IN (${join(providerIds.map((p) => sql`${p}`))})`;

/**
 * For each file on disk, the stored message that points at it (if any): its provider id, and the state and last
 * activity of its conversation (what retention decides on). Files that know their message's provider id are
 * looked up by that index; files from before that was recorded are found in one scan of chat messages.
 */
export async function uploadReferences(
  db: Reader,
  files: ReadonlyArray<Readonly<{ fileId: string; providerId: string | null }>>,
): Promise<Map<string, UploadReference>> {
  const found = new Map<string, UploadReference>();
  const keep = (rows: ReadonlyArray<UploadReference & { fileId: string | null }>, wanted: ReadonlySet<string>) => {
    for (const r of rows)
      if (r.fileId !== null && wanted.has(r.fileId)) found.set(r.fileId, { providerId: r.providerId, state: r.state, lastAt: r.lastAt });
  };
  const byProvider = files.filter((f) => f.providerId !== null);
  for (let i = 0; i < byProvider.length; i += 500) {
    const chunk = byProvider.slice(i, i + 500);
    const rows = await db.all<UploadReference & { fileId: string | null }>(
      uploadReferencesByProviderQuery(chunk.map((f) => f.providerId ?? '')),
    );
    // The message must point at this very file: a resend under the same provider id may have written another.
    keep(rows, new Set(chunk.map((f) => f.fileId)));
  }
  const legacy = files.filter((f) => f.providerId === null);
  for (let i = 0; i < legacy.length; i += 500) {
    const chunk = legacy.slice(i, i + 500);
    const rows = await db.all<UploadReference & { fileId: string | null }>(sql`
      SELECT ${REF_COLUMNS} FROM message m JOIN conversation c ON c.id = m.conversation_id
      WHERE c.channel = 'chat' AND json_extract(m.meta, '$.attachment.fileId') IN (${join(chunk.map((f) => sql`${f.fileId}`))})`);
    keep(rows, new Set(chunk.map((f) => f.fileId)));
  }
  return found;
}
