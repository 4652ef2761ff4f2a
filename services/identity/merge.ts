import { HubError, MergeMoved, type AttributeValue, type IdentityKind, type MergeRecord } from '../contracts';
import type { Connection } from '../store/store';
import { parseJson } from '../store/repos/json';
import { join, sql } from '../store/sql';
import { attributesOf, requireCustomerRow, requireLiveCustomer, tagsOf, type DbCustomer } from './repo';
import { closePairSuggestion } from './suggestions';

type Reader = Pick<Connection, 'get' | 'all'>;

type DbMerge = {
  id: number;
  at: number;
  by_agent_id: number | null;
  rule: string | null;
  reason: string;
  survivor_id: number;
  merged_id: number;
  moved: string;
  merged_before: string;
  survivor_before: string;
  undone_at: number | null;
  undone_by_agent_id: number | null;
  undo_reason: string | null;
};

const emptyMoved: MergeMoved = { identities: [], conversations: [], notes: [], tags: [], attributes: [], company: null };

function toMerge(r: DbMerge): MergeRecord {
  const moved = MergeMoved.safeParse(parseJson(r.moved, null));
  return {
    id: r.id,
    at: r.at,
    byAgentId: r.by_agent_id,
    rule: r.rule,
    reason: r.reason,
    survivorId: r.survivor_id,
    mergedId: r.merged_id,
    moved: moved.success ? moved.data : emptyMoved,
    undoneAt: r.undone_at,
    undoneByAgentId: r.undone_by_agent_id,
    undoReason: r.undo_reason,
  };
}

export async function getMerge(db: Reader, id: number): Promise<MergeRecord | undefined> {
  const row = await db.get<DbMerge>(sql`SELECT * FROM customer_merge WHERE id = ${id}`);
  return row ? toMerge(row) : undefined;
}

/** Every merge this record took part in, as survivor or as the merged one, newest first. */
export async function listMergesOf(db: Reader, customerId: number): Promise<MergeRecord[]> {
  const rows = await db.all<DbMerge>(sql`
    SELECT * FROM customer_merge WHERE survivor_id = ${customerId}
    UNION SELECT * FROM customer_merge WHERE merged_id = ${customerId}
    ORDER BY id DESC LIMIT 100`);
  return rows.map(toMerge);
}

export type MergeRequest = Readonly<{
  survivorId: number;
  mergedId: number;
  byAgentId: number | null;
  rule: string | null;
  reason: string;
  at: number;
}>;

const ids = (values: readonly number[]) => join(values.map((v) => sql`${v}`));

/**
 * Folds `mergedId` into `survivorId` inside the caller's transaction: identities, conversations and notes
 * move; tags, attributes and company fill gaps on the survivor (never overwrite). The merged record stays,
 * pointing at the survivor. The audit row lists exactly what moved so unmerge can put it back.
 */
export async function mergeCustomers(tx: Connection, m: MergeRequest): Promise<MergeRecord> {
  if (m.survivorId === m.mergedId) throw new HubError('invalid_input', 'a customer cannot be merged into itself');
  const survivor = await requireLiveCustomer(tx, m.survivorId);
  const merged = await requireLiveCustomer(tx, m.mergedId);

  const identities = await tx.all<{ id: number; kind: IdentityKind; value: string }>(
    sql`SELECT id, kind, value FROM identity WHERE customer_id = ${merged.id} ORDER BY id`,
  );
  const conversations = (await tx.all<{ id: number }>(sql`SELECT id FROM conversation WHERE customer_id = ${merged.id} ORDER BY id`)).map(
    (r) => r.id,
  );
  const notes = (await tx.all<{ id: number }>(sql`SELECT id FROM customer_note WHERE customer_id = ${merged.id} ORDER BY id`)).map(
    (r) => r.id,
  );

  const survivorTags = tagsOf(survivor);
  const gainedTags = tagsOf(merged).filter((t) => !survivorTags.includes(t));
  const survivorAttributes = attributesOf(survivor);
  const mergedAttributes = attributesOf(merged);
  const gainedAttributes = Object.keys(mergedAttributes).filter((k) => !(k in survivorAttributes));
  const gainedCompany = survivor.company === null && merged.company !== null ? merged.company : null;

  const moved: MergeMoved = { identities, conversations, notes, tags: gainedTags, attributes: gainedAttributes, company: gainedCompany };

  await tx.run(sql`UPDATE identity SET customer_id = ${survivor.id} WHERE customer_id = ${merged.id}`);
  await tx.run(sql`UPDATE conversation SET customer_id = ${survivor.id} WHERE customer_id = ${merged.id}`);
  await tx.run(sql`UPDATE customer_note SET customer_id = ${survivor.id} WHERE customer_id = ${merged.id}`);
  const nextAttributes: Record<string, AttributeValue> = { ...survivorAttributes };
  for (const k of gainedAttributes) {
    const v = mergedAttributes[k];
    if (v !== undefined) nextAttributes[k] = v;
  }
  await tx.run(sql`
    UPDATE customer SET tags = ${JSON.stringify([...survivorTags, ...gainedTags])}, attributes = ${JSON.stringify(nextAttributes)},
      company = ${survivor.company ?? gainedCompany}, updated_at = ${m.at}
    WHERE id = ${survivor.id}`);
  await tx.run(sql`UPDATE customer SET merged_into = ${survivor.id}, updated_at = ${m.at} WHERE id = ${merged.id}`);
  await closePairSuggestion(tx, survivor.id, merged.id, m.byAgentId, m.at);

  const result = await tx.run(sql`
    INSERT INTO customer_merge (at, by_agent_id, rule, reason, survivor_id, merged_id, moved, merged_before, survivor_before)
    VALUES (${m.at}, ${m.byAgentId}, ${m.rule}, ${m.reason}, ${survivor.id}, ${merged.id}, ${JSON.stringify(moved)},
            ${JSON.stringify(merged)}, ${JSON.stringify(survivor)})`);
  const record = await getMerge(tx, result.lastID);
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
  if (moved.identities.length > 0) {
    await tx.run(
      sql`UPDATE identity SET customer_id = ${merged.id} WHERE customer_id = ${survivor.id} AND id IN (${ids(moved.identities.map((i) => i.id))})`,
    );
  }
  for (let i = 0; i < moved.conversations.length; i += 500) {
    const chunk = moved.conversations.slice(i, i + 500);
    await tx.run(sql`UPDATE conversation SET customer_id = ${merged.id} WHERE customer_id = ${survivor.id} AND id IN (${ids(chunk)})`);
  }
  for (let i = 0; i < moved.notes.length; i += 500) {
    const chunk = moved.notes.slice(i, i + 500);
    await tx.run(sql`UPDATE customer_note SET customer_id = ${merged.id} WHERE customer_id = ${survivor.id} AND id IN (${ids(chunk)})`);
  }

  const mergedAttributes = attributesOf(merged);
  const attributes = attributesOf(survivor);
  for (const k of moved.attributes) if (attributes[k] === mergedAttributes[k]) delete attributes[k];
  const tags = tagsOf(survivor).filter((t) => !moved.tags.includes(t));
  const company = moved.company !== null && survivor.company === moved.company ? null : survivor.company;
  await tx.run(sql`
    UPDATE customer SET tags = ${JSON.stringify(tags)}, attributes = ${JSON.stringify(attributes)}, company = ${company}, updated_at = ${u.at}
    WHERE id = ${survivor.id}`);
  await tx.run(sql`UPDATE customer SET merged_into = NULL, updated_at = ${u.at} WHERE id = ${merged.id}`);
  await tx.run(
    sql`UPDATE customer_merge SET undone_at = ${u.at}, undone_by_agent_id = ${u.byAgentId}, undo_reason = ${u.reason} WHERE id = ${merge.id}`,
  );
  const record = await getMerge(tx, merge.id);
  if (!record) throw new Error('merge row vanished');
  return record;
}

export type { DbCustomer };
