/** A parameterised statement: text with `?` placeholders and its values, in order. */
export type SqlQuery = Readonly<{ text: string; values: readonly SqlValue[] }>;
export type SqlValue = string | number | bigint | null | Uint8Array;

const RAW = Symbol('raw');
type Raw = { [RAW]: string };

/**
 * `sql\`SELECT * FROM t WHERE id = ${id}\`` -> { text: 'SELECT * FROM t WHERE id = ?', values: [id] }.
 * Interpolated values are always bound parameters; only `raw()` fragments (never user input) and nested
 * sql queries are spliced into the text.
 */
export function sql(strings: TemplateStringsArray, ...params: readonly unknown[]): SqlQuery {
  let text = strings[0] ?? '';
  const values: SqlValue[] = [];
  params.forEach((param, i) => {
    if (isRaw(param)) text += param[RAW];
    else if (isQuery(param)) {
      text += param.text;
      values.push(...param.values);
    } else {
      text += '?';
      values.push(toSqlValue(param));
    }
    text += strings[i + 1] ?? '';
  });
  return { text, values };
}

/** Trusted SQL text (identifiers chosen by code, never by input). */
export function raw(text: string): Raw {
  return { [RAW]: text };
}

/** Joins fragments with a separator: `sql\`IN (${join(ids.map(id => sql\`${id}\`))})\``. */
export function join(parts: readonly SqlQuery[], separator = ', '): SqlQuery {
  return {
    text: parts.map((p) => p.text).join(separator),
    values: parts.flatMap((p) => p.values),
  };
}

function isRaw(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && RAW in value;
}

function isQuery(value: unknown): value is SqlQuery {
  return typeof value === 'object' && value !== null && 'text' in value && 'values' in value;
}

function toSqlValue(value: unknown): SqlValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') return value;
  if (value instanceof Uint8Array) return value;
  return JSON.stringify(value);
}

/** A value an inlined VALUES row may hold. */
export type LiteralValue = string | number | boolean | null | undefined;

/**
 * Rows as the body of a multi-row `VALUES (...), (...)` clause, for the statements sent through exec() (no
 * parameters there): batch ingest's inserts and the event rows that ride in with COMMIT. Constants compile
 * straight into the statement; rows inlined as JSON cost SQLite a parse and an extraction per column, about
 * a third more of its time for these inserts (measured, docs/benchmarks.md).
 * Safe by construction: inside '...' SQLite's only special character is the quote, which is doubled; a
 * string holding NUL (which would end exec's SQL text) is written as hex bytes cast to text; lone surrogates
 * become U+FFFD as the binding stores them; a non-finite number is NULL, as JSON would have it.
 */
export function valuesLiteral(rows: ReadonlyArray<ReadonlyArray<LiteralValue>>): string {
  // `VALUES` with no row is a syntax error; callers skip a statement that has nothing to insert.
  if (rows.length === 0) throw new Error('valuesLiteral: no rows to inline');
  return rows.map((row) => `(${row.map(literal).join(', ')})`).join(',\n');
}

function literal(value: LiteralValue): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
  const text = wellFormed(value);
  if (text.includes('\0')) return `CAST(X'${Buffer.from(text, 'utf8').toString('hex')}' AS TEXT)`;
  return `'${text.replaceAll("'", "''")}'`;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The string with lone UTF-16 surrogates replaced by U+FFFD, what the sqlite3 binding stores for them when a
 * string is bound. Text inlined into SQL (valuesLiteral) or passed as JSON must be made so first, or it would
 * not equal the same text bound as a parameter (String#toWellFormed, before Node 20's ES2024 typings).
 */
export function wellFormed(text: string): string {
  // The built-in (V8 since Node 20) is several times faster than the expression; the expression is the fallback.
  const native = (text as { toWellFormed?: () => string }).toWellFormed;
  return native ? native.call(text) : text.replace(LONE_SURROGATE, '\ufffd');
}
