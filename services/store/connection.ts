import sqlite3 from 'sqlite3';
import type { Connection as EngineConnection, EventMark, Row, RunResult } from './engine';
import type { SqlQuery, SqlValue } from './sql';

export type { EventMark, Row, RunResult } from './engine';
/** The engine-neutral connection type (engine.ts); `Connection.open` still opens a SQLite one. */
export type Connection = EngineConnection;

/**
 * A promise face over one sqlite3 connection. Writes are awaited one after another: sqlite3 runs calls
 * that overlap in any order, so a COMMIT could overtake an insert. Reads that depend on nothing in flight
 * may overlap (batch ingest issues its look-ups together). Prepared statements are cached by text: the hot
 * paths reuse a handful of queries.
 */
export class SqliteConnection implements EngineConnection {
  readonly engine = 'sqlite' as const;
  /**
   * Rows appended to the event log by the transaction in progress; the writer publishes them after COMMIT
   * (and drops those of a unit that rolled back), so listeners only ever see committed events.
   */
  readonly pendingEvents: unknown[] = [];
  /**
   * The last event-log seq handed out on this (writer) connection. appendEvent numbers rows itself and the
   * writer inserts them in one multi-row statement just before COMMIT: three fewer round trips per ingest.
   */
  eventSeq = 0;
  /**
   * Statements (SQL text, values inlined) the running unit leaves for the writer: they run when the unit
   * ends, in the exec the writer makes then anyway (the savepoint step or COMMIT), and fail the unit if they
   * fail. Only for writes nothing else in the unit reads back.
   */
  readonly deferredSql: string[] = [];
  private readonly statements = new Map<string, Promise<sqlite3.Statement>>();

  /** Where the event rows numbered so far end; dropEventsSince(mark) forgets the ones numbered after it. */
  markEvents(): EventMark {
    return { count: this.pendingEvents.length, seq: this.eventSeq };
  }

  /** For writes rolled back: their event rows are not written and their numbers are handed out again. */
  dropEventsSince(mark: EventMark): void {
    this.pendingEvents.length = mark.count;
    this.eventSeq = mark.seq;
  }

  private constructor(private readonly db: sqlite3.Database) {}

  static async open(file: string, mode: 'readwrite' | 'readonly'): Promise<SqliteConnection> {
    const flags = mode === 'readonly' ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE;
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const handle = new sqlite3.Database(file, flags, (err) => (err ? reject(err) : resolve(handle)));
    });
    const connection = new SqliteConnection(db);
    await connection.exec('PRAGMA busy_timeout = 5000');
    return connection;
  }

  exec(text: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(text, (err) => (err ? reject(err) : resolve())));
  }

  async run(query: SqlQuery): Promise<RunResult> {
    const stmt = await this.prepare(query.text);
    return new Promise((resolve, reject) => {
      stmt.run(query.values as SqlValue[], function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve({ lastID: this.lastID, changes: this.changes });
      });
    });
  }

  /**
   * First row. Implemented with all(): sqlite3's Statement#get leaves a cached statement un-reset, which
   * keeps a read transaction open and pins the reader to an old WAL snapshot.
   */
  async get<T = Row>(query: SqlQuery): Promise<T | undefined> {
    const rows = await this.all<T>(query);
    return rows[0];
  }

  async all<T = Row>(query: SqlQuery): Promise<T[]> {
    const stmt = await this.prepare(query.text);
    return new Promise((resolve, reject) => {
      stmt.all(query.values as SqlValue[], (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows)));
    });
  }

  async close(): Promise<void> {
    for (const pending of this.statements.values()) {
      const stmt = await pending.catch(() => undefined);
      if (stmt) await new Promise<void>((resolve) => stmt.finalize(() => resolve()));
    }
    this.statements.clear();
    await new Promise<void>((resolve, reject) => this.db.close((err) => (err ? reject(err) : resolve())));
  }

  private prepare(text: string): Promise<sqlite3.Statement> {
    let pending = this.statements.get(text);
    if (!pending) {
      // The callback form: a bad statement rejects here instead of emitting an unhandled 'error'.
      pending = new Promise<sqlite3.Statement>((resolve, reject) => {
        const stmt = this.db.prepare(text, (err) => (err ? reject(err) : resolve(stmt)));
      });
      pending.catch(() => this.statements.delete(text));
      this.statements.set(text, pending);
    }
    return pending;
  }
}

/** `Connection.open(file, mode)` as before: the SQLite connection class under its old name. */
export const Connection = SqliteConnection;
