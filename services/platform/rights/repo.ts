import type { Connection } from '../../store/store';
import { join, raw, sql } from '../../store/sql';

type Writer = Pick<Connection, 'get' | 'all' | 'run' | 'engine'>;

const ids = (values: readonly number[]) => join(values.map((v) => sql`${v}`));
const CHUNK = 500;

type ForeignKey = Readonly<{ table: string; column: string; parent: string }>;

/**
 * Every foreign key in the schema, read from SQLite itself: a table a module adds later (an analysis
 * result, a channel's side table) is purged with the rows it points at without this file knowing it.
 */
export async function foreignKeys(tx: Writer): Promise<ForeignKey[]> {
  if (tx.engine === 'postgres') {
    return tx.all<ForeignKey>(sql`
      SELECT cl.relname AS "table", a.attname AS "column", pcl.relname AS "parent"
      FROM pg_constraint c
      JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class pcl ON pcl.oid = c.confrelid
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND cl.relnamespace = current_schema()::regnamespace
      ORDER BY cl.relname, a.attname`);
  }
  const tables = await tx.all<{ name: string }>(
    sql`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'`,
  );
  const out: ForeignKey[] = [];
  for (const t of tables) {
    const fks = await tx.all<{ table: string; from: string }>(sql`SELECT "table", "from" FROM pragma_foreign_key_list(${t.name})`);
    for (const fk of fks) out.push({ table: t.name, column: fk.from, parent: fk.table });
  }
  return out;
}

const quoted = (name: string) => raw(`"${name.replace(/"/g, '""')}"`);

/**
 * What names one row for the purge: SQLite's rowid; on PostgreSQL the `id` column where the table has one,
 * else the row's ctid (stable here: the writer lock keeps other writers out, and only rows with an id are
 * updated before their delete).
 */
async function rowKey(tx: Writer, table: string): Promise<string> {
  if (tx.engine !== 'postgres') return 'rowid';
  const hasId = await tx.get<{ n: number }>(
    sql`SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ${table} AND column_name = 'id'`,
  );
  return hasId?.n ? 'id' : 'ctid';
}

/** Whether a table exists (a module's table is there only where the module's migrations ran). */
async function tableExists(tx: Writer, table: string): Promise<boolean> {
  if (tx.engine === 'postgres') return (await tx.get<{ t: string | null }>(sql`SELECT to_regclass(${table})::text AS t`))?.t != null;
  return ((await tx.get<{ n: number }>(sql`SELECT count(*) AS n FROM sqlite_schema WHERE name = ${table}`))?.n ?? 0) > 0;
}

/**
 * Deletes rows of `table` by rowid after deleting, depth first, every row elsewhere that points at them.
 * Returns rows deleted per table. Rows of the same table pointing at each other (customer.merged_into)
 * are handled by the caller passing the whole family at once.
 */
export async function purgeRows(
  tx: Writer,
  fks: readonly ForeignKey[],
  table: string,
  rowIds: readonly number[],
  counts: Map<string, number> = new Map(),
  depth = 0,
): Promise<Map<string, number>> {
  if (rowIds.length === 0) return counts;
  if (depth > 8) throw new Error(`foreign keys nest deeper than expected below ${table}`);
  for (let i = 0; i < rowIds.length; i += CHUNK) {
    const part = rowIds.slice(i, i + CHUNK);
    for (const fk of fks) {
      if (fk.parent !== table || fk.table === table) continue;
      const key = await rowKey(tx, fk.table);
      const children = await tx.all<{ id: number }>(
        sql`SELECT ${raw(key)} AS id FROM ${quoted(fk.table)} WHERE ${quoted(fk.column)} IN (${ids(part)})`,
      );
      await purgeRows(
        tx,
        fks,
        fk.table,
        children.map((c) => c.id),
        counts,
        depth + 1,
      );
    }
    // Self references inside the set (merged records) are cleared first so the delete order does not matter.
    for (const fk of fks) {
      if (fk.parent === table && fk.table === table)
        await tx.run(sql`UPDATE ${quoted(table)} SET ${quoted(fk.column)} = NULL WHERE ${quoted(fk.column)} IN (${ids(part)})`);
    }
    const r = await tx.run(sql`DELETE FROM ${quoted(table)} WHERE ${raw(await rowKey(tx, table))} IN (${ids(part)})`);
    counts.set(table, (counts.get(table) ?? 0) + r.changes);
  }
  return counts;
}

/** Rows with no foreign key that still name the customer: web-chat sign-in codes, SMS opt-outs by number. */
export async function purgeByIdentityValues(tx: Writer, values: readonly string[]): Promise<void> {
  if (values.length === 0) return;
  const names = ['webchat_code', 'sms_opt_out', 'webchat_visitor', 'webchat_history_session'];
  const tables = new Set<string>();
  for (const name of names) if (await tableExists(tx, name)) tables.add(name);
  if (tables.has('webchat_code')) await tx.run(sql`DELETE FROM webchat_code WHERE value IN (${join(values.map((v) => sql`${v}`))})`);
  if (tables.has('sms_opt_out')) await tx.run(sql`DELETE FROM sms_opt_out WHERE phone IN (${join(values.map((v) => sql`${v}`))})`);
  if (tables.has('webchat_visitor')) {
    const list = join(values.map((v) => sql`${v}`));
    await tx.run(sql`DELETE FROM webchat_visitor WHERE from_value IN (${list}) OR email IN (${list}) OR phone IN (${list})`);
  }
  if (tables.has('webchat_history_session'))
    await tx.run(sql`DELETE FROM webchat_history_session WHERE value IN (${join(values.map((v) => sql`${v}`))})`);
}

export async function identityValuesOf(tx: Writer, customerIds: readonly number[]): Promise<string[]> {
  if (customerIds.length === 0) return [];
  return (await tx.all<{ value: string }>(sql`SELECT value FROM identity WHERE customer_id IN (${ids(customerIds)})`)).map((r) => r.value);
}

export async function messageIdsOf(tx: Writer, conversationIds: readonly number[]): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < conversationIds.length; i += CHUNK) {
    const part = conversationIds.slice(i, i + CHUNK);
    out.push(...(await tx.all<{ id: number }>(sql`SELECT id FROM message WHERE conversation_id IN (${ids(part)})`)).map((r) => r.id));
  }
  return out;
}

export type EventData = Readonly<{ seq: number; data: string }>;

export async function eventsOfConversations(tx: Writer, conversationIds: readonly number[]): Promise<EventData[]> {
  const out: EventData[] = [];
  for (let i = 0; i < conversationIds.length; i += CHUNK) {
    const part = conversationIds.slice(i, i + CHUNK);
    out.push(...(await tx.all<EventData>(sql`SELECT seq, data FROM event WHERE conversation_id IN (${ids(part)})`)));
  }
  return out;
}

/** The one sanctioned edit of the event log: an erased conversation's events keep only their figures. */
export async function rewriteEventData(tx: Writer, seq: number, data: string): Promise<void> {
  await tx.run(sql`UPDATE event SET data = ${data} WHERE seq = ${seq}`);
}

/**
 * Deleted rows leave their tokens in FTS5's segments until a merge; 'optimize' rewrites each index into
 * one segment without them, so the erased words cannot be found even by reading the index's own tables.
 */
export async function compactSearchIndexes(tx: Writer): Promise<void> {
  // PostgreSQL: the search documents are rows deleted with their message or customer (ON DELETE CASCADE);
  // nothing of them stays readable through SQL, and VACUUM reclaims the space.
  if (tx.engine === 'postgres') return;
  const fts = await tx.all<{ name: string }>(
    sql`SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'`,
  );
  for (const t of fts) await tx.run(sql`INSERT INTO ${quoted(t.name)}(${quoted(t.name)}) VALUES ('optimize')`);
}

/**
 * The customer_fts index is external-content over customer with insert/update triggers only: deleting a
 * customer row leaves its name in the index. Remove it explicitly, with the text the index was given.
 */
export async function removeCustomerFromNameIndex(tx: Writer, customerIds: readonly number[]): Promise<void> {
  if (customerIds.length === 0 || tx.engine === 'postgres') return;
  await tx.run(sql`
    INSERT INTO customer_fts(customer_fts, rowid, display_name, company)
    SELECT 'delete', id, display_name, company FROM customer WHERE id IN (${ids(customerIds)})`);
}

/** Webhook deliveries (sent or not) whose payload names these customers or conversations: they hold their text. */
export async function dropDeliveriesOf(tx: Writer, customerIds: readonly number[], conversationIds: readonly number[]): Promise<number> {
  let dropped = 0;
  if (!(await tableExists(tx, 'webhook_delivery'))) return 0;
  for (let i = 0; i < Math.max(customerIds.length, conversationIds.length); i += CHUNK) {
    const customers = customerIds.slice(i, i + CHUNK);
    const conversations = conversationIds.slice(i, i + CHUNK);
    const r = await tx.run(sql`
      DELETE FROM webhook_delivery WHERE
        json_extract(payload, '$.data.customerId') IN (${ids(customers.length ? customers : [-1])})
        OR json_extract(payload, '$.data.mergedId') IN (${ids(customers.length ? customers : [-1])})
        OR json_extract(payload, '$.data.survivorId') IN (${ids(customers.length ? customers : [-1])})
        OR json_extract(payload, '$.data.conversationId') IN (${ids(conversations.length ? conversations : [-1])})`);
    dropped += r.changes;
  }
  return dropped;
}
