import type { AuditActor, AuditEntry, AuditTrail } from '../hub/audit';
import type { Store } from '../store/store';
import { insertAuditRow } from './repo';

// Keys whose values are never written, whatever a caller passes: the log is read by every administrator.
const SECRET_KEY = /pass(word|phrase)?|secret|token|api_?key|auth|credential|private/i;
const MAX_STRING = 500;
const MAX_DEPTH = 4;
const MAX_ITEMS = 50;

/** The detail as it is stored: secrets replaced, long text cut, depth and breadth bounded. */
export function scrubDetail(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((v) => scrubDetail(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value).slice(0, MAX_ITEMS)) {
      if (v === undefined) continue;
      // A flag about a secret ("mustChangePassword": true) says nothing of it; any other value might be one.
      out[key] = SECRET_KEY.test(key) && typeof v !== 'boolean' ? '[not recorded]' : scrubDetail(v, depth + 1);
    }
    return out;
  }
  // Functions, symbols, bigints, undefined: nothing a detail should carry.
  return typeof value === 'bigint' ? value.toString() : null;
}

/**
 * The audit trail backed by the hub's store: one append-only row per entry, committed before record()
 * resolves (a handler that awaits it has its change on record before it answers). `nameOf` gives the
 * actor's username at the time, so the log stays readable after a rename.
 */
export function storeAuditTrail(
  deps: Readonly<{ store: Store; now: () => number; nameOf: (agentId: number) => string | null }>,
): AuditTrail {
  return {
    async record(actor: AuditActor, entry: AuditEntry) {
      const row = {
        at: deps.now(),
        actorKind: actor.kind,
        actorId: actor.kind === 'agent' ? actor.agentId : actor.kind === 'apiKey' ? actor.keyId : null,
        actorName: actor.kind === 'agent' ? deps.nameOf(actor.agentId) : null,
        action: entry.action.slice(0, 64),
        target: entry.target?.slice(0, 200) ?? null,
        detail: JSON.stringify(scrubDetail(entry.detail ?? {})),
      };
      await deps.store.write((tx) => insertAuditRow(tx, row));
    },
  };
}
