import type { Migration } from '../migration';
import { translateDdl } from '../postgres/ddl';

/**
 * Who changed what and when (services/audit). Append-only: triggers refuse UPDATE and DELETE, so a row,
 * once written, stays as it was. Newest-first pages walk `id` backwards; each filter the Audit log offers
 * (actor, action prefix, target, time range) has an index ending in `id` so a page is one index range.
 * `actor_name` is the username at the time: the log stays readable after an agent is renamed.
 */
const SQLITE = `
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('agent','apiKey','system')),
  actor_id INTEGER,
  actor_name TEXT,
  action TEXT NOT NULL,
  target TEXT,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log(at, id);
CREATE INDEX audit_log_actor ON audit_log(actor_kind, actor_id, id);
CREATE INDEX audit_log_action ON audit_log(action, id);
CREATE INDEX audit_log_target ON audit_log(target, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`;

/** PostgreSQL: the same table and indexes; the append-only rule as one PL/pgSQL trigger function. */
const POSTGRES = `${translateDdl(SQLITE.slice(0, SQLITE.indexOf('CREATE TRIGGER')))};
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
`;

export const migration0009: Migration = { version: 9, name: 'audit-log', sql: SQLITE, postgres: POSTGRES };
