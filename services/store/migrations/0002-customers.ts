import type { Migration } from '../migration';
import { translateDdl } from '../postgres/ddl';

/**
 * Customer 360: profile fields, admin-defined attributes, notes, merge audit (reversible), duplicate
 * suggestions, import jobs, a denormalised first line per conversation for the timeline, and FTS5 over
 * customer names and message bodies. Triggers keep the derived columns and indexes current, so the
 * ingest path needs no change to feed them.
 */
const SQLITE = `
ALTER TABLE customer ADD COLUMN company TEXT;
ALTER TABLE customer ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE customer ADD COLUMN updated_at INTEGER;

CREATE TABLE customer_attribute_def (
  key TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('text','number','date','choice')),
  choices TEXT NOT NULL DEFAULT '[]',
  category TEXT,
  created_at INTEGER NOT NULL
);

CREATE TABLE customer_note (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customer(id),
  author_agent_id INTEGER REFERENCES agent(id),
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX customer_note_customer ON customer_note(customer_id, id);

-- One row per merge: who, when, why, and exactly what moved (JSON), so it can be undone.
CREATE TABLE customer_merge (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  by_agent_id INTEGER REFERENCES agent(id),
  rule TEXT,
  reason TEXT NOT NULL,
  survivor_id INTEGER NOT NULL REFERENCES customer(id),
  merged_id INTEGER NOT NULL REFERENCES customer(id),
  moved TEXT NOT NULL,
  merged_before TEXT NOT NULL,
  survivor_before TEXT NOT NULL,
  undone_at INTEGER,
  undone_by_agent_id INTEGER REFERENCES agent(id),
  undo_reason TEXT
);
CREATE INDEX customer_merge_survivor ON customer_merge(survivor_id);
CREATE INDEX customer_merge_merged ON customer_merge(merged_id);

-- customer_a < customer_b always; one open suggestion per pair.
CREATE TABLE customer_suggestion (
  id INTEGER PRIMARY KEY,
  customer_a INTEGER NOT NULL REFERENCES customer(id),
  customer_b INTEGER NOT NULL REFERENCES customer(id),
  reason TEXT NOT NULL,
  identity_kind TEXT,
  identity_value TEXT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','merged','dismissed')),
  created_at INTEGER NOT NULL,
  resolved_at INTEGER,
  resolved_by_agent_id INTEGER REFERENCES agent(id),
  CHECK (customer_a < customer_b)
);
CREATE UNIQUE INDEX customer_suggestion_open_pair ON customer_suggestion(customer_a, customer_b) WHERE status = 'open';
CREATE INDEX customer_suggestion_b ON customer_suggestion(customer_b) WHERE status = 'open';
CREATE INDEX customer_suggestion_status ON customer_suggestion(status, id);

CREATE TABLE customer_import (
  id TEXT PRIMARY KEY,
  file_sha256 TEXT NOT NULL,
  by_agent_id INTEGER REFERENCES agent(id),
  dry_run INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  state TEXT NOT NULL,
  report TEXT
);
CREATE INDEX customer_import_file ON customer_import(file_sha256);

-- Timeline: the first line of a conversation's first customer/agent message, kept by trigger.
ALTER TABLE conversation ADD COLUMN first_line TEXT;
ALTER TABLE conversation ADD COLUMN message_count INTEGER NOT NULL DEFAULT 0;
CREATE TRIGGER conversation_first_line AFTER INSERT ON message BEGIN
  UPDATE conversation SET
    message_count = message_count + 1,
    first_line = CASE
      WHEN first_line IS NULL AND NEW.direction <> 'note'
        THEN substr(rtrim(CASE WHEN instr(ltrim(NEW.body_text), char(10)) > 0
                               THEN substr(ltrim(NEW.body_text), 1, instr(ltrim(NEW.body_text), char(10)) - 1)
                               ELSE ltrim(NEW.body_text) END, char(13, 32)), 1, 200)
      ELSE first_line END
  WHERE id = NEW.conversation_id;
END;
UPDATE conversation SET
  message_count = (SELECT count(*) FROM message m WHERE m.conversation_id = conversation.id),
  first_line = (SELECT substr(rtrim(CASE WHEN instr(ltrim(m.body_text), char(10)) > 0
                                         THEN substr(ltrim(m.body_text), 1, instr(ltrim(m.body_text), char(10)) - 1)
                                         ELSE ltrim(m.body_text) END, char(13, 32)), 1, 200)
                FROM message m WHERE m.conversation_id = conversation.id AND m.direction <> 'note' ORDER BY m.id LIMIT 1);
-- Notes per timeline item without scanning the conversation's other messages.
CREATE INDEX message_note ON message(conversation_id, id) WHERE direction = 'note';

-- Customer search by name/company (external content: the customer table holds the text).
CREATE VIRTUAL TABLE customer_fts USING fts5(display_name, company, content='customer', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER customer_fts_insert AFTER INSERT ON customer BEGIN
  INSERT INTO customer_fts(rowid, display_name, company) VALUES (NEW.id, NEW.display_name, NEW.company);
END;
CREATE TRIGGER customer_fts_update AFTER UPDATE OF display_name, company ON customer BEGIN
  INSERT INTO customer_fts(customer_fts, rowid, display_name, company) VALUES ('delete', OLD.id, OLD.display_name, OLD.company);
  INSERT INTO customer_fts(rowid, display_name, company) VALUES (NEW.id, NEW.display_name, NEW.company);
END;
INSERT INTO customer_fts(customer_fts) VALUES ('rebuild');

-- Full-text search over message bodies; filtered to one customer through conversation.
CREATE VIRTUAL TABLE message_fts USING fts5(body_text, content='message', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER message_fts_insert AFTER INSERT ON message BEGIN
  INSERT INTO message_fts(rowid, body_text) VALUES (NEW.id, NEW.body_text);
END;
CREATE TRIGGER message_fts_delete AFTER DELETE ON message BEGIN
  INSERT INTO message_fts(message_fts, rowid, body_text) VALUES ('delete', OLD.id, OLD.body_text);
END;
CREATE TRIGGER message_fts_update AFTER UPDATE OF body_text ON message BEGIN
  INSERT INTO message_fts(message_fts, rowid, body_text) VALUES ('delete', OLD.id, OLD.body_text);
  INSERT INTO message_fts(rowid, body_text) VALUES (NEW.id, NEW.body_text);
END;
INSERT INTO message_fts(message_fts) VALUES ('rebuild');

-- Lookups by merged_into (following a merged record) are rare; live-customer listing filters on NULL.
CREATE INDEX customer_merged_into ON customer(merged_into) WHERE merged_into IS NOT NULL;
`;

function migrationSqlBefore(marker: string): string {
  return translateDdl(SQLITE.slice(0, SQLITE.indexOf(marker)));
}

const POSTGRES_TABLES = migrationSqlBefore('-- Timeline:');

/**
 * PostgreSQL: the same tables (translated), the first-line trigger in PL/pgSQL, and full-text search as
 * tsvector documents in side tables (customer_fts, message_fts, like FTS5's external-content tables) kept
 * by triggers, with GIN indexes. `simple` configuration + unaccent = FTS5's unicode61 with
 * remove_diacritics: case- and accent-folded words, no stemming (customers/searchQuery.ts builds queries
 * with the same meaning: every word, prefix-matched). A fresh PostgreSQL database has no rows to backfill.
 */
const POSTGRES_SEARCH = `
CREATE EXTENSION IF NOT EXISTS unaccent;
-- What FTS5's unicode61 tokenizer sees: accents removed, punctuation a separator (PostgreSQL's parser would
-- otherwise keep ann@example.com or example.com as one word, where FTS5 finds "example").
-- The same folding for ts_headline, which parses the stored text itself: snippets mark 'Malmö' for "malmo".
CREATE TEXT SEARCH CONFIGURATION sb_search (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION sb_search ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart WITH unaccent, simple;
CREATE FUNCTION sb_search_text(t text) RETURNS text LANGUAGE sql STABLE AS
  $$ SELECT regexp_replace(unaccent(t), '[[:punct:][:space:]]+', ' ', 'g') $$;
ALTER TABLE conversation ADD COLUMN first_line TEXT;
ALTER TABLE conversation ADD COLUMN message_count BIGINT NOT NULL DEFAULT 0;
CREATE FUNCTION conversation_first_line() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE conversation SET
    message_count = message_count + 1,
    first_line = CASE
      WHEN first_line IS NULL AND NEW.direction <> 'note'
        THEN substr(rtrim(CASE WHEN strpos(ltrim(NEW.body_text), chr(10)) > 0
                               THEN substr(ltrim(NEW.body_text), 1, strpos(ltrim(NEW.body_text), chr(10)) - 1)
                               ELSE ltrim(NEW.body_text) END, chr(13) || chr(32)), 1, 200)
      ELSE first_line END
  WHERE id = NEW.conversation_id;
  RETURN NULL;
END $$;
CREATE TRIGGER conversation_first_line AFTER INSERT ON message FOR EACH ROW EXECUTE FUNCTION conversation_first_line();
CREATE INDEX message_note ON message(conversation_id, id) WHERE direction = 'note';

CREATE TABLE customer_fts (id BIGINT PRIMARY KEY REFERENCES customer(id) ON DELETE CASCADE, doc tsvector NOT NULL);
CREATE INDEX customer_fts_doc ON customer_fts USING GIN (doc);
CREATE FUNCTION customer_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_fts (id, doc)
    VALUES (NEW.id, to_tsvector('sb_search', sb_search_text(coalesce(NEW.display_name, '') || ' ' || coalesce(NEW.company, ''))))
    ON CONFLICT (id) DO UPDATE SET doc = excluded.doc;
  RETURN NULL;
END $$;
CREATE TRIGGER customer_fts_insert AFTER INSERT ON customer FOR EACH ROW EXECUTE FUNCTION customer_fts_sync();
CREATE TRIGGER customer_fts_update AFTER UPDATE OF display_name, company ON customer FOR EACH ROW EXECUTE FUNCTION customer_fts_sync();

-- Bodies past 200,000 characters are indexed by their beginning (a tsvector holds at most 1 MB).
CREATE TABLE message_fts (id BIGINT PRIMARY KEY REFERENCES message(id) ON DELETE CASCADE, doc tsvector NOT NULL);
CREATE INDEX message_fts_doc ON message_fts USING GIN (doc);
CREATE FUNCTION message_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO message_fts (id, doc) VALUES (NEW.id, to_tsvector('sb_search', sb_search_text(left(NEW.body_text, 200000))))
    ON CONFLICT (id) DO UPDATE SET doc = excluded.doc;
  RETURN NULL;
END $$;
CREATE TRIGGER message_fts_insert AFTER INSERT ON message FOR EACH ROW EXECUTE FUNCTION message_fts_sync();
CREATE TRIGGER message_fts_update AFTER UPDATE OF body_text ON message FOR EACH ROW EXECUTE FUNCTION message_fts_sync();

CREATE INDEX customer_merged_into ON customer(merged_into) WHERE merged_into IS NOT NULL;
`;

export const migration0002: Migration = {
  version: 2,
  name: 'customers',
  sql: SQLITE,
  postgres: `${POSTGRES_TABLES};\n${POSTGRES_SEARCH}`,
};
