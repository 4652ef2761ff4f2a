import { describe, expect, it } from 'vitest';
import { translateDdl } from '../../../services/store/postgres/ddl';
import { statements, translate } from '../../../services/store/postgres/dialect';
import { tsQueryFromFts } from '../../../services/customers/searchQuery';
import { ftsQuery } from '../../../services/customers/search';
import { valuesLiteral } from '../../../services/store/sql';

describe("SQLite's dialect in PostgreSQL's words", () => {
  it('numbers placeholders, leaving ? inside literals and identifiers alone', () => {
    expect(translate(`SELECT '?' AS q, "a?" FROM t WHERE a = ? AND b = ? -- why?\nAND c = ?`).text).toBe(
      `SELECT '?' AS q, "a?" FROM t WHERE a = $1 AND b = $2 -- why?\nAND c = $3`,
    );
  });

  it('binds a json_each id list as one array parameter', () => {
    const t = translate('SELECT x FROM t WHERE a = ? AND id IN (SELECT value FROM json_each(?)) AND b = ?');
    expect(t.text).toBe('SELECT x FROM t WHERE a = $1 AND id = ANY($2) AND b = $3');
    expect(t.arrayParams).toEqual([1]);
  });

  it('quotes camelCase aliases and their later uses, not qualified columns or functions', () => {
    expect(translate('SELECT m.provider_id AS providerId, t.lastAt, count(*) AS n FROM m ORDER BY providerId').text).toBe(
      'SELECT m.provider_id AS "providerId", t.lastAt, count(*) AS n FROM m ORDER BY "providerId"',
    );
  });

  it('rewrites scalar MAX/MIN, not the aggregates', () => {
    expect(translate('SELECT MAX(a), max(COALESCE(b, 0), ?), MIN(x, MAX(y)) FROM t').text).toBe(
      'SELECT MAX(a), GREATEST(COALESCE(b, 0), $1), LEAST(x, MAX(y)) FROM t',
    );
  });

  it('turns INSERT OR IGNORE into ON CONFLICT DO NOTHING, before RETURNING and per statement', () => {
    expect(translate('INSERT OR IGNORE INTO a (x) VALUES (?) RETURNING x').text).toBe(
      'INSERT INTO a (x) VALUES ($1)  ON CONFLICT DO NOTHING RETURNING x',
    );
    expect(translate(`INSERT OR IGNORE INTO a (x) VALUES ('a;b');\nINSERT INTO b (y) VALUES (1)`).text).toBe(
      `INSERT INTO a (x) VALUES ('a;b') ON CONFLICT DO NOTHING;\nINSERT INTO b (y) VALUES (1)`,
    );
  });

  it('translates JSON, string and LIKE spellings', () => {
    expect(translate(`SELECT json_extract(meta, '$.attachment.size') FROM m WHERE name LIKE ? AND x NOT LIKE 'a%'`).text).toBe(
      `SELECT ((meta)::jsonb #>> '{attachment,size}') FROM m WHERE name ILIKE $1 AND x NOT ILIKE 'a%'`,
    );
    expect(translate('UPDATE m SET meta = json_patch(meta, ?) WHERE id = ?').text).toBe(
      'UPDATE m SET meta = sb_json_patch((meta)::jsonb, ( $1)::jsonb)::text WHERE id = $2',
    );
    expect(translate('SELECT instr(a, char(10)), IFNULL(b, 0) FROM t INDEXED BY t_a').text).toBe(
      'SELECT strpos(a, chr(10)), COALESCE(b, 0) FROM t ',
    );
  });

  it('writes inlined strings holding NUL as text PostgreSQL can hold', () => {
    const literal = valuesLiteral([["a\0b'c", 1]]);
    expect(literal).toContain("CAST(X'");
    expect(translate(`INSERT INTO t (a, b) VALUES ${literal}`).text).toBe("INSERT INTO t (a, b) VALUES ('a\ufffdb''c', 1)");
    expect(translate(`SELECT 'CAST(X''00'' AS TEXT)'`).text).toBe(`SELECT 'CAST(X''00'' AS TEXT)'`);
  });

  it('splits statements outside literals', () => {
    expect(statements(`A ';'; B "x;y"; C`)).toEqual([`A ';'`, ` B "x;y"`, ' C']);
  });

  it('translates DDL: types, ids numbered like SQLite, WITHOUT ROWID', () => {
    const ddl = translateDdl(`CREATE TABLE t (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  score REAL NOT NULL,
  data BLOB
);
CREATE TABLE u (k TEXT, v INTEGER, PRIMARY KEY (k, v)) WITHOUT ROWID;`);
    expect(ddl).toContain('id BIGINT PRIMARY KEY,');
    expect(ddl).toContain('score DOUBLE PRECISION NOT NULL');
    expect(ddl).toContain('data BYTEA');
    expect(ddl).toContain('CREATE TRIGGER t_next_id BEFORE INSERT ON t FOR EACH ROW WHEN (NEW.id IS NULL) EXECUTE FUNCTION sb_next_id()');
    expect(ddl).toContain('CREATE TABLE u (k TEXT, v BIGINT, PRIMARY KEY (k, v))');
    expect(ddl).not.toContain('u_next_id');
  });
});

describe('full-text queries on PostgreSQL', () => {
  it('keeps FTS5 semantics: every word, prefix-matched, quoted words as phrases, nothing injectable', () => {
    expect(tsQueryFromFts(ftsQuery('Ann  widg', true)!)).toBe(`'ann':* & 'widg':*`);
    expect(tsQueryFromFts(ftsQuery("o'brien", true)!)).toBe(`'o' <-> 'brien':*`);
    expect(tsQueryFromFts(ftsQuery('exact', false)!)).toBe(`'exact'`);
    expect(tsQueryFromFts(ftsQuery(`'); DROP TABLE x; -- & | !`, true)!)).toBe(`'drop':* & 'table':* & 'x':*`);
    expect(tsQueryFromFts('"!!!"*')).toBeNull();
  });
});
