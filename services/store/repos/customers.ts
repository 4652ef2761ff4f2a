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
  const row = await db.get<{ id: number; display_name: string }>(sql`SELECT id, display_name FROM customer WHERE id = ${id}`);
  if (!row) return undefined;
  const identities = await db.all<{ kind: IdentityKind; value: string }>(
    sql`SELECT kind, value FROM identity WHERE customer_id = ${id} ORDER BY id`,
  );
  return { id: row.id, displayName: row.display_name, identities };
}
