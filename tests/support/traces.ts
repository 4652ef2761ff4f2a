import sqlite3 from 'sqlite3';

type Db = sqlite3.Database;

const all = <T>(db: Db, text: string, values: unknown[] = []) =>
  new Promise<T[]>((resolve, reject) => db.all(text, values, (err, rows) => (err ? reject(err) : resolve(rows as T[]))));

/**
 * Where a piece of text still occurs in a hub's SQLite file: every column of every table (FTS shadow
 * tables' blobs included, compared as bytes), plus every term of every FTS5 index read through fts5vocab.
 * Opened as a separate connection, as an auditor would.
 */
export async function findTraces(dbFile: string, needles: readonly string[]): Promise<string[]> {
  const db = await new Promise<Db>((resolve, reject) => {
    const handle = new sqlite3.Database(dbFile, sqlite3.OPEN_READWRITE, (err) => (err ? reject(err) : resolve(handle)));
  });
  const found: string[] = [];
  try {
    const tables = await all<{ name: string; sql: string }>(db, `SELECT name, sql FROM sqlite_schema WHERE type = 'table'`);
    for (const t of tables) {
      if (/^CREATE VIRTUAL TABLE/i.test(t.sql ?? '')) continue; // their content lives in the shadow tables scanned below
      const columns = await all<{ name: string }>(db, `SELECT name FROM pragma_table_info(?)`, [t.name]);
      for (const c of columns) {
        for (const needle of needles) {
          const hex = Buffer.from(needle.toLowerCase(), 'utf8').toString('hex');
          const rows = await all<{ n: number }>(
            db,
            `SELECT count(*) AS n FROM "${t.name}" WHERE instr(lower(CAST("${c.name}" AS TEXT)), ?) > 0 OR instr(CAST("${c.name}" AS BLOB), unhex(?)) > 0`,
            [needle.toLowerCase(), hex],
          );
          if (rows[0]!.n > 0) found.push(`${t.name}.${c.name} contains "${needle}"`);
        }
      }
    }
    for (const fts of tables.filter((t) => /USING fts5/i.test(t.sql ?? ''))) {
      await all(db, `CREATE VIRTUAL TABLE IF NOT EXISTS temp."vocab_${fts.name}" USING fts5vocab(main, "${fts.name}", row)`);
      const terms = await all<{ term: string }>(db, `SELECT term FROM temp."vocab_${fts.name}"`);
      for (const needle of needles) {
        for (const word of needle
          .toLowerCase()
          .split(/[^\p{L}\p{N}]+/u)
          .filter((w) => w.length >= 4)) {
          if (terms.some((t) => t.term === word)) found.push(`${fts.name} index has the term "${word}"`);
        }
      }
    }
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
  return found;
}

/**
 * EXPLAIN QUERY PLAN on a connection of its own: run on the hub's reader, the cached EXPLAIN statement
 * keeps a read transaction open and pins that reader to an old snapshot for the rest of the test.
 */
export async function queryPlan(dbFile: string, query: Readonly<{ text: string; values: readonly unknown[] }>): Promise<string> {
  const db = await new Promise<Db>((resolve, reject) => {
    const handle = new sqlite3.Database(dbFile, sqlite3.OPEN_READONLY, (err) => (err ? reject(err) : resolve(handle)));
  });
  try {
    const rows = await all<{ detail: string }>(db, `EXPLAIN QUERY PLAN ${query.text}`, [...query.values]);
    return rows.map((r) => r.detail).join(' | ');
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}
