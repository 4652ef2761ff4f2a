import type { CustomerSummary, IdentityKind } from '../../contracts';
import type { Connection } from '../connection';
import { sql } from '../sql';

export async function findCustomerByIdentity(
  db: Pick<Connection, 'get'>,
  kind: IdentityKind,
  value: string,
): Promise<number | undefined> {
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

export async function getCustomerSummary(db: Pick<Connection, 'get' | 'all'>, id: number): Promise<CustomerSummary | undefined> {
  // One statement (a join) rather than two: this runs for every new conversation, and each sqlite3 call
  // costs main-thread time in the binding.
  const rows = await db.all<{ id: number; display_name: string; kind: IdentityKind | null; value: string | null }>(
    sql`SELECT c.id, c.display_name, i.kind, i.value FROM customer c LEFT JOIN identity i ON i.customer_id = c.id WHERE c.id = ${id} ORDER BY i.id`,
  );
  const first = rows[0];
  if (!first) return undefined;
  const identities = rows.flatMap((r) => (r.kind !== null && r.value !== null ? [{ kind: r.kind, value: r.value }] : []));
  return { id: first.id, displayName: first.display_name, identities };
}
