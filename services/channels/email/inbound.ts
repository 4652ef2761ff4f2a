import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { ZodError } from 'zod';
import { InvalidIdentityError, tryNormaliseIdentity } from '../../identity/normalise';
import type { ContactCenter } from '../../hub/contactCenter';
import type { InboundEvent } from '../../ingest/inbound';
import type { Store } from '../../store/store';
import { getConversation } from '../../store/repos/conversations';
import { conversationFromPlusAddress } from './addresses';
import type { AttachmentStore } from './attachmentStore';
import { autoReplyReason } from './autoReply';
import type { EmailConfig, MailboxConfig } from './config';
import { unsafeHtmlReasons } from './htmlSafety';
import { htmlToText } from './htmlText';
import { MAX_TEXT_CHARS, parseMail, syntheticMessageId, UnreadableMailError, type ParsedEmail } from './parseMail';
import { inboundMailRows, senderOwnsConversation } from './repo';
import { conversationForMessageIds, ownOutboundMessageIds, recordRejected } from './repo';
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

/**
 * One message fetched from IMAP: small ones as a buffer, large ones as a stream opened on demand (callable
 * again: the raw source of a large unreadable or truncated mail is downloaded a second time to be kept).
 */
export type FetchedMail = Readonly<{ uid: number; source: Buffer | (() => Promise<Readable>); size?: number }>;

export type MailOutcome = 'ingested' | 'duplicate' | 'ignored' | 'rejected' | 'quarantined';

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
  /** Parts cut to fit the limits (see parseMail); the full raw source is then kept in `source`. */
  truncated?: readonly string[];
  /** The raw RFC 822 source, content-addressed in the attachment store (GET /api/email/messages/:id/source). */
  source?: KeptSource;
  /** Set on the work item of a mail that could not be read: why. Its raw source is in `source`. */
  unreadable?: Readonly<{ reason: string }>;
}>;

export type KeptSource = Readonly<{ sha256: string; size: number } | { error: string; size: number | null }>;

/** Turns a batch into stored messages, in UID order for threading, with the commits overlapping. */
export class InboundProcessor {
  constructor(private readonly deps: InboundDeps) {}

  /**
   * Resolves per UID with its outcome, or with an Error for a transient failure (the caller must not
   * advance past it). A reply in the same batch as its original waits for the original's commit.
   */
  async processBatch(
    mailbox: MailboxConfig,
    uidValidity: string,
    batch: readonly FetchedMail[],
  ): Promise<Map<number, MailOutcome | Error>> {
    const results = new Map<number, MailOutcome | Error>();
    type Parsed =
      | { uid: number; fetched: FetchedMail; mail: ParsedEmail }
      | { uid: number; error: Error }
      | { uid: number; fetched: FetchedMail; unreadable: string };
    const parsed: Parsed[] = [];
    const buffered = batch.filter((m) => Buffer.isBuffer(m.source));
    const streamed = batch.filter((m) => !Buffer.isBuffer(m.source));
    const parseOne = async (m: FetchedMail, source: () => Promise<Buffer | Readable>): Promise<void> => {
      const timeoutMs = this.timeoutFor(m);
      const limits = {
        maxAttachmentBytes: this.deps.config.maxAttachmentBytes,
        maxBodyChars: this.deps.config.maxBodyChars,
        maxAttachments: this.deps.config.maxAttachments,
        timeoutMs,
      };
      try {
        const mail = await parseMail(await withTimeout(source(), timeoutMs, `opening message UID ${m.uid}`), this.deps.attachments, limits);
        parsed.push({ uid: m.uid, fetched: m, mail });
      } catch (error) {
        if (error instanceof UnreadableMailError) parsed.push({ uid: m.uid, fetched: m, unreadable: error.message });
        else parsed.push({ uid: m.uid, error: error as Error });
      }
    };
    // Parsing is CPU work on one thread; a little concurrency overlaps the attachment file writes.
    await mapLimit(buffered, 8, (m) => parseOne(m, async () => m.source as Buffer));
    // Large messages stream from the IMAP connection, which serves one FETCH at a time.
    for (const m of streamed) await parseOne(m, m.source as () => Promise<Readable>);
    parsed.sort((a, b) => a.uid - b.uid);

    const inflight = new Map<string, Promise<number | undefined>>();
    const tasks: Array<Promise<void>> = [];
    const ids = parsed.map((p) => ('mail' in p ? (p.mail.messageId ?? syntheticMessageId(p.mail.sourceSha256)) : ''));
    const own = await ownOutboundMessageIds(
      this.deps.store,
      ids.filter((id) => id !== ''),
    );
    // Threading lookups run concurrently, but ingests are submitted in UID order (the writer commits in
    // submission order), so message ids follow arrival order within a conversation.
    let previousTurn: Promise<void> = Promise.resolve();
    for (const [i, p] of parsed.entries()) {
      if ('error' in p) {
        results.set(p.uid, p.error);
        continue;
      }
      if ('unreadable' in p) {
        tasks.push(this.settle(results, p.uid, this.quarantine(mailbox, uidValidity, p.fetched, p.unreadable)));
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
      const task = this.ingestOne(mailbox, uidValidity, p.fetched, p.mail, messageId, inflight, { turn, release });
      inflight.set(messageId, conversationOf(task));
      tasks.push(this.settle(results, p.uid, task));
    }
    // Each message committed with its thread-map and attachment rows (one write unit) before the caller sets \Seen.
    await Promise.all(tasks);
    return results;
  }

  private async settle(
    results: Map<number, MailOutcome | Error>,
    uid: number,
    task: Promise<MailOutcome | { outcome: MailOutcome }>,
  ): Promise<void> {
    try {
      const r = await task;
      results.set(uid, typeof r === 'string' ? r : r.outcome);
    } catch (error) {
      results.set(uid, error as Error);
    }
  }

  /** Parse budget of one mail: a few seconds per MB over a floor (config.parseTimeout). */
  private timeoutFor(m: FetchedMail): number {
    const bytes = Buffer.isBuffer(m.source) ? m.source.length : (m.size ?? 0);
    const { minMs, msPerMB } = this.deps.config.parseTimeout;
    return Math.round(minMs + (msPerMB * bytes) / (1024 * 1024));
  }

  /** Content-addressed copy of the raw message (download again when it was streamed); never throws. */
  private async keepSource(fetched: FetchedMail): Promise<KeptSource> {
    const { attachments, config } = this.deps;
    try {
      if (Buffer.isBuffer(fetched.source)) {
        if (fetched.source.length > config.maxSourceBytes)
          return { error: `raw source larger than ${config.maxSourceBytes} bytes: not kept`, size: fetched.source.length };
        const saved = await attachments.saveBuffer(fetched.source);
        return { sha256: saved.sha256, size: saved.size };
      }
      const timeoutMs = this.timeoutFor(fetched);
      const stream = await withTimeout(fetched.source(), timeoutMs, `opening message UID ${fetched.uid}`);
      const saved = await attachments.saveStream(stream, config.maxSourceBytes, timeoutMs);
      if ('error' in saved) return { error: `raw source larger than ${config.maxSourceBytes} bytes: not kept`, size: saved.size };
      return { sha256: saved.sha256, size: saved.size };
    } catch (error) {
      this.deps.log.warn({ err: error, uid: fetched.uid }, 'email raw source could not be kept');
      return { error: `raw source could not be kept: ${(error as Error).message}`, size: fetched.size ?? null };
    }
  }

  /**
   * A mail that cannot be stored as it is (unreadable MIME, parse time limit, no usable sender, refused by
   * the ingest schema) is not dropped: its raw source is kept, the reason recorded in email_rejected, and an
   * "unreadable email" work item goes to the mailbox's queue so an agent sees it and can download the source.
   * The providerId is the source's hash: a replay (crash before \Seen) finds the same item.
   */
  private async quarantine(
    mailbox: MailboxConfig,
    uidValidity: string,
    fetched: FetchedMail,
    reason: string,
    known?: ParsedEmail,
  ): Promise<MailOutcome> {
    const { deps } = this;
    const source = await this.keepSource(fetched);
    const guess = known
      ? { from: known.from?.address ?? null, name: known.from?.name ?? '', subject: known.subject }
      : guessHeaders(fetched.source);
    const sender = guess.from === null ? undefined : tryNormaliseIdentity('email', guess.from);
    const sha =
      'sha256' in source
        ? source.sha256
        : (known?.sourceSha256 ?? createHash('sha256').update(`${mailbox.id}:${uidValidity}:${fetched.uid}`).digest('hex'));
    const messageId = known?.messageId ?? `unreadable-${sha}@switchboard.invalid`;
    await this.reject(mailbox, uidValidity, fetched.uid, messageId, `quarantined as an unreadable email: ${reason}`);
    const from = { address: sender ?? '', name: guess.name.slice(0, 200) };
    const keptNote =
      'sha256' in source
        ? 'Its raw source is kept: download it to read the message.'
        : `Its raw source could not be kept (${source.error}); it is still in the mailbox (UID ${fetched.uid}).`;
    const email: EmailMeta = {
      mailboxId: mailbox.id,
      uid: fetched.uid,
      uidValidity,
      messageId,
      syntheticMessageId: known?.messageId == null,
      from,
      to: known?.to ?? [],
      cc: known?.cc ?? [],
      replyTo: known?.replyTo ?? [],
      references: known?.references ?? [],
      subject: guess.subject.slice(0, 998),
      date: known?.date ?? null,
      attachments: known?.attachments ?? [],
      html: null,
      autoReply: null,
      threadedBy: 'new',
      warnings: [reason.slice(0, 500), ...(known?.warnings ?? [])].slice(0, 50),
      source,
      unreadable: { reason: reason.slice(0, 2000) },
    };
    const result = await deps.center.ingest({
      channel: 'email',
      providerId: `email:${mailbox.id}:unreadable:${sha}`,
      from: sender
        ? { kind: 'email', value: sender, displayName: from.name || null }
        : { kind: 'external', value: `unreadable-email:${mailbox.id}`, displayName: 'Unknown sender (unreadable email)' },
      queueId: mailbox.queueId,
      subject: `Unreadable email${guess.subject ? `: ${guess.subject}` : ''}`.slice(0, 998),
      bodyText: `This email could not be read: ${reason.slice(0, 2000)}\n\n${keptNote}`,
      meta: { email },
    });
    this.deps.log.warn({ mailbox: mailbox.id, uid: fetched.uid, reason, conversationId: result.conversation.id }, 'email quarantined');
    return 'quarantined';
  }

  async reject(mailbox: MailboxConfig, uidValidity: string, uid: number, messageId: string | null, reason: string): Promise<void> {
    this.deps.log.warn({ mailbox: mailbox.id, uid, reason }, 'email rejected');
    await this.deps.store.write((tx) =>
      recordRejected(tx, { mailboxId: mailbox.id, uidValidity, uid, messageId, reason, at: this.deps.now() }),
    );
  }

  private async ingestOne(
    mailbox: MailboxConfig,
    uidValidity: string,
    fetched: FetchedMail,
    mail: ParsedEmail,
    messageId: string,
    inflight: ReadonlyMap<string, Promise<number | undefined>>,
    order: Readonly<{ turn: Promise<void>; release: () => void }>,
  ): Promise<{ outcome: MailOutcome; conversationId?: number }> {
    try {
      return await this.ingestInTurn(mailbox, uidValidity, fetched, mail, messageId, inflight, order.turn, order.release);
    } finally {
      order.release();
    }
  }

  private async ingestInTurn(
    mailbox: MailboxConfig,
    uidValidity: string,
    fetched: FetchedMail,
    mail: ParsedEmail,
    messageId: string,
    inflight: ReadonlyMap<string, Promise<number | undefined>>,
    turn: Promise<void>,
    release: () => void,
  ): Promise<{ outcome: MailOutcome; conversationId?: number }> {
    const { deps } = this;
    const { uid } = fetched;
    if (!mail.from || tryNormaliseIdentity('email', mail.from.address) === undefined) {
      const reason = mail.from
        ? `unusable sender address ${JSON.stringify(mail.from.address.slice(0, 60))}`
        : 'no sender address (From header missing or unreadable)';
      release();
      return { outcome: await this.quarantine(mailbox, uidValidity, fetched, reason, mail) };
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
    const bodyText = mail.text.trim()
      ? mail.text
      : mail.html
        ? htmlToText(mail.html).slice(0, Math.min(deps.config.maxBodyChars, MAX_TEXT_CHARS))
        : '';
    // Something was cut to fit: the agent sees the note in the body, and the full original stays downloadable.
    const source = mail.truncated.length > 0 ? await this.keepSource(fetched) : undefined;
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
      ...(mail.truncated.length > 0 ? { truncated: mail.truncated } : {}),
      ...(source ? { source } : {}),
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
      // Committed with the message in one write unit: the thread map entry and the attachment rows.
      followUps: inboundMailRows(messageId, mail.attachments),
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
        return { outcome: await this.quarantine(mailbox, uidValidity, fetched, `refused by ingest: ${reason}`, mail) };
      }
      throw error;
    }
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

  private senderOwns(conversationId: number, sender: string): Promise<boolean> {
    return senderOwnsConversation(this.deps.store, conversationId, sender);
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

/** Bounds an await that depends on the network (opening an IMAP download): a stall becomes an error. */
async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sender and subject of a mail the parser could not read, from a plain scan of its first header lines
 * (bounded: 64 kB); a streamed source is not re-read for this. Best effort: null/'' when not found.
 */
function guessHeaders(source: FetchedMail['source']): { from: string | null; name: string; subject: string } {
  if (!Buffer.isBuffer(source)) return { from: null, name: '', subject: '' };
  const head = source.subarray(0, 64 * 1024).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const lines = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
  const value = (name: string): string =>
    lines
      .find((l) => l.toLowerCase().startsWith(`${name}:`))
      ?.slice(name.length + 1)
      .trim() ?? '';
  const from = value('from');
  const address = /<([^<>\s]{1,320})>/.exec(from)?.[1] ?? /[^\s<>"]{1,200}@[^\s<>"]{1,200}/.exec(from)?.[0] ?? null;
  const name = from.includes('<') ? from.slice(0, from.indexOf('<')).replace(/"/g, '').trim() : '';
  return { from: address, name, subject: value('subject').slice(0, 998) };
}
