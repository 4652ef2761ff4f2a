import type { SqlQuery, SqlValue } from './sql';

/** Which database a connection talks to: SQLite (one hub, the default) or PostgreSQL (team mode, several hubs). */
export type Engine = 'sqlite' | 'postgres';

export type Row = Record<string, SqlValue>;
export type RunResult = { lastID: number; changes: number };
/** How far event rows were numbered at some point of a transaction (see Connection.markEvents). */
export type EventMark = Readonly<{ count: number; seq: number }>;

/**
 * What repos and the writer see of a database connection, whichever engine is behind it. Queries are the
 * `sql` template's `{ text, values }` with `?` placeholders in SQLite's dialect; the PostgreSQL connection
 * translates the text once per distinct statement (services/store/postgres/dialect.ts).
 */
export type Connection = {
  readonly engine: Engine;
  /**
   * Rows appended to the event log by the transaction in progress; the writer publishes them after COMMIT
   * (and drops those of a unit that rolled back), so listeners only ever see committed events.
   */
  readonly pendingEvents: unknown[];
  /** The last event-log seq handed out on this (writer) connection (see repos/events.ts appendEvent). */
  eventSeq: number;
  /**
   * Statements (SQL text, values inlined) the running unit leaves for the writer: they run when the unit
   * ends, in the exec the writer makes then anyway (the savepoint step or COMMIT), and fail the unit if they
   * fail. Only for writes nothing else in the unit reads back.
   */
  readonly deferredSql: string[];
  markEvents(): EventMark;
  dropEventsSince(mark: EventMark): void;
  /** One or more statements without parameters. */
  exec(text: string): Promise<void>;
  run(query: SqlQuery): Promise<RunResult>;
  get<T = Row>(query: SqlQuery): Promise<T | undefined>;
  all<T = Row>(query: SqlQuery): Promise<T[]>;
  close(): Promise<void>;
};

/** The event bookkeeping both engines' connections share. */
export class PendingEvents {
  readonly pendingEvents: unknown[] = [];
  eventSeq = 0;
  readonly deferredSql: string[] = [];

  /** Where the event rows numbered so far end; dropEventsSince(mark) forgets the ones numbered after it. */
  markEvents(): EventMark {
    return { count: this.pendingEvents.length, seq: this.eventSeq };
  }

  /** For writes rolled back: their event rows are not written and their numbers are handed out again. */
  dropEventsSince(mark: EventMark): void {
    this.pendingEvents.length = mark.count;
    this.eventSeq = mark.seq;
  }
}
