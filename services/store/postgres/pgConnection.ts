import type pg from 'pg';
import { pgLib } from './pgLib';
import { PendingEvents, type Connection, type Row, type RunResult } from '../engine';
import type { SqlQuery, SqlValue } from '../sql';
import { translate, type Translated } from './dialect';

const INT8 = 20;
const NUMERIC = 1700;
const BOOL = 16;
const JSON_OID = 114;
const JSONB = 3802;

/**
 * Values come back as the SQLite engine returns them, so repos read one shape: counts and BIGINT columns
 * as numbers (ids and epoch milliseconds are far below 2^53), booleans as 1/0, JSON as its text.
 */
type Parser = (value: string) => unknown;
const defaultParser = (oid: number): Parser => pgLib().types.getTypeParser(oid, 'text') as Parser;

export const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format === 'binary') return pgLib().types.getTypeParser(oid, 'binary') as Parser;
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    if (oid === BOOL) return (value: string) => (value === 't' ? 1 : 0);
    if (oid === JSON_OID || oid === JSONB) return (value: string) => value;
    return defaultParser(oid);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** What a PgConnection sends its statements through: a pool, or the writer's (reconnecting) client. */
export type Queryable = { query(config: string | pg.QueryConfig): Promise<pg.QueryResult> };

/**
 * The writer's one client, replaced by a fresh one on the next statement after its connection broke (a
 * database restart, a failover, an idle-connection reaper). The transaction in flight is lost with the old
 * connection; the writer fails that batch, whose units were not acknowledged, and the next batch runs on
 * the new client.
 */
export class ReconnectingClient implements Queryable {
  private client: Promise<pg.Client> | null = null;
  private closed = false;

  constructor(private readonly config: pg.ClientConfig) {}

  /** The connected client (connecting one first if there is none or the last one broke). */
  current(): Promise<pg.Client> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    if (!this.client) {
      const client = new (pgLib().Client)(this.config);
      const forget = (): void => {
        if (this.client === pending) this.client = null;
      };
      // The error must not crash the hub; the statement that was running fails with it.
      client.on('error', forget);
      client.on('end', forget);
      const connect = async (): Promise<pg.Client> => {
        try {
          await client.connect();
          return client;
        } catch (error) {
          forget();
          throw error;
        }
      };
      const pending = connect();
      this.client = pending;
    }
    return this.client;
  }

  async query(config: string | pg.QueryConfig): Promise<pg.QueryResult> {
    const client = await this.current();
    return client.query(config);
  }

  async end(): Promise<void> {
    this.closed = true;
    const client = await this.client?.catch(() => null);
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}

const translations = new Map<string, Translated & { name?: string }>();
/**
 * Named (prepared once per server connection) statements are the hot, repeated ones; texts that vary (IN
 * lists of every length, generated SQL) would keep preparing new ones on every server connection, so past
 * this many distinct texts a statement is translated each time and runs unnamed.
 */
const MAX_NAMED = 4000;

/** Each distinct statement is translated once and prepared under one name (per server connection, by pg). */
function translated(text: string): Translated & { name?: string } {
  let t = translations.get(text);
  if (!t) {
    if (translations.size >= MAX_NAMED) return translate(text);
    t = { ...translate(text), name: `sb${translations.size + 1}` };
    translations.set(text, t);
  }
  return t;
}

/**
 * A Connection over node-postgres: the writer's dedicated client, or the readers' pool (each query takes any
 * free client). `tables` names the tables with an `id` column, for lastID (INSERT … RETURNING id).
 */
export class PgConnection extends PendingEvents implements Connection {
  readonly engine = 'postgres' as const;

  constructor(
    private readonly db: Queryable,
    private readonly idTables: ReadonlySet<string>,
    private readonly release: () => Promise<void>,
  ) {
    super();
  }

  async exec(text: string): Promise<void> {
    const t = translate(text.replace(/\bBEGIN IMMEDIATE\b/g, 'BEGIN'));
    // No values: the simple protocol, which takes several statements at once.
    await this.db.query(t.text);
  }

  /**
   * Several statements in one round trip (the simple protocol, text already in PostgreSQL's dialect, no
   * values), and the rows of the last one: the writer's BEGIN, its lock and the read that must follow the
   * lock travel together (pgStore.ts).
   */
  async execRows<T = Row>(text: string): Promise<T[]> {
    const result = (await this.db.query(text)) as pg.QueryResult | pg.QueryResult[];
    const last = Array.isArray(result) ? result.at(-1) : result;
    return (last?.rows ?? []) as T[];
  }

  async run(query: SqlQuery): Promise<RunResult> {
    const t = translated(query.text);
    const returnId = t.insertInto !== null && !t.returning && this.idTables.has(t.insertInto);
    const text = returnId ? `${t.text.replace(/[\s;]*$/, '')} RETURNING id` : t.text;
    const result = await this.db.query({
      text,
      values: bind(query.values, t.arrayParams),
      ...(t.name ? { name: returnId ? `${t.name}r` : t.name } : {}),
    });
    const last = returnId ? (result.rows.at(-1) as { id?: number } | undefined) : undefined;
    return { lastID: last?.id ?? 0, changes: result.rowCount ?? 0 };
  }

  async get<T = Row>(query: SqlQuery): Promise<T | undefined> {
    return (await this.all<T>(query))[0];
  }

  async all<T = Row>(query: SqlQuery): Promise<T[]> {
    const t = translated(query.text);
    const result = await this.db.query({ text: t.text, values: bind(query.values, t.arrayParams), ...(t.name ? { name: t.name } : {}) });
    return result.rows as T[];
  }

  close(): Promise<void> {
    return this.release();
  }
}

function bind(values: readonly SqlValue[], arrayParams: readonly number[]): unknown[] {
  return values.map((v, i) => {
    if (arrayParams.includes(i) && typeof v === 'string') return JSON.parse(v) as unknown[];
    if (v instanceof Uint8Array && !Buffer.isBuffer(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    if (typeof v === 'string' && v.includes('\0')) return v.replaceAll('\0', '\ufffd');
    return v;
  });
}
