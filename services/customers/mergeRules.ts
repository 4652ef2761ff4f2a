import type { IdentityKind } from '../contracts';
import type { Store } from '../store/store';
import { mergeCustomers } from '../identity/merge';
import { closePairSuggestion } from '../identity/suggestions';
import { autoMergeCandidates, countLiveOfPair } from './repo';

/**
 * The configured merge rule applied after ingest: open suggestions on this customer raised for an identity
 * of an auto-merge kind become merges (older record survives), audited with rule 'identity:<kind>'.
 * Returns the customer ids that changed.
 */
export async function applyMergeRules(store: Store, customerId: number, kinds: readonly IdentityKind[], at: number): Promise<number[]> {
  if (kinds.length === 0) return [];
  return store.write(async (tx) => {
    const open = await autoMergeCandidates(tx, customerId, kinds);
    const changed: number[] = [];
    for (const s of open) {
      if ((await countLiveOfPair(tx, s.customer_a, s.customer_b)) !== 2) continue;
      await mergeCustomers(tx, {
        survivorId: s.customer_a,
        mergedId: s.customer_b,
        byAgentId: null,
        rule: `identity:${s.identity_kind}`,
        reason: `rule identity:${s.identity_kind}: ${s.reason}`,
        at,
      });
      await closePairSuggestion(tx, s.customer_a, s.customer_b, null, at);
      changed.push(s.customer_a, s.customer_b);
    }
    return changed;
  });
}
