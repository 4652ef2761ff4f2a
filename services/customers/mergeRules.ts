import type { IdentityKind } from '../contracts';
import type { Store } from '../store/store';
import { join, sql } from '../store/sql';
import { mergeCustomers } from '../identity/merge';
import { closePairSuggestion } from '../identity/suggestions';

/**
 * The configured merge rule applied after ingest: open suggestions on this customer raised for an identity
 * of an auto-merge kind become merges (older record survives), audited with rule 'identity:<kind>'.
 * Returns the customer ids that changed.
 */
export async function applyMergeRules(store: Store, customerId: number, kinds: readonly IdentityKind[], at: number): Promise<number[]> {
  if (kinds.length === 0) return [];
  return store.write(async (tx) => {
    const open = await tx.all<{ id: number; customer_a: number; customer_b: number; reason: string; identity_kind: IdentityKind }>(sql`
      SELECT s.id, s.customer_a, s.customer_b, s.reason, s.identity_kind FROM customer_suggestion s
      JOIN customer a ON a.id = s.customer_a JOIN customer b ON b.id = s.customer_b
      WHERE s.status = 'open' AND (s.customer_a = ${customerId} OR s.customer_b = ${customerId})
        AND s.identity_kind IN (${join(kinds.map((k) => sql`${k}`))})
        AND a.merged_into IS NULL AND b.merged_into IS NULL
        AND NOT EXISTS (SELECT 1 FROM identity i WHERE i.kind = s.identity_kind AND i.value = s.identity_value AND i.shared = 1)`);
    const changed: number[] = [];
    for (const s of open) {
      const live = await tx.all<{ id: number }>(
        sql`SELECT id FROM customer WHERE id IN (${s.customer_a}, ${s.customer_b}) AND merged_into IS NULL`,
      );
      if (live.length !== 2) continue;
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
