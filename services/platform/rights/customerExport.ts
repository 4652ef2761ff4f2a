import type { CustomerExport } from '../../contracts';
import { getProfile, listMergesOf, listNotes } from '../../identity/repo';
import type { Store } from '../../store/store';
import { attachmentsOfMessages, conversationIdsOf, conversationsByIds, customerFamily, messagesOfConversations } from '../repo';

/**
 * Everything the hub stores about one person (a data-subject access request): the record, the records
 * merged into it, notes, merges, every conversation with every message and attachment's metadata.
 */
export async function exportCustomer(store: Store, customerId: number, at: number): Promise<CustomerExport> {
  const customer = await getProfile(store, customerId);
  const family = await customerFamily(store, customerId);
  const mergedRecords = [];
  for (const id of family) if (id !== customerId) mergedRecords.push(await getProfile(store, id));
  const notes = [];
  for (const id of family) notes.push(...(await listNotes(store, id, 10_000)));
  const conversationIds = await conversationIdsOf(store, family);
  const conversations = await conversationsByIds(store, conversationIds);
  const messages = await messagesOfConversations(store, conversationIds);
  const attachments = await attachmentsOfMessages(
    store,
    messages.map((m) => m.id),
  );
  const attachmentsOf = new Map<number, CustomerExport['conversations'][number]['messages'][number]['attachments']>();
  for (const a of attachments) {
    const list = attachmentsOf.get(a.message_id) ?? [];
    list.push({ filename: a.filename, contentType: a.content_type, size: a.size });
    attachmentsOf.set(a.message_id, list);
  }
  const messagesOf = new Map<number, CustomerExport['conversations'][number]['messages']>();
  for (const m of messages) {
    const list = messagesOf.get(m.conversationId) ?? [];
    list.push({ ...m, attachments: attachmentsOf.get(m.id) ?? [] });
    messagesOf.set(m.conversationId, list);
  }
  return {
    exportedAt: at,
    customer,
    mergedRecords,
    notes,
    merges: await listMergesOf(store, customerId),
    conversations: conversations.sort((a, b) => a.createdAt - b.createdAt).map((c) => ({ ...c, messages: messagesOf.get(c.id) ?? [] })),
  };
}
