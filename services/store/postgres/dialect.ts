/**
 * SQLite's dialect, as the repos write it, to PostgreSQL's. The repos keep one text per query (the `sql`
 * template, `?` placeholders), so the SQLite engine runs exactly what it ran before and pays nothing for the
 * second engine; the PostgreSQL connection translates each distinct text once and caches it.
 *
 * The rules are deliberately few and mechanical, each one a construct both engines have under another
 * spelling. Anything that is not a spelling difference (full-text search, batch-ingest look-ups) is written
 * per engine where it is used (`connection.engine`), not guessed here.
 *
 * - strings with NUL (valuesLiteral's `CAST(X'…' AS TEXT)`) -> literals with U+FFFD for NUL;
 * - `?` -> `$1..$n` (outside string literals and quoted identifiers);
 * - `x IN (SELECT value FROM json_each(?))` -> `x = ANY(?)`, the JSON array parameter bound as a
 *   PostgreSQL array (the repos pass id and key lists as one JSON parameter);
 * - camelCase aliases (`AS lastAt`) are quoted, and so are their later bare uses (ORDER BY lastAt):
 *   PostgreSQL folds unquoted names to lower case, SQLite keeps them;
 * - `INSERT OR IGNORE INTO` -> `INSERT INTO … ON CONFLICT DO NOTHING`;
 * - two-argument MAX/MIN -> GREATEST/LEAST; `IFNULL` -> COALESCE; `instr` -> strpos; `char(n)` -> chr(n);
 *   `group_concat` -> string_agg; `json_group_array` -> json_agg; `json_array` -> json_build_array;
 *   `json_extract(x, '$.a.b')` -> `(x::jsonb #>> '{a,b}')` (text: compare with text, cast for sums);
 *   `json_patch(a, b)` -> `sb_json_patch` (RFC 7396, as SQLite's); `total(x)` -> `COALESCE(SUM(x), 0)`;
 * - `INDEXED BY` hints are dropped (PostgreSQL's planner takes none);
 * - `LIKE` -> `ILIKE`: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
 */
export type Translated = Readonly<{
  text: string;
  /** Parameter positions (0-based) whose value is a JSON array text to bind as a PostgreSQL array. */
  arrayParams: readonly number[];
  /** The table of an INSERT, for RETURNING id (lastID). */
  insertInto: string | null;
  returning: boolean;
}>;

const ARRAY_MARK = '\u0000A';
/** Whether rewriteCode could change anything: the same words, anywhere (case-insensitive, as LIKE is not). */
const CODE_RULES = /INDEXED|IFNULL|instr|char\s*\(|group_concat|json_group_array|json_array|LIKE/i;

export function translate(input: string): Translated {
  let text = nulText(input);
  text = text.replace(/\bIN\s*\(\s*SELECT\s+value\s+FROM\s+json_each\(\s*\?\s*\)\s*\)/gi, `= ANY(?${ARRAY_MARK})`);
  // Each pass below first asks whether its construct occurs anywhere in the text (one native scan); only then
  // does it cut the text into code and literals. The writer's COMMIT exec carries a batch's rows inlined as
  // literals (tens of kB, a new text every time): cutting it up for every rule cost ~1 ms of the hub's main
  // thread per batch, inside the writer's transaction.
  if (CODE_RULES.test(text)) {
    const segments = split(text);
    for (const s of segments) if (s.kind === 'code') s.text = rewriteCode(s.text);
    text = segments.map((s) => s.text).join('');
  }
  text = jsonExtract(text);
  text = jsonPatch(text);
  text = total(text);
  text = rewriteCalls(text, 'MAX', 'GREATEST');
  text = rewriteCalls(text, 'MIN', 'LEAST');
  text = quoteCamelAliases(text);
  text = insertOrIgnore(text);
  // Placeholders last: every rule above keeps `?` where it was.
  const arrayParams: number[] = [];
  let n = 0;
  if (text.includes('?'))
    text = split(text)
      .map((s) => {
        if (s.kind !== 'code') return s.text;
        return s.text.replace(new RegExp(`\\?(${ARRAY_MARK})?`, 'g'), (_m, mark: string | undefined) => {
          if (mark) arrayParams.push(n);
          n += 1;
          return `$${n}`;
        });
      })
      .join('');
  const insert = /^\s*INSERT\s+INTO\s+([A-Za-z_][A-Za-z0-9_]*)/i.exec(text);
  return { text, arrayParams, insertInto: insert?.[1]?.toLowerCase() ?? null, returning: /\bRETURNING\b/i.test(text) };
}

/**
 * valuesLiteral writes a string holding NUL as `CAST(X'hex' AS TEXT)`, SQLite's way; PostgreSQL text cannot
 * hold NUL (and X'…' is a bit string there), so the string is written back as a literal with U+FFFD for
 * each NUL, what a bound parameter gets on this engine (pgConnection.ts bind).
 */
function nulText(text: string): string {
  if (!text.includes("CAST(X'")) return text;
  return text.replace(/CAST\(X'([0-9a-f]*)' AS TEXT\)/g, (_m, hex: string) => {
    const value = Buffer.from(hex, 'hex').toString('utf8').replaceAll('\0', '\ufffd');
    return `'${value.replaceAll("'", "''")}'`;
  });
}

type Segment = { kind: 'code' | 'string' | 'ident' | 'comment'; text: string };

/** The text cut into code, '…' literals, "…" identifiers and -- comments, so rules touch code only. */
function split(text: string): Segment[] {
  const out: Segment[] = [];
  // Jumps from one quote or comment start to the next (native scans), not a character at a time.
  const special = /['"]|--/g;
  let start = 0;
  for (let m = special.exec(text); m; m = special.exec(text)) {
    const i = m.index;
    if (i > start) out.push({ kind: 'code', text: text.slice(start, i) });
    let end: number;
    if (m[0] === '--') {
      const newline = text.indexOf('\n', i);
      end = newline === -1 ? text.length : newline;
      out.push({ kind: 'comment', text: text.slice(i, end) });
    } else {
      const quote = m[0];
      let j = i + 1;
      for (;;) {
        const k = text.indexOf(quote, j);
        if (k === -1) {
          j = text.length;
          break;
        }
        // A doubled quote is a quote inside the literal.
        if (text[k + 1] === quote) j = k + 2;
        else {
          j = k;
          break;
        }
      }
      end = Math.min(j + 1, text.length);
      out.push({ kind: quote === "'" ? 'string' : 'ident', text: text.slice(i, end) });
    }
    start = end;
    special.lastIndex = end;
  }
  if (text.length > start) out.push({ kind: 'code', text: text.slice(start) });
  return out;
}

function rewriteCode(code: string): string {
  return code
    .replace(/\bINDEXED\s+BY\s+\w+|\bNOT\s+INDEXED\b/gi, '')
    .replace(/\bIFNULL\s*\(/gi, 'COALESCE(')
    .replace(/\binstr\s*\(/gi, 'strpos(')
    .replace(/\bchar\s*\(\s*(\d+)\s*\)/gi, 'chr($1)')
    .replace(/\bgroup_concat\s*\(/gi, 'string_agg(')
    .replace(/\bjson_group_array\s*\(/gi, 'json_agg(')
    .replace(/\bjson_array\s*\(/gi, 'json_build_array(')
    .replace(/\b(NOT\s+)?LIKE\b/g, (_m, not: string | undefined) => `${not ?? ''}ILIKE`);
}

/** `json_extract(expr, '$.a.b')` -> `(expr::jsonb #>> '{a,b}')`; runs on the whole text (the path is a literal). */
function jsonExtract(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const m = /\bjson_extract\s*\(/i.exec(rest);
    if (!m) return out + rest;
    out += rest.slice(0, m.index);
    const open = m.index + m[0].length;
    const close = matchingParen(rest, open);
    const args = topLevelArgs(rest.slice(open, close));
    const path = /^\s*'\$\.([^']*)'\s*$/.exec(args[1] ?? '');
    if (args.length !== 2 || !path) {
      out += rest.slice(m.index, close + 1);
    } else {
      out += `((${jsonExtract(args[0] ?? '')})::jsonb #>> '{${(path[1] ?? '').split('.').join(',')}}')`;
    }
    rest = rest.slice(close + 1);
  }
}

/** `json_patch(a, b)` -> `sb_json_patch(a::jsonb, b::jsonb)::text`, the same merge patch (postgres/ddl.ts). */
function jsonPatch(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const m = /\bjson_patch\s*\(/i.exec(rest);
    if (!m) return out + rest;
    const open = m.index + m[0].length;
    const close = matchingParen(rest, open);
    const [a = '', b = ''] = topLevelArgs(jsonPatch(rest.slice(open, close)));
    out += `${rest.slice(0, m.index)}sb_json_patch((${a})::jsonb, (${b})::jsonb)::text`;
    rest = rest.slice(close + 1);
  }
}

/** SQLite's `total(x)`, a sum that is 0 over no rows: `COALESCE(SUM(x), 0)`. */
function total(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const m = /\btotal\s*\(/i.exec(rest);
    if (!m) return out + rest;
    const open = m.index + m[0].length;
    const close = matchingParen(rest, open);
    out += `${rest.slice(0, m.index)}COALESCE(SUM(${total(rest.slice(open, close))}), 0)`;
    rest = rest.slice(close + 1);
  }
}

/** MAX(a, b) (SQLite's scalar max) -> GREATEST(a, b); MAX(a) (the aggregate) stays. */
function rewriteCalls(text: string, name: string, scalar: string): string {
  let out = '';
  let rest = text;
  const pattern = new RegExp(`\\b${name}\\s*\\(`, 'i');
  for (;;) {
    const m = pattern.exec(rest);
    if (!m) return out + rest;
    const open = m.index + m[0].length;
    const close = matchingParen(rest, open);
    const inner = rewriteCalls(rest.slice(open, close), name, scalar);
    const many = topLevelArgs(inner).length > 1;
    out += rest.slice(0, m.index) + (many ? `${scalar}(` : rest.slice(m.index, open)) + inner + ')';
    rest = rest.slice(close + 1);
  }
}

function matchingParen(text: string, open: number): number {
  let depth = 1;
  let quote: string | null = null;
  for (let i = open; i < text.length; i += 1) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth += 1;
    else if (c === ')') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return text.length;
}

function topLevelArgs(inner: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < inner.length; i += 1) {
    const c = inner[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth += 1;
    else if (c === ')') depth -= 1;
    else if (c === ',' && depth === 0) {
      args.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  args.push(inner.slice(start));
  return args;
}

/** The alias pattern below, anywhere in the text: without it there is nothing to quote. */
const CAMEL_ALIAS = /\bAS\s+[a-z_][a-z0-9_]*[A-Z]/;

function quoteCamelAliases(text: string): string {
  if (!CAMEL_ALIAS.test(text)) return text;
  const aliases = new Set<string>();
  for (const s of split(text)) {
    if (s.kind !== 'code') continue;
    for (const m of s.text.matchAll(/\bAS\s+([a-z_][a-z0-9_]*[A-Z][A-Za-z0-9_]*)\b/g)) aliases.add(m[1] ?? '');
  }
  if (aliases.size === 0) return text;
  const names = new RegExp(`(?<![."\\w])(${[...aliases].join('|')})\\b(?!\\s*\\()`, 'g');
  return split(text)
    .map((s) => (s.kind === 'code' ? s.text.replace(names, '"$1"') : s.text))
    .join('');
}

/** `INSERT OR IGNORE INTO t … [RETURNING …]` -> `INSERT INTO t … ON CONFLICT DO NOTHING [RETURNING …]`, per statement. */
function insertOrIgnore(text: string): string {
  if (!/\bINSERT\s+OR\s+IGNORE\b/i.test(text)) return text;
  return statements(text)
    .map((statement) => {
      if (!/^\s*INSERT\s+OR\s+IGNORE\b/i.test(statement)) return statement;
      const body = statement.replace(/INSERT\s+OR\s+IGNORE/i, 'INSERT');
      const returning = /\bRETURNING\b/i.exec(body);
      const trailing = /\s*$/.exec(body)?.[0] ?? '';
      if (returning) return `${body.slice(0, returning.index)} ON CONFLICT DO NOTHING ${body.slice(returning.index)}`;
      return `${body.slice(0, body.length - trailing.length)} ON CONFLICT DO NOTHING${trailing}`;
    })
    .join(';');
}

/** The text cut at top-level semicolons (outside literals). */
export function statements(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const s of split(text)) {
    if (s.kind !== 'code') {
      current += s.text;
      continue;
    }
    const parts = s.text.split(';');
    current += parts[0];
    for (const part of parts.slice(1)) {
      out.push(current);
      current = part;
    }
  }
  out.push(current);
  return out;
}
