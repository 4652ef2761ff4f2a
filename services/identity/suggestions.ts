import { HubError, type DuplicateSuggestion, type IdentityKind } from '../contracts';
import type { Connection } from '../store/store';
import { sql } from '../store/sql';

type Reader = Pick<Connection, 'get' | 'all'>;

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

const SELECT = sql`
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
  const row = await db.get<DbSuggestion>(sql`${SELECT} WHERE s.id = ${id}`);
  return row ? toSuggestion(row) : undefined;
}

/**
 * Records "these two records may be one person" with the reason; never merges. One open suggestion per
 * pair: a second reason for the same pair returns the existing one.
 */
export async function raiseSuggestion(
  tx: Connection,
  x: number,
  y: number,
  reason: string,
  identity: Readonly<{ kind: IdentityKind; value: string }> | null,
  at: number,
): Promise<DuplicateSuggestion> {
  const [a, b] = x < y ? [x, y] : [y, x];
  const open = await tx.get<{ id: number }>(
    sql`SELECT id FROM customer_suggestion WHERE customer_a = ${a} AND customer_b = ${b} AND status = 'open'`,
  );
  const id =
    open?.id ??
    (
      await tx.run(sql`
        INSERT INTO customer_suggestion (customer_a, customer_b, reason, identity_kind, identity_value, created_at)
        VALUES (${a}, ${b}, ${reason.slice(0, 500)}, ${identity?.kind ?? null}, ${identity?.value ?? null}, ${at})`)
    ).lastID;
  const suggestion = await getSuggestion(tx, id);
  if (!suggestion) throw new Error('suggestion insert lost its row');
  return suggestion;
}

/** Open suggestions only show pairs of records that both still stand on their own. */
export async function listSuggestions(
  db: Reader,
  filter: Readonly<{ status: DuplicateSuggestion['status']; customerId?: number; limit: number }>,
): Promise<DuplicateSuggestion[]> {
  const live = filter.status === 'open' ? sql` AND ca.merged_into IS NULL AND cb.merged_into IS NULL` : sql``;
  const rows =
    filter.customerId === undefined
      ? await db.all<DbSuggestion>(sql`${SELECT} WHERE s.status = ${filter.status}${live} ORDER BY s.id DESC LIMIT ${filter.limit}`)
      : await db.all<DbSuggestion>(sql`
          ${SELECT} WHERE s.status = ${filter.status} AND (s.customer_a = ${filter.customerId} OR s.customer_b = ${filter.customerId})${live}
          ORDER BY s.id DESC LIMIT ${filter.limit}`);
  return rows.map(toSuggestion);
}

export async function resolveSuggestion(
  tx: Connection,
  id: number,
  status: 'merged' | 'dismissed',
  byAgentId: number | null,
  at: number,
): Promise<DuplicateSuggestion> {
  const current = await getSuggestion(tx, id);
  if (!current) throw new HubError('not_found', `suggestion ${id} not found`);
  if (current.status !== 'open') throw new HubError('conflict', `suggestion ${id} is already ${current.status}`);
  await tx.run(
    sql`UPDATE customer_suggestion SET status = ${status}, resolved_at = ${at}, resolved_by_agent_id = ${byAgentId} WHERE id = ${id}`,
  );
  return { ...current, status, resolvedAt: at };
}

/** Closes the open suggestion for a pair, if any (the pair was merged by other means). */
export async function closePairSuggestion(tx: Connection, x: number, y: number, byAgentId: number | null, at: number): Promise<void> {
  const [a, b] = x < y ? [x, y] : [y, x];
  await tx.run(sql`
    UPDATE customer_suggestion SET status = 'merged', resolved_at = ${at}, resolved_by_agent_id = ${byAgentId}
    WHERE customer_a = ${a} AND customer_b = ${b} AND status = 'open'`);
}
