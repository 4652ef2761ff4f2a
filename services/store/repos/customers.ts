import type { CustomerSummary, IdentityKind } from '../../contracts';
import type { Connection } from '../connection';
import { sql, valuesLiteral } from '../sql';

export async function findCustomerByIdentity(db: Pick<Connection, 'get'>, kind: IdentityKind, value: string): Promise<number | undefined> {
  const row = await db.get<{ customer_id: number }>(sql`SELECT customer_id FROM identity WHERE kind = ${kind} AND value = ${value}`);
  return row?.customer_id;
}

export async function insertCustomer(tx: Connection, displayName: string, at: number): Promise<number> {
  const result = await tx.run(sql`INSERT INTO customer (display_name, created_at) VALUES (${displayName}, ${at})`);
  return result.lastID;
}

export async function insertIdentity(tx: Connection, customerId: number, kind: IdentityKind, value: string, at: number): Promise<void> {
  await tx.run(sql`INSERT INTO identity (customer_id, kind, value, created_at) VALUES (${customerId}, ${kind}, ${value}, ${at})`);
}

export type NumberedCustomer = Readonly<{ id: number; displayName: string; at: number }>;
export type NewIdentity = Readonly<{ customerId: number; kind: IdentityKind; value: string; at: number }>;
export type IdentityOwner = Readonly<{ customerId: number; mergedInto: number | null }>;

/** The statement inserting many customers with caller-chosen ids, as SQL text with the rows inlined (for exec). */
export function insertCustomersSql(rows: readonly NumberedCustomer[]): string {
  return `INSERT INTO customer (id, display_name, created_at) VALUES ${valuesLiteral(rows.map((c) => [c.id, c.displayName, c.at]))}`;
}

export function insertIdentitiesSql(rows: readonly NewIdentity[]): string {
  return `INSERT INTO identity (customer_id, kind, value, created_at) VALUES ${valuesLiteral(rows.map((i) => [i.customerId, i.kind, i.value, i.at]))}`;
}

export async function getCustomerSummary(db: Pick<Connection, 'all' | 'engine'>, id: number): Promise<CustomerSummary | undefined> {
  return (await getCustomerSummaries(db, [id])).get(id);
}

/** Summaries (name and identities) of many customers in one statement, the join a queue card needs. */
export async function getCustomerSummaries(
  db: Pick<Connection, 'all' | 'engine'>,
  ids: readonly number[],
): Promise<Map<number, CustomerSummary>> {
  const summaries = new Map<number, CustomerSummary>();
  if (ids.length === 0) return summaries;
  const list = JSON.stringify([...new Set(ids)]);
  // PostgreSQL has no json_each over an array: the same list through jsonb_array_elements_text, each id an
  // index probe and each customer's identities one more (OFFSET 0 keeps the LATERAL a loop): as joins, the
  // planner hashed the list against scans of every customer and identity on tables it last saw small.
  const query =
    db.engine === 'postgres'
      ? sql`
    SELECT c.id, c.display_name, i.kind, i.value
    FROM customer c LEFT JOIN LATERAL (SELECT id, kind, value FROM identity WHERE customer_id = c.id OFFSET 0) i ON true
    WHERE c.id = ANY(ARRAY(SELECT value::bigint FROM jsonb_array_elements_text(${list}::jsonb)))
    ORDER BY c.id, i.id`
      : sql`
    SELECT c.id, c.display_name, i.kind, i.value
    FROM customer c LEFT JOIN identity i ON i.customer_id = c.id
    WHERE c.id IN (SELECT value FROM json_each(${list}))
    ORDER BY c.id, i.id`;
  const rows = await db.all<{ id: number; display_name: string; kind: IdentityKind | null; value: string | null }>(query);
  for (const r of rows) {
    let summary = summaries.get(r.id);
    if (!summary) {
      summary = { id: r.id, displayName: r.display_name, identities: [] };
      summaries.set(r.id, summary);
    }
    if (r.kind !== null && r.value !== null) summary.identities.push({ kind: r.kind, value: r.value });
  }
  return summaries;
}
