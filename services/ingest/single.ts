import type { Conversation, CustomerSummary, Message } from '../contracts';
import { resolveCustomer, type ResolveOptions } from '../identity/resolve';
import { appendEvent } from '../store/repos/events';
import {
  getConversation,
  insertConversation,
  latestByThreadKey,
  updateConversation,
  type NewConversation,
} from '../store/repos/conversations';
import { findMessageByProviderId, insertMessage, type NewMessage } from '../store/repos/messages';
import type { Connection } from '../store/store';
import { followUpsSql } from './followUps';
import type { ParsedInboundEvent } from './inbound';

export type IngestOutcome = 'created' | 'reopened' | 'appended' | 'stored' | 'duplicate';

export type IngestResult = Readonly<{
  outcome: IngestOutcome;
  conversation: Conversation;
  message: Message;
  customerId: number;
  /** The customer's name and identities when ingest read them anyway (batched new work): spares a look-up. */
  customer?: CustomerSummary;
  /** Set when this message created its customer: nobody has served them yet (spares the sticky look-up). */
  newCustomer?: true;
}>;

export type IngestOptions = ResolveOptions &
  Readonly<{
    /** A closed thread receiving a new inbound message within this window reopens instead of starting anew. */
    reopenWindowMs: number;
    /** A new conversation on a thread whose last agent handled it within this window is sticky to them. */
    stickyWindowMs: number;
    /** A queue's own sticky window (ms) when it sets one; stickyWindowMs otherwise. */
    stickyWindowMsOf?: (queueId: string) => number | undefined;
    now: () => number;
  }>;

export const defaultIngestOptions: IngestOptions = {
  reopenWindowMs: 72 * 3600_000,
  stickyWindowMs: 72 * 3600_000,
  now: Date.now,
};

/** message.provider_id's UNIQUE refused the row, on either engine (PostgreSQL: unique_violation 23505). */
export function isProviderIdConflict(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; constraint?: unknown };
  if (e.code === '23505') return e.constraint === 'message_provider_id_key';
  return e.code === 'SQLITE_CONSTRAINT' && typeof e.message === 'string' && e.message.includes('message.provider_id');
}

export async function duplicateOf(tx: Connection, providerId: string): Promise<IngestResult | undefined> {
  const message = await findMessageByProviderId(tx, providerId);
  if (!message) return undefined;
  const conversation = await getConversation(tx, message.conversationId);
  if (!conversation) throw new Error(`message ${message.id} has no conversation`);
  return { outcome: 'duplicate', conversation, message, customerId: conversation.customerId };
}

/**
 * One inbound message inside the caller's write transaction: resolve the customer, thread, append, write
 * events. It handles every case (reopen, sticky, auto-replies, further identities, merged customers); the
 * batch path (batch.ts) does the common cases set-wise and hands the others to this, one savepoint each.
 */
export async function ingestInTransaction(tx: Connection, e: ParsedInboundEvent, options: IngestOptions): Promise<IngestResult> {
  const at = e.receivedAt ?? options.now();
  // No duplicate look-up here: message.provider_id is UNIQUE, so a replay fails at insertMessage and the
  // caller rolls the message's savepoint back (see batch.ts).
  const customerId = await resolveCustomer(tx, e.from, at, options, e.alsoKnownAs);
  let conversation = await findThread(tx, e);
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
    await appendEvent(tx, {
      at,
      type: 'conversation/reopened',
      conversationId: conversation.id,
      queueId: conversation.queueId,
      channel: conversation.channel,
    });
    await appendEvent(tx, {
      at,
      type: 'conversation/queued',
      conversationId: conversation.id,
      queueId: conversation.queueId,
      channel: conversation.channel,
      data: { reason: 'reopened' },
    });
    outcome = 'reopened';
  } else if (conversation && !e.routable) {
    outcome = 'stored';
  } else {
    const previous = conversation;
    const window = options.stickyWindowMsOf?.(e.queueId) ?? options.stickyWindowMs;
    const sticky = previous?.lastAgentId != null && at - (previous.closedAt ?? previous.createdAt) <= window;
    conversation = await insertConversation(tx, inboundConversation(e, customerId, sticky ? (previous?.lastAgentId ?? null) : null, at));
    await appendCreated(tx, conversation, e, at);
    if (e.routable) {
      await appendQueuedNew(tx, conversation, at);
      outcome = 'created';
    } else {
      conversation = await updateConversation(tx, conversation.id, {
        state: 'closed',
        closedAt: at,
        enqueuedAt: null,
        disposition: 'auto_reply',
      });
      outcome = 'stored';
    }
  }

  const message = await insertMessage(tx, inboundMessage(e, conversation.id, at));
  // In the message's savepoint: a follow-up that fails takes the message with it (the provider retries).
  if (e.followUps?.length) {
    await tx.exec(followUpsSql([{ rows: e.followUps, ids: { messageId: message.id, conversationId: conversation.id, at } }]).join(';\n'));
  }
  await appendMessageIn(tx, conversation, message.id, e, at);
  return { outcome, conversation, message, customerId };
}

// What an inbound message writes, shared by this path and the set-wise one (batch.ts) so both store the same.

/** The conversation an inbound event opens. */
export function inboundConversation(e: ParsedInboundEvent, customerId: number, lastAgentId: number | null, at: number): NewConversation {
  return {
    channel: e.channel,
    customerId,
    queueId: e.queueId,
    priority: e.priority ?? 0,
    subject: e.subject ?? null,
    threadKey: e.threadKey ?? null,
    lastAgentId,
    at,
  };
}

/** The message row an inbound event becomes. */
export function inboundMessage(e: ParsedInboundEvent, conversationId: number, at: number): NewMessage {
  return {
    conversationId,
    direction: 'in',
    bodyText: e.bodyText,
    bodyHtml: e.bodyHtml ?? null,
    providerId: e.providerId,
    meta: e.meta ?? {},
    at,
  };
}

export async function appendCreated(tx: Connection, c: Conversation, e: ParsedInboundEvent, at: number): Promise<void> {
  await appendEvent(tx, {
    at,
    type: 'conversation/created',
    conversationId: c.id,
    queueId: c.queueId,
    channel: c.channel,
    data: { channel: e.channel },
  });
}

export async function appendQueuedNew(tx: Connection, c: Conversation, at: number): Promise<void> {
  await appendEvent(tx, {
    at,
    type: 'conversation/queued',
    conversationId: c.id,
    queueId: c.queueId,
    channel: c.channel,
    data: { reason: 'new' },
  });
}

/** data.channel is the message's channel: a thread key may lead to a conversation of another channel. */
export async function appendMessageIn(
  tx: Connection,
  c: Conversation,
  messageId: number,
  e: ParsedInboundEvent,
  at: number,
): Promise<void> {
  await appendEvent(tx, {
    at,
    type: 'message/in',
    conversationId: c.id,
    queueId: c.queueId,
    channel: c.channel,
    data: { messageId, channel: e.channel },
  });
}

async function findThread(tx: Connection, e: ParsedInboundEvent): Promise<Conversation | undefined> {
  if (e.conversationId !== undefined) {
    const byId = await getConversation(tx, e.conversationId);
    if (byId && byId.channel === e.channel) return byId;
  }
  if (e.threadKey !== undefined) return latestByThreadKey(tx, e.threadKey);
  return undefined;
}

export function isOpen(c: Conversation): boolean {
  return c.state !== 'closed' && c.state !== 'abandoned';
}
