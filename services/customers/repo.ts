import type { AttributeValue, ChannelKind, ConversationState, IdentityKind, MessageSearchHit } from '../contracts';
import type { Connection } from '../store/store';
import { join, sql, type SqlQuery } from '../store/sql';
import { tsQueryFromFts } from './searchQuery';

type Reader = Pick<Connection, 'get' | 'all'>;
/** Full-text search is FTS5 on SQLite and tsvector + GIN on PostgreSQL (migration 0002): the engine picks. */
type SearchReader = Pick<Connection, 'get' | 'all' | 'engine'>;

// --- search -------------------------------------------------------------------------------------------

export async function customerIdByIdentity(db: Reader, kind: IdentityKind, value: string): Promise<number | undefined> {
  const row = await db.get<{ customer_id: number }>(sql`SELECT customer_id FROM identity WHERE kind = ${kind} AND value = ${value}`);
  return row?.customer_id;
}

/** Owners of identities of this kind that start with `prefix`, in value order (an index range scan). */
export async function customerIdsByIdentityPrefix(db: Reader, kind: IdentityKind, prefix: string, limit: number): Promise<number[]> {
  const rows = await db.all<{ customer_id: number }>(
    sql`SELECT customer_id FROM identity WHERE kind = ${kind} AND value >= ${prefix} AND value < ${prefix + '\u{10FFFF}'} ORDER BY value LIMIT ${limit}`,
  );
  return rows.map((r) => r.customer_id);
}

/** Unmerged customers whose name or company matches an FTS5 query, best first. */
export async function customerIdsByName(db: SearchReader, match: string, limit: number): Promise<number[]> {
  if (db.engine === 'postgres') {
    const query = tsQueryFromFts(match);
    if (!query) return [];
    const found = await db.all<{ id: number }>(sql`
      SELECT c.id FROM customer_fts f JOIN customer c ON c.id = f.id, to_tsquery('sb_search', unaccent(${query})) q
      WHERE f.doc @@ q AND c.merged_into IS NULL
      ORDER BY ts_rank(f.doc, q) DESC, c.id LIMIT ${limit}`);
    return found.map((r) => r.id);
  }
  const rows = await db.all<{ id: number }>(sql`
      SELECT c.id FROM customer_fts f JOIN customer c ON c.id = f.rowid
      WHERE customer_fts MATCH ${match} AND c.merged_into IS NULL
      ORDER BY f.rank LIMIT ${limit}`);
  return rows.map((r) => r.id);
}

export type CustomerSummaryRow = { id: number; display_name: string; company: string | null; merged_into: number | null };

export async function customerSummaries(db: Reader, customerIds: readonly number[]): Promise<CustomerSummaryRow[]> {
  return db.all<CustomerSummaryRow>(
    sql`SELECT id, display_name, company, merged_into FROM customer WHERE id IN (${join(customerIds.map((id) => sql`${id}`))})`,
  );
}

export async function identitiesOfCustomers(
  db: Reader,
  customerIds: readonly number[],
): Promise<Array<{ customer_id: number; kind: IdentityKind; value: string }>> {
  return db.all<{ customer_id: number; kind: IdentityKind; value: string }>(
    sql`SELECT customer_id, kind, value FROM identity WHERE customer_id IN (${join(customerIds.map((id) => sql`${id}`))}) ORDER BY id`,
  );
}

export type MessageHitRow = {
  id: number;
  conversation_id: number;
  channel: MessageSearchHit['channel'];
  direction: MessageSearchHit['direction'];
  created_at: number;
  snippet: string;
};

/** FTS5 over one customer's messages, best match first, with a snippet ([ ] mark the hits). */
export async function customerMessageHits(db: SearchReader, customerId: number, match: string, limit: number): Promise<MessageHitRow[]> {
  if (db.engine === 'postgres') {
    const query = tsQueryFromFts(match);
    if (!query) return [];
    return db.all<MessageHitRow>(sql`
      SELECT m.id, m.conversation_id, c.channel, m.direction, m.created_at,
             ts_headline('sb_search', m.body_text, q, 'StartSel=[, StopSel=], MaxWords=16, MinWords=6, ShortWord=0') AS snippet
      FROM message_fts f JOIN message m ON m.id = f.id JOIN conversation c ON c.id = m.conversation_id,
           to_tsquery('sb_search', unaccent(${query})) q
      WHERE f.doc @@ q AND c.customer_id = ${customerId}
      ORDER BY ts_rank(f.doc, q) DESC, m.id LIMIT ${limit}`);
  }
  return db.all<MessageHitRow>(sql`
    SELECT m.id, m.conversation_id, c.channel, m.direction, m.created_at,
           snippet(message_fts, 0, '[', ']', '…', 16) AS snippet
    FROM message_fts JOIN message m ON m.id = message_fts.rowid JOIN conversation c ON c.id = m.conversation_id
    WHERE message_fts MATCH ${match} AND c.customer_id = ${customerId}
    ORDER BY message_fts.rank LIMIT ${limit}`);
}

// --- timeline -----------------------------------------------------------------------------------------

export type TimelineQuery = Readonly<{
  customerId: number;
  cursor?: string;
  limit: number;
  channels?: readonly ChannelKind[];
  states?: readonly ConversationState[];
}>;

export type TimelineRow = {
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

/** One page of the timeline plus one row, which tells whether there is a next page. */
export async function timelineRows(db: Pick<Connection, 'all'>, q: TimelineQuery): Promise<TimelineRow[]> {
  return db.all<TimelineRow>(timelineSql(q));
}

// --- merge rules --------------------------------------------------------------------------------------

export type AutoMergeCandidate = { id: number; customer_a: number; customer_b: number; reason: string; identity_kind: IdentityKind };

/**
 * Open suggestions on this customer raised for an identity of one of these kinds, between two records that
 * both still stand, about an identity nobody marked shared.
 */
export async function autoMergeCandidates(db: Reader, customerId: number, kinds: readonly IdentityKind[]): Promise<AutoMergeCandidate[]> {
  return db.all<AutoMergeCandidate>(sql`
      SELECT s.id, s.customer_a, s.customer_b, s.reason, s.identity_kind FROM customer_suggestion s
      JOIN customer a ON a.id = s.customer_a JOIN customer b ON b.id = s.customer_b
      WHERE s.status = 'open' AND (s.customer_a = ${customerId} OR s.customer_b = ${customerId})
        AND s.identity_kind IN (${join(kinds.map((k) => sql`${k}`))})
        AND a.merged_into IS NULL AND b.merged_into IS NULL
        AND NOT EXISTS (SELECT 1 FROM identity i WHERE i.kind = s.identity_kind AND i.value = s.identity_value AND i.shared = 1)`);
}

/** How many of the two records still stand on their own (not merged away). */
export async function countLiveOfPair(db: Reader, a: number, b: number): Promise<number> {
  const live = await db.all<{ id: number }>(sql`SELECT id FROM customer WHERE id IN (${a}, ${b}) AND merged_into IS NULL`);
  return live.length;
}

// --- CSV import ---------------------------------------------------------------------------------------

export async function maxCustomerId(db: Pick<Connection, 'get'>): Promise<number> {
  return (await db.get<{ m: number | null }>(sql`SELECT max(id) AS m FROM customer`))?.m ?? 0;
}

/** Owners of these identities of one kind (at most a few hundred values per call). */
export async function identityOwners(
  db: Reader,
  kind: IdentityKind,
  values: readonly string[],
): Promise<Array<{ value: string; customer_id: number; shared: number }>> {
  return db.all<{ value: string; customer_id: number; shared: number }>(
    sql`SELECT value, customer_id, shared FROM identity WHERE kind = ${kind} AND value IN (${join(values.map((v) => sql`${v}`))})`,
  );
}

export async function noteBodiesOf(db: Reader, customerId: number): Promise<string[]> {
  const rows = await db.all<{ body: string }>(sql`SELECT body FROM customer_note WHERE customer_id = ${customerId}`);
  return rows.map((r) => r.body);
}

export type CustomerProfileRow = { id: number; display_name: string; company: string | null; attributes: string; tags: string };

/** Profiles of these customers (at most a few hundred ids per call). */
export async function customerProfileRows(db: Pick<Connection, 'all'>, customerIds: readonly number[]): Promise<CustomerProfileRow[]> {
  return db.all<CustomerProfileRow>(
    sql`SELECT id, display_name, company, attributes, tags FROM customer WHERE id IN (${join(customerIds.map((v) => sql`${v}`))})`,
  );
}

export type ImportedCustomer = Readonly<{
  id: number;
  displayName: string;
  company: string | null;
  attributes: Record<string, AttributeValue>;
  tags: readonly string[];
}>;

/** One multi-row INSERT: per-statement round trips, not SQLite, are what bound bulk writes. */
export async function insertCustomerRows(tx: Connection, part: readonly ImportedCustomer[], at: number): Promise<void> {
  await tx.run(
    sql`INSERT INTO customer (id, display_name, company, attributes, tags, created_at) VALUES ${join(
      part.map((c) => sql`(${c.id}, ${c.displayName}, ${c.company}, ${JSON.stringify(c.attributes)}, ${JSON.stringify(c.tags)}, ${at})`),
    )}`,
  );
}

export async function insertIdentityRows(
  tx: Connection,
  part: ReadonlyArray<Readonly<{ customerId: number; kind: IdentityKind; value: string }>>,
  at: number,
): Promise<void> {
  await tx.run(
    sql`INSERT INTO identity (customer_id, kind, value, created_at) VALUES ${join(part.map((i) => sql`(${i.customerId}, ${i.kind}, ${i.value}, ${at})`))}`,
  );
}

export async function insertNoteRows(
  tx: Connection,
  part: ReadonlyArray<Readonly<{ customerId: number; body: string }>>,
  byAgentId: number | null,
  at: number,
): Promise<void> {
  await tx.run(
    sql`INSERT INTO customer_note (customer_id, author_agent_id, body, created_at) VALUES ${join(part.map((n) => sql`(${n.customerId}, ${byAgentId}, ${n.body}, ${at})`))}`,
  );
}

export async function saveImportedProfile(tx: Connection, c: ImportedCustomer, at: number): Promise<void> {
  await tx.run(sql`
      UPDATE customer SET display_name = ${c.displayName}, company = ${c.company}, attributes = ${JSON.stringify(c.attributes)},
        tags = ${JSON.stringify(c.tags)}, updated_at = ${at}
      WHERE id = ${c.id}`);
}

// --- import jobs --------------------------------------------------------------------------------------

/** The last completed real (not dry-run) import of a file with this content. */
export async function lastImportOfFile(db: Reader, sha256: string): Promise<{ id: string; finished_at: number } | undefined> {
  return db.get<{ id: string; finished_at: number }>(
    sql`SELECT id, finished_at FROM customer_import WHERE file_sha256 = ${sha256} AND dry_run = 0 AND state = 'done' ORDER BY finished_at DESC LIMIT 1`,
  );
}

export async function insertImportJob(
  tx: Connection,
  j: Readonly<{ id: string; sha256: string; byAgentId: number; dryRun: boolean; startedAt: number }>,
): Promise<void> {
  await tx.run(
    sql`INSERT INTO customer_import (id, file_sha256, by_agent_id, dry_run, started_at, state) VALUES (${j.id}, ${j.sha256}, ${j.byAgentId}, ${j.dryRun}, ${j.startedAt}, 'running')`,
  );
}

export async function finishImportJob(tx: Connection, id: string, state: 'done' | 'failed', at: number, report: unknown): Promise<void> {
  await tx.run(sql`UPDATE customer_import SET state = ${state}, finished_at = ${at}, report = ${JSON.stringify(report)} WHERE id = ${id}`);
}
