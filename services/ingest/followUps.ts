import { valuesLiteral, type LiteralValue } from '../store/sql';
import type { FollowUpRef, ParsedFollowUpRow } from './inbound';

/** What ingest allocated for one message: what a follow-up row's `{ ref }` values stand for. */
export type FollowUpIds = Readonly<Record<FollowUpRef, number>>;

/** One message's follow-up rows and the ids they point at. */
export type MessageFollowUps = Readonly<{ rows: readonly ParsedFollowUpRow[]; ids: FollowUpIds }>;

/**
 * The INSERT statements for the follow-up rows of one or many messages, in the same exec as (or right after)
 * their messages: one multi-row statement per table and column set, values inlined (valuesLiteral), so a
 * batch with attachments costs no more round trips than one without. Rows of one group keep their order.
 */
export function followUpsSql(messages: readonly MessageFollowUps[]): string[] {
  const groups = new Map<string, { head: string; columns: readonly string[]; rows: LiteralValue[][] }>();
  for (const { rows, ids } of messages) {
    for (const row of rows) {
      const columns = Object.keys(row.values).sort();
      if (columns.length === 0) throw new Error(`follow-up row for ${row.table} has no values`);
      const verb = row.onConflict === 'ignore' ? 'INSERT OR IGNORE' : 'INSERT';
      const head = `${verb} INTO ${row.table} (${columns.join(', ')})`;
      let group = groups.get(head);
      if (!group) {
        group = { head, columns, rows: [] };
        groups.set(head, group);
      }
      group.rows.push(
        columns.map((c) => {
          const value = row.values[c];
          return value !== null && typeof value === 'object' ? ids[value.ref] : value;
        }),
      );
    }
  }
  return [...groups.values()].map((g) => `${g.head} VALUES ${valuesLiteral(g.rows)}`);
}
