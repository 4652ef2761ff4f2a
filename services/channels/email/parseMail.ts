import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { AddressObject, AttachmentStream, MessageText } from 'mailparser';
import type { MailAddress } from './addresses';
import type { AttachmentStore } from './attachmentStore';

export type StoredAttachment = Readonly<{
  filename: string | null;
  contentType: string;
  size: number;
  sha256: string | null;
  contentId: string | null;
  /** Inline image referenced from the HTML by cid: (kept; the renderer maps cid -> attachment). */
  inline: boolean;
  error: string | null;
}>;

export type ParsedEmail = Readonly<{
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
  from: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  replyTo: MailAddress[];
  /** Envelope-ish recipient headers (Delivered-To, X-Original-To) for plus-address threading. */
  deliveredTo: string[];
  subject: string;
  date: number | null;
  text: string;
  html: string | null;
  attachments: StoredAttachment[];
  headers: ReadonlyMap<string, unknown>;
  warnings: string[];
  /** What was cut to fit the ingest limits ('text', 'html', 'subject', 'to', 'cc', 'reply-to', 'attachments'). */
  truncated: string[];
  /** Of the raw message: the stable id of mail without a usable Message-ID. */
  sourceSha256: string;
  sourceBytes: number;
}>;

export type ParseLimits = Readonly<{
  maxAttachmentBytes: number;
  maxBodyChars: number;
  /** Attachments stored; further ones are drained and counted in a warning. Default 100. */
  maxAttachments?: number;
  /** The whole parse, attachments saved included; past it the mail is unreadable. Default: none. */
  timeoutMs?: number;
}>;

/** The mail cannot be read (the parser refused its MIME structure, or parsing took too long): quarantine it. */
export class UnreadableMailError extends Error {}

/** Reading the source failed (the IMAP download broke off): transient, the caller retries. */
export class MailSourceError extends Error {}

/** What the ingest schema (ingest/inbound.ts) accepts: every limit here truncates to fit under it. */
export const MAX_TEXT_CHARS = 1_000_000;
export const MAX_HTML_CHARS = 5_000_000;
const MAX_SUBJECT_CHARS = 998;
const MAX_ADDRESS_CHARS = 320;
const MAX_NAME_CHARS = 200;
const MAX_ADDRESSES = 100;
const MAX_WARNINGS = 50;

const textNote = (limit: number): string =>
  `\n\n[Truncated: this email is longer than ${limit} characters. The full original is kept: download its raw source.]`;
const htmlNote = (limit: number): string =>
  `<p>[Truncated: this email is longer than ${limit} characters. The full original is kept: download its raw source.]</p>`;

/** `<a@b>` / `a@b` / garbage -> `a@b` or null. Message-IDs are compared without the angle brackets. */
export function cleanMessageId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().replace(/^<|>$/g, '').trim();
  if (trimmed.length === 0 || trimmed.length > 500 || /\s/.test(trimmed)) return null;
  return trimmed;
}

function idList(value: unknown): string[] {
  const raw = Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : '';
  const ids = raw.match(/<[^<>\s]+>/g) ?? (raw.trim() ? raw.trim().split(/\s+/) : []);
  return ids
    .map(cleanMessageId)
    .filter((id): id is string => id !== null)
    .slice(-100);
}

/** All addresses of a header, names capped; `dropped` counts what did not fit (too many, too long). */
function addresses(value: unknown): { list: MailAddress[]; dropped: number } {
  const objects = (Array.isArray(value) ? value : value ? [value] : []) as AddressObject[];
  const list: MailAddress[] = [];
  let dropped = 0;
  const walk = (entries: AddressObject['value']): void => {
    for (const e of entries) {
      if (e.group) walk(e.group);
      else if (e.address) {
        const address = e.address.trim();
        if (address.length > MAX_ADDRESS_CHARS || list.length >= MAX_ADDRESSES) dropped += 1;
        else list.push({ address, name: (e.name ?? '').trim().slice(0, MAX_NAME_CHARS) });
      }
    }
  };
  for (const o of objects) if (o && Array.isArray(o.value)) walk(o.value);
  return { list, dropped };
}

function rawHeader(lines: ReadonlyArray<{ key: string; line: string }>, key: string): string[] {
  return lines.filter((l) => l.key === key).map((l) => l.line.slice(l.line.indexOf(':') + 1).trim());
}

/**
 * Streams one RFC 822 message through mailparser: bodies in memory (capped), attachments straight to the
 * content-addressed store (capped per file, never buffered). Bad MIME that mailparser tolerates is returned
 * with the problems in `warnings`; oversized parts are truncated to what ingest accepts (`truncated` says
 * which, so the caller keeps the raw source). A parser error or the time limit aborts everything (the source,
 * the parser and every open attachment stream are destroyed, so nothing is left waiting) and rejects with
 * UnreadableMailError; a failing source stream rejects with MailSourceError.
 */
export async function parseMail(source: Buffer | Readable, store: AttachmentStore, limits: ParseLimits): Promise<ParsedEmail> {
  // Loaded with the first mail, not at the hub's start: a hub without email never loads the parser. First, before
  // anything listens to `source` (the mailbox watcher loads it before it fetches, so this is the cached module).
  const { MailParser } = await import('mailparser');
  const textLimit = Math.min(limits.maxBodyChars, MAX_TEXT_CHARS);
  const htmlLimit = Math.min(limits.maxBodyChars * 5, MAX_HTML_CHARS);
  const maxAttachments = limits.maxAttachments ?? 100;
  const parser = new MailParser({ skipImageLinks: true, checksumAlgo: 'sha256', maxHtmlLengthToParse: limits.maxBodyChars * 2 });
  const warnings: string[] = [];
  const warn = (w: string): void => {
    if (warnings.length < MAX_WARNINGS) warnings.push(w.slice(0, 500));
  };
  const truncated = new Set<string>();
  const attachments: StoredAttachment[] = [];
  const pending: Array<Promise<void>> = [];
  const open = new Set<AttachmentStream>();
  let skippedAttachments = 0;
  let headers: Map<string, unknown> = new Map();
  let headerLines: ReadonlyArray<{ key: string; line: string }> = [];
  let text = '';
  let html: string | null = null;
  const input = Buffer.isBuffer(source) ? Readable.from([source]) : source;

  // Set once: the first fatal problem. Everything still running is torn down so no promise waits on a
  // stream that will never end (mailsplit's part limit used to leave attachment streams open for good).
  const state: { failure: Error | null } = { failure: null };
  let settle: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<void>((resolve) => {
    onAbort = resolve;
  });
  const abort = (error: Error): void => {
    if (state.failure) return;
    state.failure = error;
    input.unpipe(parser);
    input.destroy();
    for (const att of open) {
      att.content.on('error', () => undefined);
      att.content.destroy(error);
    }
    open.clear();
    parser.destroy();
    settle();
    onAbort();
  };

  parser.on('headers', (h: Map<string, unknown>) => {
    headers = h;
  });
  parser.on('headerLines', (lines: Array<{ key: string; line: string }>) => {
    headerLines = lines;
  });
  parser.on('data', (data: AttachmentStream | MessageText) => {
    if (data.type === 'text') {
      text = data.text ?? '';
      html = typeof data.html === 'string' ? data.html : null;
      return;
    }
    const att = data;
    if (state.failure) {
      att.content.on('error', () => undefined);
      att.content.destroy();
      return;
    }
    if (attachments.length + open.size >= maxAttachments) {
      // Drained, not stored: the parser must move on, and meta stays bounded.
      skippedAttachments += 1;
      truncated.add('attachments');
      att.content.on('end', () => att.release?.());
      att.content.on('error', () => undefined);
      att.content.resume();
      return;
    }
    open.add(att);
    pending.push(
      (async () => {
        try {
          const saved = await store.saveStream(att.content, limits.maxAttachmentBytes, limits.timeoutMs);
          attachments.push({
            filename: att.filename?.slice(0, 255) ?? null,
            contentType: (att.contentType || 'application/octet-stream').slice(0, 255),
            size: saved.size,
            sha256: 'sha256' in saved ? saved.sha256 : null,
            contentId: att.cid?.slice(0, 255) ?? null,
            inline: Boolean(att.related) || att.contentDisposition === 'inline',
            error: 'error' in saved ? saved.error : null,
          });
        } catch (error) {
          warn(`attachment ${att.filename?.slice(0, 100) ?? '(unnamed)'}: ${(error as Error).message}`);
        } finally {
          open.delete(att);
          att.release?.();
        }
      })(),
    );
  });

  parser.once('end', () => settle());
  parser.on('error', (error: Error) => abort(new UnreadableMailError(`MIME: ${error.message}`)));
  const sourceHash = createHash('sha256');
  let sourceBytes = 0;
  input.on('data', (chunk: Buffer) => {
    sourceHash.update(chunk);
    sourceBytes += chunk.length;
  });
  input.on('error', (error: Error) => abort(state.failure ?? new MailSourceError(`source: ${error.message}`)));
  const timer =
    limits.timeoutMs === undefined
      ? null
      : setTimeout(() => abort(new UnreadableMailError(`parsing took longer than ${limits.timeoutMs} ms`)), limits.timeoutMs);
  try {
    input.pipe(parser);
    await settled;
    // Attachment saves finish on their own (end of part) or were destroyed by abort(); a late abort (the
    // timer) destroys the rest, so this wait is bounded too.
    await Promise.race([Promise.all(pending), aborted]);
  } finally {
    if (timer) clearTimeout(timer);
  }
  if (state.failure) throw state.failure;
  if (skippedAttachments > 0) warn(`${skippedAttachments} more attachments not stored (limit ${maxAttachments})`);

  if (text.length > textLimit) {
    const note = textNote(textLimit);
    text = `${text.slice(0, textLimit - note.length)}${note}`;
    truncated.add('text');
    warn(`text body truncated to ${textLimit} characters`);
  }
  if (html !== null && (html as string).length > htmlLimit) {
    const note = htmlNote(htmlLimit);
    const cut = (html as string).slice(0, htmlLimit - note.length);
    // Cut before a tag that would be left open, so the note is not swallowed into an attribute.
    const lastTag = cut.lastIndexOf('<');
    html = `${lastTag > cut.lastIndexOf('>') ? cut.slice(0, lastTag) : cut}${note}`;
    truncated.add('html');
    warn(`HTML body truncated to ${htmlLimit} characters`);
  }
  for (const [key, value] of headers) {
    // mailparser reports a charset it cannot decode by leaving the part as-is; surface the declaration.
    if (key === 'content-type' && typeof value === 'object' && value !== null) {
      const charset = (value as { params?: Record<string, string> }).params?.charset;
      if (charset && !knownCharset(charset)) warn(`unknown charset "${charset.slice(0, 100)}" (decoded as latin1/utf-8 best effort)`);
    }
  }

  const messageIdRaw = headers.get('message-id');
  const messageId = cleanMessageId(messageIdRaw);
  if (messageIdRaw === undefined) warn('no Message-ID header');
  else if (messageId === null) warn('unusable Message-ID header');
  const fromAll = addresses(headers.get('from'));
  const to = addresses(headers.get('to'));
  const cc = addresses(headers.get('cc'));
  const replyTo = addresses(headers.get('reply-to'));
  for (const [name, a] of [
    ['To', to],
    ['Cc', cc],
    ['Reply-To', replyTo],
  ] as const) {
    if (a.dropped > 0) {
      truncated.add(name.toLowerCase());
      warn(`${name}: ${a.dropped} addresses not kept (over ${MAX_ADDRESSES}, or longer than ${MAX_ADDRESS_CHARS} characters)`);
    }
  }
  const date = headers.get('date');
  const subject = headers.get('subject');
  if (typeof subject === 'string' && subject.length > MAX_SUBJECT_CHARS) {
    truncated.add('subject');
    warn(`subject truncated to ${MAX_SUBJECT_CHARS} characters`);
  }
  return {
    messageId,
    inReplyTo: idList(headers.get('in-reply-to')),
    references: idList(headers.get('references')),
    from: fromAll.list[0] ?? null,
    to: to.list,
    cc: cc.list,
    replyTo: replyTo.list,
    deliveredTo: [...rawHeader(headerLines, 'delivered-to'), ...rawHeader(headerLines, 'x-original-to')]
      .filter((a) => a.length <= MAX_ADDRESS_CHARS)
      .slice(0, 20),
    subject: typeof subject === 'string' ? subject.slice(0, MAX_SUBJECT_CHARS) : '',
    date: date instanceof Date && !Number.isNaN(date.getTime()) ? date.getTime() : null,
    text,
    html,
    attachments,
    headers,
    warnings,
    truncated: [...truncated],
    sourceSha256: sourceHash.digest('hex'),
    sourceBytes,
  };
}

function knownCharset(charset: string): boolean {
  try {
    new TextDecoder(charset.trim());
    return true;
  } catch {
    return false;
  }
}

/** Stable id for mail without a usable Message-ID: the same bytes always get the same id. */
export function syntheticMessageId(sourceSha256: string): string {
  return `sha256-${sourceSha256}@switchboard.invalid`;
}
