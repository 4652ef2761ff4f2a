import { rm } from 'node:fs/promises';
import path from 'node:path';
import { HubError, type ErasureReport } from '../../contracts';
import type { AuditActor, AuditTrail } from '../../hub/audit';
import type { Store } from '../../store/store';
import { getCustomerRow } from '../../identity/repo';
import { forgetMessages } from '../../voc/repo';
import { attachmentShaInUse, attachmentsOfMessages, conversationIdsOf, conversationsByIds, customerFamily, insertErasure } from '../repo';
import {
  compactSearchIndexes,
  dropDeliveriesOf,
  eventsOfConversations,
  foreignKeys,
  identityValuesOf,
  messageIdsOf,
  purgeByIdentityValues,
  purgeRows,
  removeCustomerFromNameIndex,
  rewriteEventData,
} from './repo';

/** Reasons the metrics fold reads from event data; any other string (an agent's words) is dropped. */
const FIGURE_REASONS = new Set(['new', 'reopened', 'transfer', 'timeout', 'revoked', 'queue', 'sticky', 'abandoned', 'hangup', 'left']);
const FIGURE_STRINGS = new Set(['channel', 'fromQueue', 'toQueueId', 'presence', 'offerId']);

/** An event of an erased conversation keeps what the figures need (numbers, flags, queue names), nothing a person wrote. */
export function anonymisedEventData(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === 'number' || typeof v === 'boolean' || v === null) out[k] = v;
    else if (typeof v === 'string' && (FIGURE_STRINGS.has(k) || (k === 'reason' && FIGURE_REASONS.has(v)))) out[k] = v;
  }
  return out;
}

export type EraseDeps = Readonly<{ store: Store; now: () => number; audit: AuditTrail; dataDir: string }>;

/** Purges conversations and everything that points at them, in one transaction (retention and erasure share it). */
export async function purgeConversationsIn(
  tx: Parameters<Parameters<Store['write']>[0]>[0],
  conversationIds: readonly number[],
): Promise<{ messages: number; attachments: Array<{ sha256: string | null }> }> {
  const messageIds = await messageIdsOf(tx, conversationIds);
  const attachments = await attachmentsOfMessages(tx, messageIds);
  for (const e of await eventsOfConversations(tx, conversationIds)) {
    const data = JSON.parse(e.data) as Record<string, unknown>;
    const kept = JSON.stringify(anonymisedEventData(data));
    if (kept !== e.data) await rewriteEventData(tx, e.seq, kept);
  }
  await dropDeliveriesOf(tx, [], conversationIds);
  await forgetMessages(tx, messageIds);
  await purgeRows(tx, await foreignKeys(tx), 'conversation', conversationIds);
  return { messages: messageIds.length, attachments };
}

/** Deletes email attachment files no remaining message uses (files are content-addressed and shared). */
export async function removeUnusedFiles(store: Store, dataDir: string, shas: readonly (string | null)[]): Promise<number> {
  let removed = 0;
  for (const sha of new Set(shas)) {
    if (!sha || !/^[0-9a-f]{64}$/.test(sha) || (await attachmentShaInUse(store, sha))) continue;
    const file = path.join(dataDir, 'email', 'attachments', sha.slice(0, 2), sha.slice(2, 4), sha);
    await rm(file, { force: true });
    removed += 1;
  }
  return removed;
}

/**
 * The right to be forgotten: the customer, every record merged into it, their conversations, messages,
 * attachments (rows and files), identities, notes, merge and suggestion records, search-index entries and
 * webhook payloads go; the event log keeps only anonymous figures. Open work must be closed first.
 */
export class Eraser {
  constructor(private readonly deps: EraseDeps) {}

  async erase(customerId: number, by: Readonly<{ reason: string; actor: AuditActor }>): Promise<ErasureReport> {
    const { store, now } = this.deps;
    const outcome = await store.write(async (tx) => {
      if (!(await getCustomerRow(tx, customerId))) throw new HubError('not_found', `no customer ${customerId}`);
      const family = await customerFamily(tx, customerId);
      const conversationIds = await conversationIdsOf(tx, family);
      const open = (await conversationsByIds(tx, conversationIds)).filter((c) => c.state !== 'closed' && c.state !== 'abandoned');
      if (open.length > 0)
        throw new HubError('conflict', `close this customer's open conversations first (${open.map((c) => `#${c.id}`).join(', ')})`);
      const values = await identityValuesOf(tx, family);
      const purged = await purgeConversationsIn(tx, conversationIds);
      await dropDeliveriesOf(tx, family, []);
      await removeCustomerFromNameIndex(tx, family);
      const counts = await purgeRows(tx, await foreignKeys(tx), 'customer', family);
      await purgeByIdentityValues(tx, values);
      await compactSearchIndexes(tx);
      const report = {
        customers: family.length,
        conversations: conversationIds.length,
        messages: purged.messages,
        identities: counts.get('identity') ?? 0,
        attachments: purged.attachments.length,
      };
      const erasureId = await insertErasure(tx, {
        at: now(),
        byAgentId: by.actor.kind === 'agent' ? by.actor.agentId : null,
        byApiKeyId: by.actor.kind === 'apiKey' ? by.actor.keyId : null,
        reason: by.reason,
        report,
      });
      return { erasureId, report, shas: purged.attachments.map((a) => a.sha256) };
    });
    const attachmentFiles = await removeUnusedFiles(store, this.deps.dataDir, outcome.shas);
    const report: ErasureReport = { erasureId: outcome.erasureId, ...outcome.report, attachmentFiles };
    // The audit entry names the erasure, never the person (their id alone is meaningless once erased).
    await this.deps.audit.record(by.actor, {
      action: 'customer.erased',
      target: `erasure:${outcome.erasureId}`,
      detail: { reason: by.reason, ...outcome.report, attachmentFiles },
    });
    return report;
  }
}
