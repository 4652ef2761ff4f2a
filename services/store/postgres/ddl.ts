import { statements, translate } from './dialect';

/**
 * A migration's SQLite DDL as PostgreSQL DDL, for the mechanical differences: INTEGER -> BIGINT, REAL ->
 * DOUBLE PRECISION, BLOB -> BYTEA, WITHOUT ROWID dropped, INSERT OR IGNORE -> ON CONFLICT DO NOTHING.
 * `id INTEGER PRIMARY KEY` keeps SQLite's rule that an insert without an id gets MAX(id) + 1 (a trigger,
 * `sb_next_id`): batch ingest numbers its rows itself from MAX(id), exactly as SQLite would, so a sequence
 * that knew nothing of those ids would hand them out again. Writers never race for it: every write
 * transaction holds the writer lock (pgStore.ts). Migrations that create triggers or virtual tables carry
 * their own `postgres` text instead.
 */
export function translateDdl(sqliteDdl: string): string {
  const out: string[] = [];
  for (const statement of statements(sqliteDdl)) {
    if (statement.trim() === '') continue;
    const table = /^\s*(?:--[^\n]*\n\s*)*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([A-Za-z_][A-Za-z0-9_]*)/i.exec(statement)?.[1];
    let hasId = false;
    let text = statement.replace(/\b(\w+)\s+INTEGER\s+PRIMARY\s+KEY(\s+AUTOINCREMENT)?/gi, (_m, column: string) => {
      if (column.toLowerCase() === 'id') hasId = true;
      return `${column} BIGINT PRIMARY KEY`;
    });
    text = text
      .replace(/\bINTEGER\b/g, 'BIGINT')
      .replace(/\bREAL\b/g, 'DOUBLE PRECISION')
      .replace(/\bBLOB\b/g, 'BYTEA')
      .replace(/\)\s*WITHOUT\s+ROWID/gi, ')');
    out.push(translate(text).text);
    if (table && hasId) {
      out.push(
        `CREATE TRIGGER ${table}_next_id BEFORE INSERT ON ${table} FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION sb_next_id()`,
      );
    }
  }
  return out.join(';\n');
}

/**
 * The function behind `id INTEGER PRIMARY KEY` on PostgreSQL (see translateDdl). Replaced at every start
 * (pgMigrate.ts), so its body is no schema version. The tables every inbound message writes to get a static
 * query, which PL/pgSQL plans once per connection; EXECUTE parses and plans its text again for every row
 * (batch ingest inserts identities without ids: that was ~30 us of the database's CPU per new customer).
 */
export const NEXT_ID_FUNCTION = `
CREATE OR REPLACE FUNCTION sb_next_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_SCHEMA = current_schema() THEN
    CASE TG_TABLE_NAME
      WHEN 'identity' THEN SELECT COALESCE(MAX(id), 0) + 1 INTO NEW.id FROM identity; RETURN NEW;
      WHEN 'message' THEN SELECT COALESCE(MAX(id), 0) + 1 INTO NEW.id FROM message; RETURN NEW;
      WHEN 'conversation' THEN SELECT COALESCE(MAX(id), 0) + 1 INTO NEW.id FROM conversation; RETURN NEW;
      WHEN 'customer' THEN SELECT COALESCE(MAX(id), 0) + 1 INTO NEW.id FROM customer; RETURN NEW;
      ELSE NULL;
    END CASE;
  END IF;
  EXECUTE format('SELECT COALESCE(MAX(id), 0) + 1 FROM %I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO NEW.id;
  RETURN NEW;
END $$`;

/**
 * SQLite's json_patch (RFC 7396 merge patch: objects merge recursively, a null deletes the key) for the
 * dialect translation; the repos rely on the recursion (a status update adds to meta.email, keeping mode).
 */
export const JSON_PATCH_FUNCTION = `
CREATE OR REPLACE FUNCTION sb_json_patch(target jsonb, patch jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE k text; v jsonb;
BEGIN
  IF jsonb_typeof(patch) IS DISTINCT FROM 'object' THEN RETURN patch; END IF;
  IF jsonb_typeof(target) IS DISTINCT FROM 'object' THEN target := '{}'; END IF;
  FOR k, v IN SELECT key, value FROM jsonb_each(patch) LOOP
    IF jsonb_typeof(v) = 'null' THEN target := target - k;
    ELSE target := jsonb_set(target, ARRAY[k], sb_json_patch(target -> k, v)); END IF;
  END LOOP;
  RETURN target;
END $$`;
