import type { AuditRecord } from '../contracts';
import type { Connection } from '../store/store';
import { parseJson } from '../store/repos/json';
import { join, sql, type SqlQuery } from '../store/sql';

type Reader = Pick<Connection, 'all'>;

type DbAuditRow = {
  id: number;
  at: number;
  actor_kind: 'agent' | 'apiKey' | 'system';
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  target: string | null;
  detail: string;
};

/** What the trail writes: one row, never changed afterwards (the table's triggers refuse it). */
export type AuditRow = Readonly<{
  at: number;
  actorKind: DbAuditRow['actor_kind'];
  actorId: number | null;
  actorName: string | null;
  action: string;
  target: string | null;
  detail: string;
}>;

export async function insertAuditRow(tx: Pick<Connection, 'run'>, r: AuditRow): Promise<void> {
  await tx.run(sql`
    INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, action, target, detail)
    VALUES (${r.at}, ${r.actorKind}, ${r.actorId}, ${r.actorName}, ${r.action}, ${r.target}, ${r.detail})`);
}

export type AuditFilter = Readonly<{
  actor?: number | 'system';
  actionPrefix?: string;
  target?: string;
  text?: string;
  from?: number;
  to?: number;
  /** Only rows older than this id (the previous page's last). */
  cursor?: number;
  limit: number;
}>;

/** `%`, `_` and the escape character itself match literally in a LIKE built from user text. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Newest first, `limit` rows and whether more exist. Actor, action prefix, target and time range are
 * index ranges; the free text is a LIKE over the rows they leave (and over the newest rows when alone).
 */
export async function searchAuditRows(db: Reader, f: AuditFilter): Promise<{ rows: AuditRecord[]; more: boolean }> {
  const where: SqlQuery[] = [sql`1 = 1`];
  if (f.cursor !== undefined) where.push(sql`id < ${f.cursor}`);
  if (f.actor === 'system') where.push(sql`actor_kind = 'system'`);
  else if (f.actor !== undefined) where.push(sql`actor_kind = 'agent' AND actor_id = ${f.actor}`);
  // A prefix as a range over the index: every string that starts with it sorts between it and it + U+FFFF.
  if (f.actionPrefix !== undefined) where.push(sql`action >= ${f.actionPrefix} AND action < ${`${f.actionPrefix}\uffff`}`);
  if (f.target !== undefined) where.push(sql`target = ${f.target}`);
  if (f.from !== undefined) where.push(sql`at >= ${f.from}`);
  if (f.to !== undefined) where.push(sql`at < ${f.to}`);
  if (f.text !== undefined) {
    const like = likeContains(f.text);
    where.push(
      sql`(action LIKE ${like} ESCAPE '\\' OR target LIKE ${like} ESCAPE '\\' OR actor_name LIKE ${like} ESCAPE '\\' OR detail LIKE ${like} ESCAPE '\\')`,
    );
  }
  const rows = await db.all<DbAuditRow>(sql`
    SELECT id, at, actor_kind, actor_id, actor_name, action, target, detail FROM audit_log
    WHERE ${join(where, ' AND ')} ORDER BY id DESC LIMIT ${f.limit + 1}`);
  return { rows: rows.slice(0, f.limit).map(toRecord), more: rows.length > f.limit };
}

function toRecord(r: DbAuditRow): AuditRecord {
  const actor: AuditRecord['actor'] =
    r.actor_kind === 'agent'
      ? { kind: 'agent', agentId: r.actor_id ?? 0, name: r.actor_name }
      : r.actor_kind === 'apiKey'
        ? { kind: 'apiKey', keyId: r.actor_id ?? 0 }
        : { kind: 'system' };
  return { id: r.id, at: r.at, actor, action: r.action, target: r.target, detail: parseJson<Record<string, unknown>>(r.detail, {}) };
}
