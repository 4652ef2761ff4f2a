import type { Conversation, Message } from '../contracts';
import { resolveCustomer, type ResolveOptions } from '../customers/resolve';
import { appendEvent } from '../store/repos/events';
import {
  getConversation,
  insertConversation,
  latestByThreadKey,
  updateConversation,
} from '../store/repos/conversations';
import { findMessageByProviderId, insertMessage } from '../store/repos/messages';
import type { Connection, Store } from '../store/store';
import { InboundEvent, type ParsedInboundEvent } from './inbound';

export type IngestOutcome = 'created' | 'reopened' | 'appended' | 'stored' | 'duplicate';

export type IngestResult = Readonly<{
  outcome: IngestOutcome;
  conversation: Conversation;
  message: Message;
  customerId: number;
}>;

export type IngestOptions = ResolveOptions &
  Readonly<{
    /** A closed thread receiving a new inbound message within this window reopens instead of starting anew. */
    reopenWindowMs: number;
    /** A new conversation on a thread whose last agent handled it within this window is sticky to them. */
    stickyWindowMs: number;
    now: () => number;
  }>;

export const defaultIngestOptions: IngestOptions = {
  reopenWindowMs: 72 * 3600_000,
  stickyWindowMs: 72 * 3600_000,
  now: Date.now,
};

/**
 * The one path for every inbound message: dedupe on the provider id, resolve the customer, thread, append,
 * write events, COMMIT. Resolves only after the commit, so the caller may acknowledge to the provider.
 * Routing happens after this returns (see hub/dispatch), never inside the transaction.
 */
export async function ingestInbound(store: Store, input: InboundEvent, options: IngestOptions = defaultIngestOptions): Promise<IngestResult> {
  const event = InboundEvent.parse(input);
  return store.write((tx) => ingestInTransaction(tx, event, options));
}

async function ingestInTransaction(tx: Connection, e: ParsedInboundEvent, options: IngestOptions): Promise<IngestResult> {
  const at = e.receivedAt ?? options.now();
  // Independent reads go together: each statement is a round trip to sqlite3's thread pool, and the writer
  // runs units one after another, so round trips per unit bound ingest throughput.
  const [duplicate, thread] = await Promise.all([findMessageByProviderId(tx, e.providerId), findThread(tx, e)]);
  if (duplicate) {
    const conversation = await getConversation(tx, duplicate.conversationId);
    if (!conversation) throw new Error(`message ${duplicate.id} has no conversation`);
    return { outcome: 'duplicate', conversation, message: duplicate, customerId: conversation.customerId };
  }

  const customerId = await resolveCustomer(tx, e.from, at, options, e.alsoKnownAs);
  let conversation = thread;
  let outcome: IngestOutcome;

  if (conversation && isOpen(conversation)) {
    outcome = 'appended';
  } else if (conversation && e.routable && at - (conversation.closedAt ?? 0) <= options.reopenWindowMs) {
    conversation = await updateConversation(tx, conversation.id, {
      state: 'queued',
      enqueuedAt: at,
      closedAt: null,
      disposition: null,
      assignedAgentId: null,
    });
    await appendEvent(tx, { at, type: 'conversation/reopened', conversationId: conversation.id, queueId: conversation.queueId, channel: conversation.channel });
    await appendEvent(tx, { at, type: 'conversation/queued', conversationId: conversation.id, queueId: conversation.queueId, channel: conversation.channel, data: { reason: 'reopened' } });
    outcome = 'reopened';
  } else if (conversation && !e.routable) {
    outcome = 'stored';
  } else {
    const previous = conversation;
    const sticky = previous?.lastAgentId != null && at - (previous.closedAt ?? previous.createdAt) <= options.stickyWindowMs;
    conversation = await insertConversation(tx, {
      channel: e.channel,
      customerId,
      queueId: e.queueId,
      priority: e.priority ?? 0,
      subject: e.subject ?? null,
      threadKey: e.threadKey ?? null,
      lastAgentId: sticky ? previous?.lastAgentId : null,
      at,
    });
    await appendEvent(tx, { at, type: 'conversation/created', conversationId: conversation.id, queueId: conversation.queueId, channel: conversation.channel, data: { channel: e.channel } });
    if (e.routable) {
      await appendEvent(tx, { at, type: 'conversation/queued', conversationId: conversation.id, queueId: conversation.queueId, channel: conversation.channel, data: { reason: 'new' } });
      outcome = 'created';
    } else {
      conversation = await updateConversation(tx, conversation.id, { state: 'closed', closedAt: at, enqueuedAt: null, disposition: 'auto_reply' });
      outcome = 'stored';
    }
  }

  const message = await insertMessage(tx, {
    conversationId: conversation.id,
    direction: 'in',
    bodyText: e.bodyText,
    bodyHtml: e.bodyHtml ?? null,
    providerId: e.providerId,
    meta: e.meta ?? {},
    at,
  });
  await appendEvent(tx, { at, type: 'message/in', conversationId: conversation.id, queueId: conversation.queueId, channel: conversation.channel, data: { messageId: message.id, channel: e.channel } });
  return { outcome, conversation, message, customerId };
}

async function findThread(tx: Connection, e: ParsedInboundEvent): Promise<Conversation | undefined> {
  if (e.conversationId !== undefined) {
    const byId = await getConversation(tx, e.conversationId);
    if (byId && byId.channel === e.channel) return byId;
  }
  if (e.threadKey !== undefined) return latestByThreadKey(tx, e.threadKey);
  return undefined;
}

function isOpen(c: Conversation): boolean {
  return c.state !== 'closed' && c.state !== 'abandoned';
}
