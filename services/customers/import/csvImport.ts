import { parse } from 'csv-parse';
import type { CountryCode } from 'libphonenumber-js';
import type { AttributeValue, IdentityKind, ImportField, ImportReport } from '../../contracts';
import type { Connection, Store } from '../../store/store';
import { parseJson } from '../../store/repos/json';
import { listAttributeDefs } from '../../identity/repo';
import { raiseSuggestion } from '../../identity/suggestions';
import { mapRow, planColumns, type RowFacts } from './rowMapping';
import {
  customerProfileRows,
  identityOwners,
  insertCustomerRows,
  insertIdentityRows,
  insertNoteRows,
  maxCustomerId,
  noteBodiesOf,
  saveImportedProfile,
} from '../repo';

export type ImportOptions = Readonly<{
  mapping: Readonly<Record<string, ImportField>>;
  dryRun: boolean;
  delimiter?: string;
  /** Tag added to every imported or matched customer (e.g. "legacy-crm"). */
  tag?: string;
  region?: CountryCode;
  byAgentId: number | null;
  now: () => number;
  chunkSize?: number;
  onProgress?: (rowsDone: number, rowsTotal: number) => void;
  /** Checked between chunks: a stopping hub ends the run (committed chunks stay; a re-run completes it). */
  cancelled?: () => boolean;
}>;

const DETAIL_CAP = 500;
const MATCH_ORDER: readonly IdentityKind[] = ['external', 'email', 'phone', 'chat'];

type CustomerState = {
  id: number;
  displayName: string;
  company: string | null;
  attributes: Record<string, AttributeValue>;
  tags: string[];
  isNew: boolean;
  /** Rows of this run that created it (for readable reasons). */
  createdByRow: number | null;
  notes: Set<string>;
  notesLoaded: boolean;
};

/** What one chunk writes; empty in a dry run. */
type Writes = {
  newCustomers: CustomerState[];
  identities: Array<{ customerId: number; kind: IdentityKind; value: string }>;
  updated: Set<CustomerState>;
  notes: Array<{ customerId: number; body: string }>;
  suggestions: Array<{ a: number; b: number; reason: string; identity: { kind: IdentityKind; value: string } }>;
};

export class ImportAbortedError extends Error {}

/** Reads the whole CSV (header first) without blocking the event loop for long. */
export async function readCsv(input: Buffer | string, delimiter = ','): Promise<string[][]> {
  const parser = parse(input, { delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 1_000_000 });
  const records: string[][] = [];
  for await (const record of parser as AsyncIterable<string[]>) records.push(record);
  return records;
}

/**
 * Imports customers from a CSV: each row is matched to existing customers by its identities (external id,
 * then email, then phone). No match -> a new customer; one match -> gaps on it are filled (name, company,
 * attributes, tags, note); identities owned by two different customers -> a duplicate suggestion, never a
 * silent merge. A dry run computes the same report without writing. Running a file twice changes nothing
 * the second time (every row reports unchanged).
 */
export async function importCustomersCsv(store: Store, input: Buffer | string, options: ImportOptions): Promise<ImportReport> {
  const records = await readCsv(input, options.delimiter);
  const header = (records[0] ?? []).map((h) => h.trim());
  const defs = await listAttributeDefs(store);
  const columns = planColumns(header, options.mapping, defs);
  const defMap = new Map(defs.map((d) => [d.key, d]));
  const region = options.region ?? 'US';
  const total = records.length - 1;
  const chunkSize = options.chunkSize ?? 1000;

  const report: ImportReport = {
    rows: total,
    created: 0,
    merged: 0,
    unchanged: 0,
    rejected: 0,
    suggestions: 0,
    mergedRows: [],
    rejectedRows: [],
    suggestionRows: [],
    warnings: [],
    columns: header,
  };
  // Identities this run has placed (kind\0value -> customer id) and customers it has seen, across chunks.
  const placed = new Map<string, number>();
  const states = new Map<number, CustomerState>();
  let nextDryId = (await maxCustomerId(store)) + 1;

  for (let start = 1; start <= total; start += chunkSize) {
    if (options.cancelled?.()) throw new ImportAbortedError(`stopped after ${start - 1} of ${total} rows; run the import again to finish`);
    const facts: RowFacts[] = [];
    for (let i = start; i < Math.min(start + chunkSize, total + 1); i += 1) {
      const mapped = mapRow(i, records[i] ?? [], header.length, columns, defMap, region, options.tag);
      if (mapped.ok) facts.push(mapped.facts);
      else {
        report.rejected += 1;
        if (report.rejectedRows.length < DETAIL_CAP) report.rejectedRows.push({ row: mapped.row, reason: mapped.reason, values: [] });
      }
    }
    if (options.dryRun) {
      await planChunk(store, facts, { placed, states, report, nextId: () => nextDryId++, at: options.now() });
    } else {
      await store.write(async (tx) => {
        // Another writer may have changed these customers since the last chunk: re-read inside the transaction.
        states.clear();
        let next = (await maxCustomerId(tx)) + 1;
        const at = options.now();
        const writes = await planChunk(tx, facts, { placed, states, report, nextId: () => next++, at });
        await applyWrites(tx, writes, at, options.byAgentId);
      });
    }
    options.onProgress?.(Math.min(start + chunkSize - 1, total), total);
  }
  // The original cells, so the rejected rows can be downloaded, fixed and imported again.
  for (const rejected of report.rejectedRows) rejected.values = originalCells(records[rejected.row] ?? []);
  return report;
}

const MAX_KEPT_CELLS = 100;
const MAX_KEPT_CHARS = 500;

/** A rejected row's cells as the file had them, bounded so a hostile row cannot bloat the report. */
function originalCells(record: readonly string[]): string[] {
  return record.slice(0, MAX_KEPT_CELLS).map((cell) => (cell.length > MAX_KEPT_CHARS ? `${cell.slice(0, MAX_KEPT_CHARS - 1)}…` : cell));
}

type PlanContext = {
  placed: Map<string, number>;
  states: Map<number, CustomerState>;
  report: ImportReport;
  nextId: () => number;
  at: number;
};

const keyOf = (kind: IdentityKind, value: string) => `${kind}\u0000${value}`;

async function planChunk(db: Pick<Connection, 'get' | 'all'>, rows: readonly RowFacts[], ctx: PlanContext): Promise<Writes> {
  const { placed, states, report } = ctx;
  const writes: Writes = { newCustomers: [], identities: [], updated: new Set(), notes: [], suggestions: [] };

  // One indexed lookup per kind and 400 values for the whole chunk instead of one per identity.
  const owners = new Map<string, { customerId: number; shared: boolean }>();
  const byKind = new Map<IdentityKind, string[]>();
  for (const r of rows) {
    for (const i of r.identities) {
      if (placed.has(keyOf(i.kind, i.value))) continue;
      const list = byKind.get(i.kind);
      if (list) list.push(i.value);
      else byKind.set(i.kind, [i.value]);
    }
  }
  for (const [kind, values] of byKind) {
    for (let i = 0; i < values.length; i += 400) {
      const found = await identityOwners(db, kind, values.slice(i, i + 400));
      for (const f of found) owners.set(keyOf(kind, f.value), { customerId: f.customer_id, shared: f.shared === 1 });
    }
  }
  const needed = new Set<number>();
  for (const o of owners.values()) if (!states.has(o.customerId)) needed.add(o.customerId);
  for (const r of rows) {
    for (const i of r.identities) {
      const id = placed.get(keyOf(i.kind, i.value));
      if (id !== undefined && !states.has(id)) needed.add(id);
    }
  }
  await loadStates(db, [...needed], states);

  for (const r of rows) {
    const matches: Array<{ kind: IdentityKind; value: string; customerId: number }> = [];
    const fresh: Array<{ kind: IdentityKind; value: string }> = [];
    let sharedOnly = true;
    for (const i of r.identities) {
      const key = keyOf(i.kind, i.value);
      const placedId = placed.get(key);
      const owner = owners.get(key);
      if (placedId !== undefined) matches.push({ ...i, customerId: placedId });
      else if (owner?.shared)
        continue; // A household phone says nothing about who this row is.
      else if (owner) matches.push({ ...i, customerId: owner.customerId });
      else fresh.push(i);
      sharedOnly = false;
    }
    if (sharedOnly) {
      report.rejected += 1;
      if (report.rejectedRows.length < DETAIL_CAP)
        report.rejectedRows.push({
          row: r.row,
          reason: 'its only identities are marked shared; add a personal phone, email or id',
          values: [],
        });
      continue;
    }
    matches.sort((a, b) => MATCH_ORDER.indexOf(a.kind) - MATCH_ORDER.indexOf(b.kind));
    const target = matches[0];

    if (!target) {
      const state: CustomerState = {
        id: ctx.nextId(),
        displayName: r.name ?? r.identities[0]?.value ?? 'Unknown',
        company: r.company,
        attributes: { ...r.attributes },
        tags: [...r.tags],
        isNew: true,
        createdByRow: r.row,
        notes: new Set(r.note ? [r.note] : []),
        notesLoaded: true,
      };
      states.set(state.id, state);
      writes.newCustomers.push(state);
      for (const i of fresh) {
        placed.set(keyOf(i.kind, i.value), state.id);
        writes.identities.push({ customerId: state.id, ...i });
      }
      if (r.note) writes.notes.push({ customerId: state.id, body: r.note });
      report.created += 1;
      continue;
    }

    const state = states.get(target.customerId);
    if (!state) throw new Error(`customer ${target.customerId} vanished during import`);
    const changes: string[] = [];
    for (const i of fresh) {
      placed.set(keyOf(i.kind, i.value), state.id);
      writes.identities.push({ customerId: state.id, ...i });
      changes.push(`added ${i.kind} ${i.value}`);
    }
    if (r.name && r.name !== state.displayName && looksLikePlaceholder(state.displayName)) {
      state.displayName = r.name;
      changes.push('name');
    }
    if (r.company && state.company === null) {
      state.company = r.company;
      changes.push('company');
    }
    for (const [k, v] of Object.entries(r.attributes)) {
      if (!(k in state.attributes)) {
        state.attributes[k] = v;
        changes.push(`attribute ${k}`);
      }
    }
    for (const t of r.tags) {
      if (!state.tags.includes(t)) {
        state.tags.push(t);
        changes.push(`tag ${t}`);
      }
    }
    if (r.note) {
      if (!state.notesLoaded) {
        for (const body of await noteBodiesOf(db, state.id)) state.notes.add(body);
        state.notesLoaded = true;
      }
      if (!state.notes.has(r.note)) {
        state.notes.add(r.note);
        writes.notes.push({ customerId: state.id, body: r.note });
        changes.push('note');
      }
    }
    const profileChanged = changes.some((c) => c === 'name' || c === 'company' || c.startsWith('attribute') || c.startsWith('tag'));
    // A customer inserted by this same chunk is written with its final state; no UPDATE needed.
    if (profileChanged && !writes.newCustomers.includes(state)) writes.updated.add(state);

    for (const other of matches) {
      if (other.customerId === state.id) continue;
      const reason = `row ${r.row}: ${target.kind} ${target.value} belongs to customer #${state.id} but ${other.kind} ${other.value} belongs to customer #${other.customerId}`;
      writes.suggestions.push({
        a: state.id,
        b: other.customerId,
        reason: `possible duplicate (import): ${reason}`,
        identity: { kind: other.kind, value: other.value },
      });
      report.suggestions += 1;
      if (report.suggestionRows.length < DETAIL_CAP) report.suggestionRows.push({ row: r.row, reason });
    }

    if (changes.length === 0) report.unchanged += 1;
    else {
      report.merged += 1;
      const origin = state.createdByRow !== null ? ` (created from row ${state.createdByRow})` : '';
      if (report.mergedRows.length < DETAIL_CAP) {
        report.mergedRows.push({
          row: r.row,
          customerId: state.id,
          reason: `matched customer #${state.id}${origin} by ${target.kind} ${target.value}; ${changes.join(', ')}`,
        });
      }
    }
  }
  return writes;
}

/** A name the hub made up from an address (ingest without a display name): the import may replace it. */
function looksLikePlaceholder(name: string): boolean {
  return name.includes('@') || /^\+?[\d\s().-]{4,}$/.test(name) || name === 'Unknown';
}

async function loadStates(db: Pick<Connection, 'all'>, ids: readonly number[], states: Map<number, CustomerState>): Promise<void> {
  for (let i = 0; i < ids.length; i += 400) {
    const rows = await customerProfileRows(db, ids.slice(i, i + 400));
    for (const r of rows) {
      states.set(r.id, {
        id: r.id,
        displayName: r.display_name,
        company: r.company,
        attributes: parseJson(r.attributes, {}),
        tags: parseJson(r.tags, []),
        isNew: false,
        createdByRow: null,
        notes: new Set(),
        notesLoaded: false,
      });
    }
  }
}

/** Multi-row INSERTs: per-statement round trips, not SQLite, are what bound bulk writes here. */
async function insertMany<T>(items: readonly T[], perStatement: number, insert: (part: readonly T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += perStatement) await insert(items.slice(i, i + perStatement));
}

async function applyWrites(tx: Connection, w: Writes, at: number, byAgentId: number | null): Promise<void> {
  await insertMany(w.newCustomers, 500, (part) => insertCustomerRows(tx, part, at));
  await insertMany(w.identities, 500, (part) => insertIdentityRows(tx, part, at));
  for (const c of w.updated) await saveImportedProfile(tx, c, at);
  await insertMany(w.notes, 500, (part) => insertNoteRows(tx, part, byAgentId, at));
  for (const s of w.suggestions) await raiseSuggestion(tx, s.a, s.b, s.reason, s.identity, at);
}
