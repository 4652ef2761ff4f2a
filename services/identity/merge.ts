import { HubError, type AttributeValue, type MergeMoved, type MergeRecord } from '../contracts';
import type { Connection } from '../store/store';
import {
  attributesOf,
  clearMergedInto,
  customerBelongings,
  getMerge,
  insertMerge,
  markMergeUndone,
  moveAllBelongings,
  moveBelongingsBack,
  requireCustomerRow,
  requireLiveCustomer,
  saveMergedProfile,
  saveUnmergedProfile,
  setMergedInto,
  tagsOf,
  type DbCustomer,
} from './repo';
import { closePairSuggestion } from './suggestions';

export type MergeRequest = Readonly<{
  survivorId: number;
  mergedId: number;
  byAgentId: number | null;
  rule: string | null;
  reason: string;
  at: number;
}>;

/**
 * Folds `mergedId` into `survivorId` inside the caller's transaction: identities, conversations and notes
 * move; tags, attributes and company fill gaps on the survivor (never overwrite). The merged record stays,
 * pointing at the survivor. The audit row lists exactly what moved so unmerge can put it back.
 */
export async function mergeCustomers(tx: Connection, m: MergeRequest): Promise<MergeRecord> {
  if (m.survivorId === m.mergedId) throw new HubError('invalid_input', 'a customer cannot be merged into itself');
  const survivor = await requireLiveCustomer(tx, m.survivorId);
  const merged = await requireLiveCustomer(tx, m.mergedId);

  const { identities, conversations, notes } = await customerBelongings(tx, merged.id);

  const survivorTags = tagsOf(survivor);
  const gainedTags = tagsOf(merged).filter((t) => !survivorTags.includes(t));
  const survivorAttributes = attributesOf(survivor);
  const mergedAttributes = attributesOf(merged);
  const gainedAttributes = Object.keys(mergedAttributes).filter((k) => !(k in survivorAttributes));
  const gainedCompany = survivor.company === null && merged.company !== null ? merged.company : null;

  const moved: MergeMoved = { identities, conversations, notes, tags: gainedTags, attributes: gainedAttributes, company: gainedCompany };

  await moveAllBelongings(tx, merged.id, survivor.id);
  const nextAttributes: Record<string, AttributeValue> = { ...survivorAttributes };
  for (const k of gainedAttributes) {
    const v = mergedAttributes[k];
    if (v !== undefined) nextAttributes[k] = v;
  }
  await saveMergedProfile(
    tx,
    survivor.id,
    { tags: [...survivorTags, ...gainedTags], attributes: nextAttributes, company: survivor.company ?? gainedCompany },
    m.at,
  );
  await setMergedInto(tx, merged.id, survivor.id, m.at);
  await closePairSuggestion(tx, survivor.id, merged.id, m.byAgentId, m.at);

  const mergeId = await insertMerge(tx, { at: m.at, byAgentId: m.byAgentId, rule: m.rule, reason: m.reason, survivor, merged, moved });
  const record = await getMerge(tx, mergeId);
  if (!record) throw new Error('merge insert lost its row');
  return record;
}

/**
 * Reverses one merge: what it moved goes back to the merged record (only what is still on the survivor;
 * nothing else is touched), the gap-filled profile values are removed if nobody changed them since, and
 * the merged record stands on its own again. Conversations that arrived after the merge stay on the survivor.
 */
export async function unmergeCustomers(
  tx: Connection,
  u: Readonly<{ mergeId: number; byAgentId: number | null; reason: string; at: number }>,
): Promise<MergeRecord> {
  const merge = await getMerge(tx, u.mergeId);
  if (!merge) throw new HubError('not_found', `merge ${u.mergeId} not found`);
  if (merge.undoneAt !== null) throw new HubError('conflict', `merge ${u.mergeId} was already undone`);
  const survivor = await requireCustomerRow(tx, merge.survivorId);
  if (survivor.merged_into !== null) {
    throw new HubError('conflict', `customer ${survivor.id} has since been merged into ${survivor.merged_into}: undo that merge first`);
  }
  const merged = await requireCustomerRow(tx, merge.mergedId);
  if (merged.merged_into !== survivor.id) throw new HubError('conflict', `customer ${merged.id} is no longer merged into ${survivor.id}`);

  const { moved } = merge;
  await moveBelongingsBack(tx, survivor.id, merged.id, moved);

  const mergedAttributes = attributesOf(merged);
  const attributes = attributesOf(survivor);
  for (const k of moved.attributes) if (attributes[k] === mergedAttributes[k]) delete attributes[k];
  const tags = tagsOf(survivor).filter((t) => !moved.tags.includes(t));
  const company = moved.company !== null && survivor.company === moved.company ? null : survivor.company;
  await saveUnmergedProfile(tx, survivor.id, { tags, attributes, company }, u.at);
  await clearMergedInto(tx, merged.id, u.at);
  await markMergeUndone(tx, merge.id, u.byAgentId, u.reason, u.at);
  const record = await getMerge(tx, merge.id);
  if (!record) throw new Error('merge row vanished');
  return record;
}

export type { DbCustomer };
