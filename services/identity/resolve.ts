import type { CustomerIdentity, DuplicateSuggestion, IdentityKind, MergeRecord } from '../contracts';
import type { Connection } from '../store/store';
import { insertCustomer, insertIdentity } from '../store/repos/customers';
import { InvalidIdentityError, normaliseIdentity, type IdentityRef } from './normalise';
import { mergeCustomers } from './merge';
import { findIdentity, findIdentityOwner, mergedIntoOf } from './repo';
import { raiseSuggestion } from './suggestions';

export type ResolveOptions = Readonly<{
  defaultRegion?: Parameters<typeof normaliseIdentity>[2];
  /** Configured merge rule: these identity kinds merge two records outright instead of suggesting. */
  autoMergeOn?: readonly IdentityKind[];
}>;

/**
 * Exact identity match -> that customer; otherwise a new customer owning this identity.
 * Runs inside the caller's write transaction so the customer and the message commit together.
 * `also` are further identities the same contact brought (a chat visitor typed an email): each is
 * attached, or raises a duplicate suggestion when another customer owns it. A malformed `also` value is
 * skipped: it must never cost the message. Returns the customer the contact belongs to.
 */
export async function resolveCustomer(
  tx: Connection,
  identity: IdentityRef,
  at: number,
  options: ResolveOptions = {},
  also: readonly IdentityRef[] = [],
): Promise<number> {
  const value = normaliseIdentity(identity.kind, identity.value, options.defaultRegion);
  // One round trip for the common case (a known, unmerged customer): identity and merge pointer together.
  const found = await findIdentityOwner(tx, identity.kind, value);
  let customerId: number;
  if (found) customerId = found.merged_into === null ? found.customer_id : await liveCustomerOf(tx, found.merged_into);
  else {
    const name = identity.displayName?.trim() || value;
    customerId = await insertCustomer(tx, name.slice(0, 200), at);
    await insertIdentity(tx, customerId, identity.kind, value, at);
  }
  for (const extra of also) {
    try {
      const attached = await attachIdentity(tx, customerId, extra.kind, extra.value, at, {
        ...options,
        context: `the ${identity.kind} contact ${value} also gave`,
        byAgentId: null,
      });
      if (attached.merge) customerId = attached.merge.survivorId;
    } catch (error) {
      if (!(error instanceof InvalidIdentityError)) throw error;
    }
  }
  return customerId;
}

/** Identities move on merge, so this only matters for rows written before that rule; cheap insurance. */
async function liveCustomerOf(tx: Pick<Connection, 'get'>, id: number): Promise<number> {
  let current = id;
  for (let hops = 0; hops < 20; hops += 1) {
    const row = await mergedIntoOf(tx, current);
    if (!row || row.merged_into === null) return current;
    current = row.merged_into;
  }
  return current;
}

export type AttachOutcome = Readonly<{
  outcome: 'attached' | 'already_attached' | 'suggested' | 'merged' | 'shared_elsewhere';
  identity: CustomerIdentity | null;
  suggestion: DuplicateSuggestion | null;
  merge: MergeRecord | null;
}>;

/**
 * Gives `customerId` a further identity. If another customer owns it: a shared identifier is left alone,
 * a kind named in autoMergeOn merges the two (the older record survives), anything else raises a
 * "possible duplicate" suggestion with the reason. Never merges silently.
 */
export async function attachIdentity(
  tx: Connection,
  customerId: number,
  kind: IdentityKind,
  rawValue: string,
  at: number,
  options: ResolveOptions & Readonly<{ context: string; byAgentId: number | null }>,
): Promise<AttachOutcome> {
  const value = normaliseIdentity(kind, rawValue, options.defaultRegion);
  const existing = await findIdentity(tx, kind, value);
  if (!existing) {
    await insertIdentity(tx, customerId, kind, value, at);
    return { outcome: 'attached', identity: (await findIdentity(tx, kind, value)) ?? null, suggestion: null, merge: null };
  }
  const owner = await liveCustomerOf(tx, existing.customerId);
  const { customerId: _owner, ...identity } = existing;
  if (owner === customerId) return { outcome: 'already_attached', identity, suggestion: null, merge: null };
  if (existing.shared) return { outcome: 'shared_elsewhere', identity, suggestion: null, merge: null };
  const why = `${options.context} ${kind} ${value}, which belongs to customer #${owner}`;
  if (options.autoMergeOn?.includes(kind)) {
    const [survivorId, mergedId] = owner < customerId ? [owner, customerId] : [customerId, owner];
    const merge = await mergeCustomers(tx, {
      survivorId,
      mergedId,
      byAgentId: null,
      rule: `identity:${kind}`,
      reason: `rule identity:${kind}: ${why}`,
      at,
    });
    return { outcome: 'merged', identity, suggestion: null, merge };
  }
  const suggestion = await raiseSuggestion(tx, customerId, owner, `possible duplicate: ${why}`, { kind, value }, at);
  return { outcome: 'suggested', identity, suggestion, merge: null };
}
