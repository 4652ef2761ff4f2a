import type { FastifyBaseLogger } from 'fastify';
import type { IdentityKind } from '../../contracts';
import { EVERYONE, type Pusher } from '../../hub/push';
import { tryNormaliseIdentity } from '../../identity/normalise';
import { findIdentityOwner } from '../../identity/repo';
import { raiseSuggestion } from '../../identity/suggestions';
import type { Store } from '../../store/store';

export type PrechatClaim = Readonly<{ email: string | null; phone: string | null }>;

/**
 * What an anonymous visitor typed into the pre-chat form is a claim, not proof: anyone can type anyone's
 * address. When it names a customer we know, the two records are offered to the agent as a possible match
 * (a suggestion with the reason), never merged. The suggestion carries no identity kind on purpose: the
 * configured auto-merge rules act on suggestions raised for an identity, and this one must wait for a person.
 */
export async function suggestPrechatMatch(
  deps: Readonly<{ store: Store; push: Pusher; log: FastifyBaseLogger; now: () => number }>,
  visitorCustomerId: number,
  claim: PrechatClaim,
): Promise<void> {
  const claims: Array<[IdentityKind, string | null, string]> = [
    ['email', claim.email, 'email address'],
    ['phone', claim.phone, 'phone number'],
  ];
  const raised = new Set<number>();
  for (const [kind, typed, words] of claims) {
    const value = typed ? tryNormaliseIdentity(kind, typed) : undefined;
    if (!value) continue;
    const owner = await findIdentityOwner(deps.store, kind, value);
    if (!owner || owner.merged_into !== null || owner.customer_id === visitorCustomerId || raised.has(owner.customer_id)) continue;
    const reason = `web chat pre-chat form: the visitor typed the ${words} ${value} (not verified)`;
    await deps.store.write((tx) => raiseSuggestion(tx, visitorCustomerId, owner.customer_id, reason, null, deps.now()));
    raised.add(owner.customer_id);
  }
  if (raised.size > 0) deps.push.to(EVERYONE).emit('customer/changed', { customerIds: [visitorCustomerId, ...raised], reason: 'identity' });
}
