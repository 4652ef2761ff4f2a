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

/**
 * A JSON document as an SQL string literal, for the few statements sent through exec() (several statements,
 * one round trip, no parameters): batch ingest's inserts and the event rows that ride in with COMMIT.
 * Safe by construction: inside '...' SQLite's only special character is the quote, which is doubled, and
 * JSON.stringify leaves no raw NUL (it escapes control characters and lone surrogates), so the literal is
 * exactly the JSON text. Read it back with json_each()/->> as with a bound JSON parameter.
 */
export function jsonLiteral(value: unknown): string {
  let json = JSON.stringify(value);
  // JSON.stringify writes a lone surrogate as a \udXXX escape, which json_each would decode into invalid
  // UTF-8. Rare (inbound text is made well-formed first), so the costly replacer runs only when one may be there.
  if (json.includes('\\ud')) json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? wellFormed(v) : v));
  return `'${json.replaceAll("'", "''")}'`;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The string with lone UTF-16 surrogates replaced by U+FFFD, what the sqlite3 binding stores for them when a
 * string is bound. Text reaching SQLite through JSON (json_each) would otherwise be stored as invalid UTF-8,
 * unequal to the same text bound as a parameter (String#toWellFormed, before Node 20's ES2024 typings).
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}
