import type { CountryCode } from 'libphonenumber-js';
import type { AttributeDef, AttributeValue, IdentityKind, ImportField } from '../../contracts';
import { checkAttribute } from '../attributes';
import { InvalidIdentityError, normaliseIdentity } from '../../identity/normalise';

/** One CSV row turned into what it says about a customer. */
export type RowFacts = {
  row: number;
  name: string | null;
  company: string | null;
  identities: Array<{ kind: IdentityKind; value: string }>;
  tags: string[];
  attributes: Record<string, AttributeValue>;
  note: string | null;
};

export type RowResult = { ok: true; facts: RowFacts } | { ok: false; row: number; reason: string };

export type ColumnPlan = ReadonlyArray<{ index: number; header: string; field: ImportField }>;

export class ImportSetupError extends Error {}

/** Checks the mapping against the header and the attribute definitions before any row is read. */
export function planColumns(
  header: readonly string[],
  mapping: Readonly<Record<string, ImportField>>,
  defs: readonly AttributeDef[],
): ColumnPlan {
  const plan: Array<{ index: number; header: string; field: ImportField }> = [];
  for (const [column, field] of Object.entries(mapping)) {
    const index = header.indexOf(column);
    if (index < 0) throw new ImportSetupError(`column "${column}" is not in the file (columns: ${header.slice(0, 30).join(', ')})`);
    if (field.startsWith('attribute:') && !defs.some((d) => d.key === field.slice('attribute:'.length))) {
      throw new ImportSetupError(`column "${column}" maps to ${field}, but no such attribute is defined`);
    }
    if (field !== 'ignore') plan.push({ index, header: column, field });
  }
  if (!plan.some((c) => c.field === 'phone' || c.field === 'email' || c.field.startsWith('external:'))) {
    throw new ImportSetupError('map at least one column to phone, email or external:<system>: rows are matched by identity');
  }
  return plan;
}

const MAX_CELL = 4000;

export function mapRow(
  row: number,
  record: readonly string[],
  width: number,
  columns: ColumnPlan,
  defs: ReadonlyMap<string, AttributeDef>,
  region: CountryCode,
  extraTag: string | undefined,
): RowResult {
  if (record.length !== width) return { ok: false, row, reason: `expected ${width} columns, found ${record.length}` };
  const facts: RowFacts = { row, name: null, company: null, identities: [], tags: extraTag ? [extraTag] : [], attributes: {}, note: null };
  let first = '';
  let last = '';
  for (const { index, header, field } of columns) {
    const cell = (record[index] ?? '').trim();
    if (cell === '') continue;
    if (cell.length > MAX_CELL) return { ok: false, row, reason: `${header}: longer than ${MAX_CELL} characters` };
    const identity = identityOf(field, cell);
    if (identity) {
      try {
        const value = normaliseIdentity(identity.kind, identity.value, region);
        if (!facts.identities.some((i) => i.kind === identity.kind && i.value === value))
          facts.identities.push({ kind: identity.kind, value });
      } catch (error) {
        if (error instanceof InvalidIdentityError) return { ok: false, row, reason: `${header}: ${error.message}` };
        throw error;
      }
      continue;
    }
    if (field === 'displayName') facts.name = cell.slice(0, 200);
    else if (field === 'firstName') first = cell;
    else if (field === 'lastName') last = cell;
    else if (field === 'company') facts.company = cell.slice(0, 200);
    else if (field === 'note') facts.note = cell;
    else if (field === 'tags') {
      for (const tag of cell.split(/[,;|]/).map((t) => t.trim().slice(0, 40))) if (tag && !facts.tags.includes(tag)) facts.tags.push(tag);
    } else if (field.startsWith('attribute:')) {
      const def = defs.get(field.slice('attribute:'.length));
      if (!def) return { ok: false, row, reason: `${header}: attribute not defined` };
      const checked = checkAttribute(def, cell);
      if (!checked.ok) return { ok: false, row, reason: checked.reason };
      facts.attributes[def.key] = checked.value;
    }
  }
  if (facts.name === null && (first || last)) facts.name = `${first} ${last}`.trim().slice(0, 200);
  if (facts.identities.length === 0) return { ok: false, row, reason: 'no phone, email or external id' };
  return { ok: true, facts };
}

function identityOf(field: ImportField, cell: string): { kind: IdentityKind; value: string } | null {
  if (field === 'phone') return { kind: 'phone', value: cell };
  if (field === 'email') return { kind: 'email', value: cell };
  if (field.startsWith('external:')) return { kind: 'external', value: `${field.slice('external:'.length)}:${cell}` };
  return null;
}
