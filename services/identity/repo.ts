import {
  HubError,
  MergeMoved,
  type AttributeDef,
  type AttributeValue,
  type CustomerIdentity,
  type CustomerNote,
  type CustomerProfile,
  type DuplicateSuggestion,
  type IdentityKind,
  type MergeRecord,
} from '../contracts';
import type { Connection } from '../store/store';
import { parseJson } from '../store/repos/json';
import { join, sql } from '../store/sql';

type Reader = Pick<Connection, 'get' | 'all'>;

export type DbCustomer = {
  id: number;
  display_name: string;
  company: string | null;
  attributes: string;
  tags: string;
  merged_into: number | null;
  created_at: number;
  updated_at: number | null;
};

type DbIdentity = { id: number; customer_id: number; kind: IdentityKind; value: string; shared: number; created_at: number };

export function toIdentity(r: DbIdentity): CustomerIdentity {
  return { id: r.id, kind: r.kind, value: r.value, shared: r.shared === 1, createdAt: r.created_at };
}

export async function getCustomerRow(db: Reader, id: number): Promise<DbCustomer | undefined> {
  return db.get<DbCustomer>(
    sql`SELECT id, display_name, company, attributes, tags, merged_into, created_at, updated_at FROM customer WHERE id = ${id}`,
  );
}

export async function requireCustomerRow(db: Reader, id: number): Promise<DbCustomer> {
  const row = await getCustomerRow(db, id);
  if (!row) throw new HubError('not_found', `customer ${id} not found`);
  return row;
}

/** A record that is still its own (not merged away); merges and edits only apply to these. */
export async function requireLiveCustomer(db: Reader, id: number): Promise<DbCustomer> {
  const row = await requireCustomerRow(db, id);
  if (row.merged_into !== null) throw new HubError('conflict', `customer ${id} was merged into customer ${row.merged_into}`);
  return row;
}

export async function listIdentities(db: Reader, customerId: number): Promise<CustomerIdentity[]> {
  const rows = await db.all<DbIdentity>(sql`SELECT * FROM identity WHERE customer_id = ${customerId} ORDER BY id`);
  return rows.map(toIdentity);
}

export async function getIdentity(db: Reader, id: number): Promise<(CustomerIdentity & { customerId: number }) | undefined> {
  const row = await db.get<DbIdentity>(sql`SELECT * FROM identity WHERE id = ${id}`);
  return row ? { ...toIdentity(row), customerId: row.customer_id } : undefined;
}

export async function findIdentity(
  db: Reader,
  kind: IdentityKind,
  value: string,
): Promise<(CustomerIdentity & { customerId: number }) | undefined> {
  const row = await db.get<DbIdentity>(sql`SELECT * FROM identity WHERE kind = ${kind} AND value = ${value}`);
  return row ? { ...toIdentity(row), customerId: row.customer_id } : undefined;
}

export function attributesOf(row: Pick<DbCustomer, 'attributes'>): Record<string, AttributeValue> {
  return parseJson<Record<string, AttributeValue>>(row.attributes, {});
}

export function tagsOf(row: Pick<DbCustomer, 'tags'>): string[] {
  return parseJson<string[]>(row.tags, []);
}

export async function getProfile(db: Reader, id: number): Promise<CustomerProfile> {
  const row = await requireCustomerRow(db, id);
  return {
    id: row.id,
    displayName: row.display_name,
    company: row.company,
    attributes: attributesOf(row),
    tags: tagsOf(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    mergedInto: row.merged_into,
    identities: await listIdentities(db, id),
  };
}

type DbNote = {
  id: number;
  customer_id: number;
  author_agent_id: number | null;
  author_name: string | null;
  body: string;
  created_at: number;
};

function toNote(r: DbNote): CustomerNote {
  return {
    id: r.id,
    customerId: r.customer_id,
    authorAgentId: r.author_agent_id,
    authorName: r.author_name,
    body: r.body,
    createdAt: r.created_at,
  };
}

export async function listNotes(db: Reader, customerId: number, limit = 100): Promise<CustomerNote[]> {
  const rows = await db.all<DbNote>(sql`
    SELECT n.id, n.customer_id, n.author_agent_id, a.display_name AS author_name, n.body, n.created_at
    FROM customer_note n LEFT JOIN agent a ON a.id = n.author_agent_id
    WHERE n.customer_id = ${customerId} ORDER BY n.id DESC LIMIT ${limit}`);
  return rows.map(toNote);
}

export async function insertNote(
  tx: Connection,
  customerId: number,
  authorAgentId: number | null,
  body: string,
  at: number,
): Promise<CustomerNote> {
  const result = await tx.run(
    sql`INSERT INTO customer_note (customer_id, author_agent_id, body, created_at) VALUES (${customerId}, ${authorAgentId}, ${body}, ${at})`,
  );
  const row = await tx.get<DbNote>(sql`
    SELECT n.id, n.customer_id, n.author_agent_id, a.display_name AS author_name, n.body, n.created_at
    FROM customer_note n LEFT JOIN agent a ON a.id = n.author_agent_id WHERE n.id = ${result.lastID}`);
  if (!row) throw new Error('note insert lost its row');
  return toNote(row);
}

type DbAttributeDef = { key: string; label: string; type: AttributeDef['type']; choices: string; category: string | null };

export async function listAttributeDefs(db: Reader): Promise<AttributeDef[]> {
  const rows = await db.all<DbAttributeDef>(
    sql`SELECT key, label, type, choices, category FROM customer_attribute_def ORDER BY category, label`,
  );
  return rows.map((r) => ({ key: r.key, label: r.label, type: r.type, choices: parseJson<string[]>(r.choices, []), category: r.category }));
}

export async function upsertAttributeDef(tx: Connection, def: AttributeDef, at: number): Promise<void> {
  await tx.run(sql`
    INSERT INTO customer_attribute_def (key, label, type, choices, category, created_at)
    VALUES (${def.key}, ${def.label}, ${def.type}, ${JSON.stringify(def.choices)}, ${def.category ?? null}, ${at})
    ON CONFLICT(key) DO UPDATE SET label = excluded.label, type = excluded.type, choices = excluded.choices, category = excluded.category`);
}

export type ProfilePatch = Readonly<{
  displayName?: string;
  company?: string | null;
  attributes?: Record<string, AttributeValue>;
  tags?: readonly string[];
}>;

export async function updateCustomerRow(tx: Connection, id: number, patch: ProfilePatch, at: number): Promise<void> {
  const current = await requireCustomerRow(tx, id);
  await tx.run(sql`
    UPDATE customer SET
      display_name = ${patch.displayName ?? current.display_name},
      company = ${patch.company === undefined ? current.company : patch.company},
      attributes = ${patch.attributes ? JSON.stringify(patch.attributes) : current.attributes},
      tags = ${patch.tags ? JSON.stringify(patch.tags) : current.tags},
      updated_at = ${at}
    WHERE id = ${id}`);
}

/** A contact's identity with the merge pointer of its customer, in one round trip (the ingest hot path). */
export async function findIdentityOwner(
  db: Reader,
  kind: IdentityKind,
  value: string,
): Promise<{ customer_id: number; merged_into: number | null } | undefined> {
  return db.get<{ customer_id: number; merged_into: number | null }>(
    sql`SELECT i.customer_id, c.merged_into FROM identity i JOIN customer c ON c.id = i.customer_id WHERE i.kind = ${kind} AND i.value = ${value}`,
  );
}

export async function mergedIntoOf(db: Pick<Connection, 'get'>, id: number): Promise<{ merged_into: number | null } | undefined> {
  return db.get<{ merged_into: number | null }>(sql`SELECT merged_into FROM customer WHERE id = ${id}`);
}

export async function setIdentityShared(tx: Connection, id: number, shared: boolean): Promise<void> {
  await tx.run(sql`UPDATE identity SET shared = ${shared} WHERE id = ${id}`);
}

// --- merges -------------------------------------------------------------------------------------------

type DbMerge = {
  id: number;
  at: number;
  by_agent_id: number | null;
  rule: string | null;
  reason: string;
  survivor_id: number;
  merged_id: number;
  moved: string;
  merged_before: string;
  survivor_before: string;
  undone_at: number | null;
  undone_by_agent_id: number | null;
  undo_reason: string | null;
};

const emptyMoved: MergeMoved = { identities: [], conversations: [], notes: [], tags: [], attributes: [], company: null };

function toMerge(r: DbMerge): MergeRecord {
  const moved = MergeMoved.safeParse(parseJson(r.moved, null));
  return {
    id: r.id,
    at: r.at,
    byAgentId: r.by_agent_id,
    rule: r.rule,
    reason: r.reason,
    survivorId: r.survivor_id,
    mergedId: r.merged_id,
    moved: moved.success ? moved.data : emptyMoved,
    undoneAt: r.undone_at,
    undoneByAgentId: r.undone_by_agent_id,
    undoReason: r.undo_reason,
  };
}

export async function getMerge(db: Reader, id: number): Promise<MergeRecord | undefined> {
  const row = await db.get<DbMerge>(sql`SELECT * FROM customer_merge WHERE id = ${id}`);
  return row ? toMerge(row) : undefined;
}

/** Every merge this record took part in, as survivor or as the merged one, newest first. */
export async function listMergesOf(db: Reader, customerId: number): Promise<MergeRecord[]> {
  const rows = await db.all<DbMerge>(sql`
    SELECT * FROM customer_merge WHERE survivor_id = ${customerId}
    UNION SELECT * FROM customer_merge WHERE merged_id = ${customerId}
    ORDER BY id DESC LIMIT 100`);
  return rows.map(toMerge);
}

/** What a merge would move off this record: its identities, conversations and notes, oldest first. */
export async function customerBelongings(
  db: Reader,
  customerId: number,
): Promise<Pick<MergeMoved, 'identities' | 'conversations' | 'notes'>> {
  const identities = await db.all<{ id: number; kind: IdentityKind; value: string }>(
    sql`SELECT id, kind, value FROM identity WHERE customer_id = ${customerId} ORDER BY id`,
  );
  const conversations = (await db.all<{ id: number }>(sql`SELECT id FROM conversation WHERE customer_id = ${customerId} ORDER BY id`)).map(
    (r) => r.id,
  );
  const notes = (await db.all<{ id: number }>(sql`SELECT id FROM customer_note WHERE customer_id = ${customerId} ORDER BY id`)).map(
    (r) => r.id,
  );
  return { identities, conversations, notes };
}

/** Moves every identity, conversation and note of `fromId` to `toId`. */
export async function moveAllBelongings(tx: Connection, fromId: number, toId: number): Promise<void> {
  await tx.run(sql`UPDATE identity SET customer_id = ${toId} WHERE customer_id = ${fromId}`);
  await tx.run(sql`UPDATE conversation SET customer_id = ${toId} WHERE customer_id = ${fromId}`);
  await tx.run(sql`UPDATE customer_note SET customer_id = ${toId} WHERE customer_id = ${fromId}`);
}

const ids = (values: readonly number[]) => join(values.map((v) => sql`${v}`));

/** Moves the listed identities, conversations and notes from `fromId` back to `toId` (those still on `fromId`). */
export async function moveBelongingsBack(
  tx: Connection,
  fromId: number,
  toId: number,
  moved: Pick<MergeMoved, 'identities' | 'conversations' | 'notes'>,
): Promise<void> {
  if (moved.identities.length > 0) {
    await tx.run(
      sql`UPDATE identity SET customer_id = ${toId} WHERE customer_id = ${fromId} AND id IN (${ids(moved.identities.map((i) => i.id))})`,
    );
  }
  for (let i = 0; i < moved.conversations.length; i += 500) {
    const chunk = moved.conversations.slice(i, i + 500);
    await tx.run(sql`UPDATE conversation SET customer_id = ${toId} WHERE customer_id = ${fromId} AND id IN (${ids(chunk)})`);
  }
  for (let i = 0; i < moved.notes.length; i += 500) {
    const chunk = moved.notes.slice(i, i + 500);
    await tx.run(sql`UPDATE customer_note SET customer_id = ${toId} WHERE customer_id = ${fromId} AND id IN (${ids(chunk)})`);
  }
}

type MergedProfile = Readonly<{ tags: readonly string[]; attributes: Record<string, AttributeValue>; company: string | null }>;

/** The survivor's profile after a merge filled its gaps. */
export async function saveMergedProfile(tx: Connection, id: number, p: MergedProfile, at: number): Promise<void> {
  await tx.run(sql`
    UPDATE customer SET tags = ${JSON.stringify(p.tags)}, attributes = ${JSON.stringify(p.attributes)},
      company = ${p.company}, updated_at = ${at}
    WHERE id = ${id}`);
}

/** The survivor's profile after an unmerge took the gap-filled values back out. */
export async function saveUnmergedProfile(tx: Connection, id: number, p: MergedProfile, at: number): Promise<void> {
  await tx.run(sql`
    UPDATE customer SET tags = ${JSON.stringify(p.tags)}, attributes = ${JSON.stringify(p.attributes)}, company = ${p.company}, updated_at = ${at}
    WHERE id = ${id}`);
}

export async function setMergedInto(tx: Connection, id: number, survivorId: number, at: number): Promise<void> {
  await tx.run(sql`UPDATE customer SET merged_into = ${survivorId}, updated_at = ${at} WHERE id = ${id}`);
}

export async function clearMergedInto(tx: Connection, id: number, at: number): Promise<void> {
  await tx.run(sql`UPDATE customer SET merged_into = NULL, updated_at = ${at} WHERE id = ${id}`);
}

/** The audit row of a merge; returns its id. */
export async function insertMerge(
  tx: Connection,
  m: Readonly<{
    at: number;
    byAgentId: number | null;
    rule: string | null;
    reason: string;
    survivor: DbCustomer;
    merged: DbCustomer;
    moved: MergeMoved;
  }>,
): Promise<number> {
  const result = await tx.run(sql`
    INSERT INTO customer_merge (at, by_agent_id, rule, reason, survivor_id, merged_id, moved, merged_before, survivor_before)
    VALUES (${m.at}, ${m.byAgentId}, ${m.rule}, ${m.reason}, ${m.survivor.id}, ${m.merged.id}, ${JSON.stringify(m.moved)},
            ${JSON.stringify(m.merged)}, ${JSON.stringify(m.survivor)})`);
  return result.lastID;
}

export async function markMergeUndone(tx: Connection, id: number, byAgentId: number | null, reason: string, at: number): Promise<void> {
  await tx.run(
    sql`UPDATE customer_merge SET undone_at = ${at}, undone_by_agent_id = ${byAgentId}, undo_reason = ${reason} WHERE id = ${id}`,
  );
}

// --- duplicate suggestions ----------------------------------------------------------------------------

type DbSuggestion = {
  id: number;
  customer_a: number;
  customer_b: number;
  a_name: string;
  b_name: string;
  reason: string;
  identity_kind: IdentityKind | null;
  identity_value: string | null;
  status: DuplicateSuggestion['status'];
  created_at: number;
  resolved_at: number | null;
};

const SELECT_SUGGESTION = sql`
  SELECT s.id, s.customer_a, s.customer_b, ca.display_name AS a_name, cb.display_name AS b_name, s.reason,
         s.identity_kind, s.identity_value, s.status, s.created_at, s.resolved_at
  FROM customer_suggestion s JOIN customer ca ON ca.id = s.customer_a JOIN customer cb ON cb.id = s.customer_b`;

function toSuggestion(r: DbSuggestion): DuplicateSuggestion {
  return {
    id: r.id,
    customerA: { id: r.customer_a, displayName: r.a_name },
    customerB: { id: r.customer_b, displayName: r.b_name },
    reason: r.reason,
    identity: r.identity_kind !== null && r.identity_value !== null ? { kind: r.identity_kind, value: r.identity_value } : null,
    status: r.status,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
  };
}

export async function getSuggestion(db: Reader, id: number): Promise<DuplicateSuggestion | undefined> {
  const row = await db.get<DbSuggestion>(sql`${SELECT_SUGGESTION} WHERE s.id = ${id}`);
  return row ? toSuggestion(row) : undefined;
}

/** Open suggestions only show pairs of records that both still stand on their own. */
export async function listSuggestions(
  db: Reader,
  filter: Readonly<{ status: DuplicateSuggestion['status']; customerId?: number; limit: number }>,
): Promise<DuplicateSuggestion[]> {
  const live = filter.status === 'open' ? sql` AND ca.merged_into IS NULL AND cb.merged_into IS NULL` : sql``;
  const rows =
    filter.customerId === undefined
      ? await db.all<DbSuggestion>(
          sql`${SELECT_SUGGESTION} WHERE s.status = ${filter.status}${live} ORDER BY s.id DESC LIMIT ${filter.limit}`,
        )
      : await db.all<DbSuggestion>(sql`
          ${SELECT_SUGGESTION} WHERE s.status = ${filter.status} AND (s.customer_a = ${filter.customerId} OR s.customer_b = ${filter.customerId})${live}
          ORDER BY s.id DESC LIMIT ${filter.limit}`);
  return rows.map(toSuggestion);
}

/** The open suggestion for an ordered pair (a < b), if any. */
export async function openSuggestionId(db: Reader, a: number, b: number): Promise<number | undefined> {
  const open = await db.get<{ id: number }>(
    sql`SELECT id FROM customer_suggestion WHERE customer_a = ${a} AND customer_b = ${b} AND status = 'open'`,
  );
  return open?.id;
}

/** A new open suggestion for an ordered pair (a < b); returns its id. */
export async function insertSuggestion(
  tx: Connection,
  a: number,
  b: number,
  reason: string,
  identity: Readonly<{ kind: IdentityKind; value: string }> | null,
  at: number,
): Promise<number> {
  return (
    await tx.run(sql`
        INSERT INTO customer_suggestion (customer_a, customer_b, reason, identity_kind, identity_value, created_at)
        VALUES (${a}, ${b}, ${reason.slice(0, 500)}, ${identity?.kind ?? null}, ${identity?.value ?? null}, ${at})`)
  ).lastID;
}

export async function setSuggestionStatus(
  tx: Connection,
  id: number,
  status: 'merged' | 'dismissed',
  byAgentId: number | null,
  at: number,
): Promise<void> {
  await tx.run(
    sql`UPDATE customer_suggestion SET status = ${status}, resolved_at = ${at}, resolved_by_agent_id = ${byAgentId} WHERE id = ${id}`,
  );
}

/** Marks the open suggestion of an ordered pair (a < b) merged, if there is one. */
export async function closeOpenSuggestion(tx: Connection, a: number, b: number, byAgentId: number | null, at: number): Promise<void> {
  await tx.run(sql`
    UPDATE customer_suggestion SET status = 'merged', resolved_at = ${at}, resolved_by_agent_id = ${byAgentId}
    WHERE customer_a = ${a} AND customer_b = ${b} AND status = 'open'`);
}
