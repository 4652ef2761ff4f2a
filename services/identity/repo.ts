import {
  HubError,
  type AttributeDef,
  type AttributeValue,
  type CustomerIdentity,
  type CustomerNote,
  type CustomerProfile,
  type IdentityKind,
} from '../contracts';
import type { Connection } from '../store/store';
import { parseJson } from '../store/repos/json';
import { sql } from '../store/sql';

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
