import type { Message, OutboxState } from '../../contracts';
import type { FollowUpRow } from '../../ingest/inbound';
import { toMessage } from '../../store/repos/messages';
import type { Connection } from '../../store/store';
import { join, sql } from '../../store/sql';

type Reader = Pick<Connection, 'get' | 'all'>;

export type MailboxPosition = Readonly<{ uidValidity: string; lastUid: number }>;

export async function getPosition(db: Reader, mailboxId: string): Promise<MailboxPosition | undefined> {
  const row = await db.get<{ uid_validity: string; last_uid: number }>(
    sql`SELECT uid_validity, last_uid FROM email_mailbox_state WHERE mailbox_id = ${mailboxId}`,
  );
  return row ? { uidValidity: row.uid_validity, lastUid: row.last_uid } : undefined;
}

/** Never moves backwards within one UIDVALIDITY (a late batch cannot undo a newer position). */
export async function savePosition(tx: Connection, mailboxId: string, p: MailboxPosition, at: number): Promise<void> {
  await tx.run(sql`
    INSERT INTO email_mailbox_state (mailbox_id, uid_validity, last_uid, updated_at) VALUES (${mailboxId}, ${p.uidValidity}, ${p.lastUid}, ${at})
    ON CONFLICT (mailbox_id) DO UPDATE SET
      last_uid = CASE WHEN email_mailbox_state.uid_validity = excluded.uid_validity
        THEN max(email_mailbox_state.last_uid, excluded.last_uid) ELSE excluded.last_uid END,
      uid_validity = excluded.uid_validity, updated_at = excluded.updated_at`);
}

/** The newest conversation that any of these Message-IDs belongs to. */
export async function conversationForMessageIds(db: Reader, messageIds: readonly string[]): Promise<number | undefined> {
  if (messageIds.length === 0) return undefined;
  const row = await db.get<{ conversation_id: number }>(sql`
    SELECT conversation_id FROM email_thread_ref WHERE message_id IN (${join(messageIds.map((id) => sql`${id}`))})
    ORDER BY conversation_id DESC LIMIT 1`);
  return row?.conversation_id;
}

export async function addThreadRef(
  tx: Connection,
  r: Readonly<{ messageId: string; conversationId: number; messageRowId: number | null; direction: 'in' | 'out'; at: number }>,
): Promise<void> {
  await tx.run(sql`
    INSERT OR IGNORE INTO email_thread_ref (message_id, conversation_id, message_row_id, direction, created_at)
    VALUES (${r.messageId}, ${r.conversationId}, ${r.messageRowId}, ${r.direction}, ${r.at})`);
}

export type AttachmentRow = Readonly<{
  filename: string | null;
  contentType: string;
  size: number;
  sha256: string | null;
  error: string | null;
}>;

export async function recordRejected(
  tx: Connection,
  r: Readonly<{ mailboxId: string; uidValidity: string; uid: number; messageId: string | null; reason: string; at: number }>,
): Promise<void> {
  await tx.run(sql`
    INSERT OR IGNORE INTO email_rejected (mailbox_id, uid_validity, uid, message_id, reason, at)
    VALUES (${r.mailboxId}, ${r.uidValidity}, ${r.uid}, ${r.messageId}, ${r.reason.slice(0, 2000)}, ${r.at})`);
}

/** Which of these Message-IDs are mail we sent (looping back via CC or a forwarding rule). */
export async function ownOutboundMessageIds(db: Reader, messageIds: readonly string[]): Promise<Set<string>> {
  if (messageIds.length === 0) return new Set();
  const rows = await db.all<{ message_id: string }>(
    sql`SELECT message_id FROM email_outbox WHERE message_id IN (${join(messageIds.map((id) => sql`${id}`))})`,
  );
  return new Set(rows.map((r) => r.message_id));
}

// ---- outbox ---------------------------------------------------------------------------------------

export type OutboxRow = Readonly<{
  id: number;
  messageRowId: number;
  conversationId: number;
  mailboxId: string;
  kind: 'reply' | 'replyAll' | 'forward';
  state: OutboxState;
  messageId: string;
  envelope: string;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  /** When the message bytes were first handed to the relay; null = no relay has ever seen this mail. */
  handedAt: number | null;
}>;

type DbOutbox = {
  id: number;
  message_row_id: number;
  conversation_id: number;
  mailbox_id: string;
  kind: OutboxRow['kind'];
  state: OutboxState;
  message_id: string;
  envelope: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  handed_at: number | null;
};

function toOutbox(r: DbOutbox): OutboxRow {
  return {
    id: r.id,
    messageRowId: r.message_row_id,
    conversationId: r.conversation_id,
    mailboxId: r.mailbox_id,
    kind: r.kind,
    state: r.state,
    messageId: r.message_id,
    envelope: r.envelope,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    handedAt: r.handed_at,
  };
}

export async function insertOutbox(
  tx: Connection,
  o: Readonly<{
    messageRowId: number;
    conversationId: number;
    mailboxId: string;
    kind: OutboxRow['kind'];
    messageId: string;
    envelope: string;
    at: number;
    held: boolean;
  }>,
): Promise<number> {
  const result = await tx.run(sql`
    INSERT INTO email_outbox (message_row_id, conversation_id, mailbox_id, kind, state, message_id, envelope, next_attempt_at, created_at, updated_at)
    VALUES (${o.messageRowId}, ${o.conversationId}, ${o.mailboxId}, ${o.kind}, 'queued', ${o.messageId}, ${o.envelope}, ${o.held ? HELD : o.at}, ${o.at}, ${o.at})`);
  return result.lastID;
}

/**
 * next_attempt_at of a row whose message has not been announced to the agent yet: the worker must not
 * send (and mark it sent) before the 'queued' push went out. Released right after; at start-up too.
 */
export const HELD = Number.MAX_SAFE_INTEGER;

export async function releaseHeld(tx: Connection, at: number, id?: number): Promise<void> {
  if (id === undefined)
    await tx.run(sql`UPDATE email_outbox SET next_attempt_at = ${at} WHERE state = 'queued' AND next_attempt_at = ${HELD}`);
  else await tx.run(sql`UPDATE email_outbox SET next_attempt_at = ${at} WHERE id = ${id} AND next_attempt_at = ${HELD}`);
}

export async function outboxByMessageRow(db: Reader, messageRowId: number): Promise<OutboxRow | undefined> {
  const row = await db.get<DbOutbox>(sql`SELECT * FROM email_outbox WHERE message_row_id = ${messageRowId}`);
  return row ? toOutbox(row) : undefined;
}

/** The next due row: the partial index keeps this cheap however many rows were ever sent. */
export async function nextDue(db: Reader, now: number): Promise<OutboxRow | undefined> {
  const row = await db.get<DbOutbox>(sql`
    SELECT * FROM email_outbox WHERE state IN ('queued','sending') AND next_attempt_at <= ${now}
    ORDER BY next_attempt_at, id LIMIT 1`);
  return row ? toOutbox(row) : undefined;
}

export async function nextWakeAt(db: Reader): Promise<number | undefined> {
  const row = await db.get<{ at: number | null }>(
    sql`SELECT min(next_attempt_at) AS at FROM email_outbox WHERE state IN ('queued','sending')`,
  );
  return row?.at ?? undefined;
}

export async function getOutbox(db: Reader, id: number): Promise<OutboxRow | undefined> {
  const row = await db.get<DbOutbox>(sql`SELECT * FROM email_outbox WHERE id = ${id}`);
  return row ? toOutbox(row) : undefined;
}

export async function updateOutbox(
  tx: Connection,
  id: number,
  patch: Readonly<{
    state: OutboxState;
    attempts?: number;
    nextAttemptAt?: number;
    lastError?: string | null;
    sentAt?: number | null;
    relayResponse?: string | null;
  }>,
  at: number,
): Promise<void> {
  await tx.run(sql`
    UPDATE email_outbox SET state = ${patch.state},
      attempts = coalesce(${patch.attempts ?? null}, attempts),
      next_attempt_at = coalesce(${patch.nextAttemptAt ?? null}, next_attempt_at),
      last_error = ${patch.lastError ?? null},
      sent_at = coalesce(${patch.sentAt ?? null}, sent_at),
      relay_response = coalesce(${patch.relayResponse ?? null}, relay_response),
      updated_at = ${at}
    WHERE id = ${id}`);
}

/**
 * The relay accepted the envelope and is about to receive the message bytes: from this commit on, a crash
 * leaves the row 'sending' (the relay may hold the mail) and the restart resends it with the same
 * Message-ID. Rows still 'queued' after a crash were never handed over and cannot be duplicated.
 */
export async function markHanded(tx: Connection, id: number, at: number): Promise<void> {
  await tx.run(sql`UPDATE email_outbox SET state = 'sending', handed_at = coalesce(handed_at, ${at}), updated_at = ${at} WHERE id = ${id}`);
}

export async function outboxCounts(db: Reader): Promise<Record<OutboxState, number>> {
  const rows = await db.all<{ state: OutboxState; n: number }>(sql`SELECT state, count(*) AS n FROM email_outbox GROUP BY state`);
  const counts: Record<OutboxState, number> = { queued: 0, sending: 0, sent: 0, failed: 0 };
  for (const r of rows) counts[r.state] = r.n;
  return counts;
}

/** Outbound email messages committed by message/send whose outbox row was never written (crash between). */
export async function orphanedOutbound(db: Reader): Promise<number[]> {
  const rows = await db.all<{ id: number }>(sql`
    SELECT m.id FROM message m JOIN conversation c ON c.id = m.conversation_id
    WHERE m.status = 'queued' AND m.direction = 'out' AND c.channel = 'email'
      AND NOT EXISTS (SELECT 1 FROM email_outbox o WHERE o.message_row_id = m.id)`);
  return rows.map((r) => r.id);
}

// --- messages and addresses as email sees them ----------------------------------------------------------

type DbMessageRow = Parameters<typeof toMessage>[0];

export async function getMessageById(db: Reader, id: number): Promise<Message | undefined> {
  const row = await db.get<DbMessageRow>(sql`SELECT * FROM message WHERE id = ${id}`);
  return row ? toMessage(row) : undefined;
}

export async function getMessageInConversation(db: Reader, conversationId: number, messageId: number): Promise<Message | undefined> {
  const row = await db.get<DbMessageRow>(sql`SELECT * FROM message WHERE id = ${messageId} AND conversation_id = ${conversationId}`);
  return row ? toMessage(row) : undefined;
}

/** The newest inbound message of a conversation: the mail a reply answers when none is named. */
export async function lastInboundMessage(db: Reader, conversationId: number): Promise<Message | undefined> {
  const row = await db.get<DbMessageRow>(
    sql`SELECT * FROM message WHERE conversation_id = ${conversationId} AND direction = 'in' ORDER BY id DESC LIMIT 1`,
  );
  return row ? toMessage(row) : undefined;
}

export async function hasInboundMessage(db: Reader, conversationId: number): Promise<boolean> {
  return (
    (await db.get<{ id: number }>(sql`SELECT id FROM message WHERE conversation_id = ${conversationId} AND direction = 'in' LIMIT 1`)) !==
    undefined
  );
}

export async function conversationOfMessage(db: Reader, messageId: number): Promise<number | undefined> {
  const row = await db.get<{ conversation_id: number }>(sql`SELECT conversation_id FROM message WHERE id = ${messageId}`);
  return row?.conversation_id;
}

/** The customer's first email address (oldest identity), if any. */
export async function firstEmailAddressOf(db: Reader, customerId: number): Promise<string | undefined> {
  const row = await db.get<{ value: string }>(
    sql`SELECT value FROM identity WHERE customer_id = ${customerId} AND kind = 'email' ORDER BY id LIMIT 1`,
  );
  return row?.value;
}

/** The meta JSON of an inbound email message (undefined for any other message). */
export async function inboundEmailMeta(db: Reader, messageId: number): Promise<string | undefined> {
  const row = await db.get<{ meta: string }>(sql`
      SELECT m.meta FROM message m JOIN conversation c ON c.id = m.conversation_id
      WHERE m.id = ${messageId} AND c.channel = 'email' AND m.direction = 'in'`);
  return row?.meta;
}

// --- inbound mail ---------------------------------------------------------------------------------------

/**
 * What an inbound email stores besides its message, as rows ingest commits in the message's own write unit:
 * its Message-ID in the thread map (a reply naming it finds the conversation) and its attachment rows. A
 * replay (crash before \Seen) is a duplicate and stores none of them again: they committed with the message.
 */
export function inboundMailRows(messageId: string, attachments: readonly AttachmentRow[]): FollowUpRow[] {
  return [
    {
      table: 'email_thread_ref',
      values: {
        message_id: messageId,
        conversation_id: { ref: 'conversationId' },
        message_row_id: { ref: 'messageId' },
        direction: 'in',
        created_at: { ref: 'at' },
      },
      // The same Message-ID may already map to this conversation (delivered to two of our mailboxes).
      onConflict: 'ignore',
    },
    ...attachments.map((a): FollowUpRow => ({
      table: 'attachment',
      values: {
        message_id: { ref: 'messageId' },
        filename: a.filename,
        content_type: a.contentType,
        size: a.size,
        sha256: a.sha256,
        url: a.sha256 ? `email-attachment:${a.sha256}` : null,
        error: a.error,
      },
    })),
  ];
}

/** Whether the sender is an email identity of the conversation's customer (subject tokens are guessable). */
export async function senderOwnsConversation(db: Reader, conversationId: number, sender: string): Promise<boolean> {
  const row = await db.get<{ id: number }>(sql`
    SELECT c.id FROM conversation c JOIN identity i ON i.customer_id = c.customer_id
    WHERE c.id = ${conversationId} AND c.channel = 'email' AND i.kind = 'email' AND i.value = ${sender.trim().toLowerCase()}`);
  return row !== undefined;
}
