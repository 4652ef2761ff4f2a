import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { ZodError } from 'zod';
import { InvalidIdentityError } from '../../identity/normalise';
import type { ContactCenter } from '../../hub/contactCenter';
import type { InboundEvent } from '../../ingest/inbound';
import type { Store } from '../../store/store';
import { getConversation } from '../../store/repos/conversations';
import { sql } from '../../store/sql';
import { conversationFromPlusAddress } from './addresses';
import type { AttachmentStore } from './attachmentStore';
import { autoReplyReason } from './autoReply';
import type { EmailConfig, MailboxConfig } from './config';
import { unsafeHtmlReasons } from './htmlSafety';
import { htmlToText } from './htmlText';
import { parseMail, syntheticMessageId, type ParsedEmail } from './parseMail';
import { addAttachments, addThreadRefs, conversationForMessageIds, ownOutboundMessageIds, recordRejected } from './repo';
import { conversationFromSubject } from './subjectToken';

export type InboundDeps = Readonly<{
  center: ContactCenter;
  store: Store;
  attachments: AttachmentStore;
  config: EmailConfig;
  /** Base addresses of all our mailboxes (lower-case, no +tag). */
  ownAddresses: ReadonlySet<string>;
  now: () => number;
  log: FastifyBaseLogger;
}>;

/** One message fetched from IMAP: small ones as a buffer, large ones as a stream opened on demand. */
export type FetchedMail = Readonly<{ uid: number; source: Buffer | (() => Promise<Readable>) }>;

type StoredRef = { uid: number; messageId: string; conversationId: number; messageRowId: number; attachments: ParsedEmail['attachments'] };

export type MailOutcome = 'ingested' | 'duplicate' | 'ignored' | 'rejected';

/** What an email message stores in message.meta.email: enough to reply, quote and forward later. */
export type EmailMeta = Readonly<{
  mailboxId: string;
  uid: number;
  uidValidity: string;
  messageId: string;
  syntheticMessageId: boolean;
  from: { address: string; name: string };
  to: ReadonlyArray<{ address: string; name: string }>;
  cc: ReadonlyArray<{ address: string; name: string }>;
  replyTo: ReadonlyArray<{ address: string; name: string }>;
  references: readonly string[];
  subject: string;
  date: number | null;
  attachments: ParsedEmail['attachments'];
  html: { unsafe: boolean; reasons: readonly string[] } | null;
  autoReply: string | null;
  threadedBy: 'headers' | 'subject_token' | 'plus_address' | 'new';
  warnings: readonly string[];
}>;

/** Turns a batch into stored messages, in UID order for threading, with the commits overlapping. */
export class InboundProcessor {
  constructor(private readonly deps: InboundDeps) {}

  /**
   * Resolves per UID with its outcome, or with an Error for a transient failure (the caller must not
   * advance past it). A reply in the same batch as its original waits for the original's commit.
   */
  async processBatch(mailbox: MailboxConfig, uidValidity: string, batch: readonly FetchedMail[]): Promise<Map<number, MailOutcome | Error>> {
    const results = new Map<number, MailOutcome | Error>();
    const parsed: Array<{ uid: number; mail: ParsedEmail } | { uid: number; error: Error }> = [];
    const buffered = batch.filter((m) => Buffer.isBuffer(m.source));
    const streamed = batch.filter((m) => !Buffer.isBuffer(m.source));
    const limits = { maxAttachmentBytes: this.deps.config.maxAttachmentBytes, maxBodyChars: this.deps.config.maxBodyChars };
    // Parsing is CPU work on one thread; a little concurrency overlaps the attachment file writes.
    await mapLimit(buffered, 8, async (m) => {
      try {
        parsed.push({ uid: m.uid, mail: await parseMail(m.source as Buffer, this.deps.attachments, limits) });
      } catch (error) {
        parsed.push({ uid: m.uid, error: error as Error });
      }
    });
    // Large messages stream from the IMAP connection, which serves one FETCH at a time.
    for (const m of streamed) {
      try {
        const stream = await (m.source as () => Promise<Readable>)();
        parsed.push({ uid: m.uid, mail: await parseMail(stream, this.deps.attachments, limits) });
      } catch (error) {
        parsed.push({ uid: m.uid, error: error as Error });
      }
    }
    parsed.sort((a, b) => a.uid - b.uid);

    const inflight = new Map<string, Promise<number | undefined>>();
    const tasks: Array<Promise<void>> = [];
    const ids = parsed.map((p) => ('mail' in p ? (p.mail.messageId ?? syntheticMessageId(p.mail.sourceSha256)) : ''));
    const own = await ownOutboundMessageIds(this.deps.store, ids.filter((id) => id !== ''));
    const stored: StoredRef[] = [];
    // Threading lookups run concurrently, but ingests are submitted in UID order (the writer commits in
    // submission order), so message ids follow arrival order within a conversation.
    let previousTurn: Promise<void> = Promise.resolve();
    for (const [i, p] of parsed.entries()) {
      if ('error' in p) {
        results.set(p.uid, p.error);
        continue;
      }
      const messageId = ids[i] as string;
      if (own.has(messageId)) {
        results.set(p.uid, 'ignored');
        continue;
      }
      const turn = previousTurn;
      let release: () => void = () => undefined;
      previousTurn = new Promise<void>((resolve) => {
        release = resolve;
      });
      const task = this.ingestOne(mailbox, uidValidity, p.uid, p.mail, messageId, inflight, stored, { turn, release });
      inflight.set(messageId, conversationOf(task));
      tasks.push(
        (async () => {
          try {
            results.set(p.uid, (await task).outcome);
          } catch (error) {
            results.set(p.uid, error as Error);
          }
        })(),
      );
    }
    await Promise.all(tasks);
    // Thread map and attachment rows commit before the caller sets \Seen; a replay completes them.
    if (stored.length > 0) {
      try {
        await this.deps.store.write(async (tx) => {
          await addThreadRefs(tx, stored.map((r) => ({ ...r, direction: 'in' as const })), this.deps.now());
          for (const r of stored) if (r.attachments.length > 0) await addAttachments(tx, r.messageRowId, r.attachments);
        });
      } catch (error) {
        for (const r of stored) results.set(r.uid, error as Error);
      }
    }
    return results;
  }

  async reject(mailbox: MailboxConfig, uidValidity: string, uid: number, messageId: string | null, reason: string): Promise<void> {
    this.deps.log.warn({ mailbox: mailbox.id, uid, reason }, 'email rejected');
    await this.deps.store.write((tx) => recordRejected(tx, { mailboxId: mailbox.id, uidValidity, uid, messageId, reason, at: this.deps.now() }));
  }

  private async ingestOne(
    mailbox: MailboxConfig,
    uidValidity: string,
    uid: number,
    mail: ParsedEmail,
    messageId: string,
    inflight: ReadonlyMap<string, Promise<number | undefined>>,
    stored: StoredRef[],
    order: Readonly<{ turn: Promise<void>; release: () => void }>,
  ): Promise<{ outcome: MailOutcome; conversationId?: number }> {
    try {
      return await this.ingestInTurn(mailbox, uidValidity, uid, mail, messageId, inflight, stored, order.turn, order.release);
    } finally {
      order.release();
    }
  }

  private async ingestInTurn(
    mailbox: MailboxConfig,
    uidValidity: string,
    uid: number,
    mail: ParsedEmail,
    messageId: string,
    inflight: ReadonlyMap<string, Promise<number | undefined>>,
    stored: StoredRef[],
    turn: Promise<void>,
    release: () => void,
  ): Promise<{ outcome: MailOutcome; conversationId?: number }> {
    const { deps } = this;
    if (!mail.from) {
      await this.reject(mailbox, uidValidity, uid, messageId, 'no sender address (From header missing or unreadable)');
      return { outcome: 'rejected' };
    }
    const from = mail.from;
    const thread = await this.findThread(mail, from.address, inflight);
    let conversationId = thread?.conversationId;
    const meta: Record<string, unknown> = {};
    if (conversationId !== undefined && deps.config.reopenWindowHours !== undefined) {
      const c = await getConversation(deps.store, conversationId);
      const closedAt = c && (c.state === 'closed' || c.state === 'abandoned') ? c.closedAt : null;
      if (closedAt !== null && deps.now() - closedAt > deps.config.reopenWindowHours * 3600_000) {
        meta.previousConversationId = conversationId;
        conversationId = undefined;
      }
    }
    const autoReply = autoReplyReason(mail.headers, from.address, mail.subject);
    const reasons = mail.html ? unsafeHtmlReasons(mail.html) : [];
    const bodyText = mail.text.trim() ? mail.text : mail.html ? htmlToText(mail.html).slice(0, deps.config.maxBodyChars) : '';
    const email: EmailMeta = {
      mailboxId: mailbox.id,
      uid,
      uidValidity,
      messageId,
      syntheticMessageId: mail.messageId === null,
      from,
      to: mail.to,
      cc: mail.cc,
      replyTo: mail.replyTo,
      references: mail.references,
      subject: mail.subject,
      date: mail.date,
      attachments: mail.attachments,
      html: mail.html ? { unsafe: reasons.length > 0, reasons } : null,
      autoReply,
      threadedBy: conversationId === undefined ? 'new' : (thread?.by ?? 'new'),
      warnings: mail.warnings,
    };
    const event: InboundEvent = {
      channel: 'email',
      providerId: providerIdFor(mailbox.id, messageId),
      from: { kind: 'email', value: from.address, displayName: from.name.slice(0, 200) || null },
      queueId: mailbox.queueId,
      conversationId,
      subject: mail.subject || null,
      bodyText,
      bodyHtml: mail.html,
      meta: { ...meta, email },
      routable: autoReply === null,
    };
    let result;
    try {
      await turn;
      // center.ingest queues its write synchronously; the next message may go once it is queued.
      const pending = deps.center.ingest(event);
      release();
      result = await pending;
    } catch (error) {
      if (error instanceof ZodError || error instanceof InvalidIdentityError) {
        const reason = error instanceof ZodError ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : error.message;
        await this.reject(mailbox, uidValidity, uid, messageId, reason);
        return { outcome: 'rejected' };
      }
      throw error;
    }
    stored.push({ uid, messageId, conversationId: result.conversation.id, messageRowId: result.message.id, attachments: mail.attachments });
    return { outcome: result.outcome === 'duplicate' ? 'duplicate' : 'ingested', conversationId: result.conversation.id };
  }

  private async findThread(
    mail: ParsedEmail,
    sender: string,
    inflight: ReadonlyMap<string, Promise<number | undefined>>,
  ): Promise<{ conversationId: number; by: EmailMeta['threadedBy'] } | undefined> {
    const refs = [...mail.inReplyTo, ...[...mail.references].reverse()];
    for (const ref of refs) {
      const pending = inflight.get(ref);
      if (pending) {
        const id = await pending;
        if (id !== undefined) return { conversationId: id, by: 'headers' };
      }
    }
    const byHeaders = await conversationForMessageIds(this.deps.store, refs);
    if (byHeaders !== undefined) return { conversationId: byHeaders, by: 'headers' };
    // Tokens are guessable: only the conversation's own customer may thread by them.
    const byToken = conversationFromSubject(mail.subject);
    if (byToken !== undefined && (await this.senderOwns(byToken, sender))) return { conversationId: byToken, by: 'subject_token' };
    for (const a of [...mail.to, ...mail.cc].map((x) => x.address).concat(mail.deliveredTo)) {
      const byPlus = conversationFromPlusAddress(a, this.deps.ownAddresses);
      if (byPlus !== undefined && (await this.senderOwns(byPlus, sender))) return { conversationId: byPlus, by: 'plus_address' };
    }
    return undefined;
  }

  private async senderOwns(conversationId: number, sender: string): Promise<boolean> {
    const row = await this.deps.store.get<{ id: number }>(sql`
      SELECT c.id FROM conversation c JOIN identity i ON i.customer_id = c.customer_id
      WHERE c.id = ${conversationId} AND c.channel = 'email' AND i.kind = 'email' AND i.value = ${sender.trim().toLowerCase()}`);
    return row !== undefined;
  }
}

/** `email:<mailbox>:<Message-ID>`: a Message-ID seen again (UIDVALIDITY reset, replay) is the same message. */
export function providerIdFor(mailboxId: string, messageId: string): string {
  const id = `email:${mailboxId}:${messageId}`;
  return id.length <= 512 ? id : `email:${mailboxId}:sha256:${createHash('sha256').update(messageId).digest('hex')}`;
}

async function conversationOf(task: Promise<{ conversationId?: number }>): Promise<number | undefined> {
  try {
    return (await task).conversationId;
  } catch {
    return undefined;
  }
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  });
  await Promise.all(workers);
}
