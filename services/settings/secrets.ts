import { SECRET_PATHS, type SettingsSection } from '../contracts';

type Json = unknown;
type Path = readonly string[];

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every concrete path of a secret in `value` ('*' expanded over the arrays present). */
function expand(value: Json, pattern: Path, at: readonly (string | number)[] = []): Array<readonly (string | number)[]> {
  if (pattern.length === 0) return [at];
  const [head, ...rest] = pattern;
  if (head === '*') return Array.isArray(value) ? value.flatMap((item, i) => expand(item, rest, [...at, i])) : [];
  if (!isObject(value) || head === undefined || !(head in value)) return rest.length === 0 && isObject(value) ? [[...at, head ?? '']] : [];
  return expand(value[head], rest, [...at, head]);
}

function getAt(value: Json, path: readonly (string | number)[]): Json {
  let cursor = value;
  for (const key of path) {
    if (Array.isArray(cursor) && typeof key === 'number') cursor = cursor[key];
    else if (isObject(cursor)) cursor = cursor[String(key)];
    else return undefined;
  }
  return cursor;
}

function setAt(value: Json, path: readonly (string | number)[], next: Json): void {
  let cursor = value;
  for (const [i, key] of path.entries()) {
    const last = i === path.length - 1;
    if (Array.isArray(cursor) && typeof key === 'number') {
      if (last) cursor[key] = next;
      else cursor = cursor[key];
    } else if (isObject(cursor)) {
      if (last) {
        if (next === undefined) delete cursor[String(key)];
        else cursor[String(key)] = next;
      } else cursor = cursor[String(key)];
    } else return;
  }
}

const copy = <T>(value: T): T => structuredClone(value);

/** The section with each secret replaced by `{ set }`: what the renderer may see. */
export function redact(section: SettingsSection, value: Readonly<Record<string, Json>>): Record<string, Json> {
  const out = copy(value) as Record<string, Json>;
  for (const pattern of SECRET_PATHS[section]) {
    for (const path of expand(out, pattern)) {
      const secret = getAt(out, path);
      // Only where the parent exists: an absent smtp section gets no `smtp.password`.
      if (secret === undefined && !isObject(getAt(out, path.slice(0, -1)))) continue;
      setAt(out, path, { set: typeof secret === 'string' && secret.length > 0 });
    }
  }
  return out;
}

/** A secret left as the form shows it (blank, or the `{ set }` placeholder): keep what is stored. */
const untouched = (v: Json): boolean => v === undefined || v === null || v === '' || (isObject(v) && 'set' in v);

/**
 * Fills each secret the admin left blank from the stored section. Array elements are matched by their `id`
 * (a mailbox moved up the list keeps its password), else by position. A blank secret with nothing stored
 * is removed, so the schema reports it as missing where it is required.
 */
export function keepSecrets(section: SettingsSection, incoming: Readonly<Record<string, Json>>, stored: Json): Record<string, Json> {
  const out = copy(incoming) as Record<string, Json>;
  for (const pattern of SECRET_PATHS[section]) {
    for (const path of expand(out, pattern)) {
      if (!untouched(getAt(out, path))) continue;
      setAt(out, path, storedSecret(out, stored, path));
    }
  }
  return out;
}

function storedSecret(incoming: Json, stored: Json, path: readonly (string | number)[]): Json {
  // Re-walk the path in the stored section, mapping array indexes through ids where elements have them.
  let inCursor = incoming;
  let stCursor = stored;
  for (const key of path) {
    if (typeof key === 'number' && Array.isArray(inCursor) && Array.isArray(stCursor)) {
      const element: unknown = inCursor[key];
      const id = isObject(element) ? element.id : undefined;
      const match: unknown = id !== undefined ? stCursor.find((s) => isObject(s) && s.id === id) : stCursor[key];
      inCursor = element;
      stCursor = match;
    } else {
      inCursor = isObject(inCursor) ? inCursor[String(key)] : undefined;
      stCursor = isObject(stCursor) ? stCursor[String(key)] : undefined;
    }
  }
  return typeof stCursor === 'string' && stCursor.length > 0 ? stCursor : undefined;
}

/**
 * Key paths that differ between two sections ("mailboxes.0.host", "smtp.password"): what the audit log
 * records. Paths only, never values, so a secret's change is recorded without the secret.
 */
export function changedPaths(before: Json, after: Json, at = ''): string[] {
  // A first save lists what it sets, key by key, rather than "(all)".
  if (at === '' && before === undefined && isObject(after)) return changedPaths({}, after);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => changedPaths(before[k], after[k], at ? `${at}.${k}` : k));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const n = Math.max(before.length, after.length);
    return Array.from({ length: n }, (_, i) => changedPaths(before[i], after[i], at ? `${at}.${i}` : String(i))).flat();
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [at || '(all)'];
}
