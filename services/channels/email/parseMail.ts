import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { MailParser, type AddressObject, type AttachmentStream, type MessageText } from 'mailparser';
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
  /** Of the raw message: the stable id of mail without a usable Message-ID. */
  sourceSha256: string;
  sourceBytes: number;
}>;

export type ParseLimits = Readonly<{ maxAttachmentBytes: number; maxBodyChars: number }>;

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
  return ids.map(cleanMessageId).filter((id): id is string => id !== null).slice(-100);
}

function addresses(value: unknown): MailAddress[] {
  const objects = (Array.isArray(value) ? value : value ? [value] : []) as AddressObject[];
  const out: MailAddress[] = [];
  const walk = (entries: AddressObject['value']): void => {
    for (const e of entries) {
      if (e.group) walk(e.group);
      else if (e.address) out.push({ address: e.address.trim(), name: (e.name ?? '').trim() });
    }
  };
  for (const o of objects) if (o && Array.isArray(o.value)) walk(o.value);
  return out;
}

function rawHeader(lines: ReadonlyArray<{ key: string; line: string }>, key: string): string[] {
  return lines.filter((l) => l.key === key).map((l) => l.line.slice(l.line.indexOf(':') + 1).trim());
}

/**
 * Streams one RFC 822 message through mailparser: bodies in memory (capped), attachments straight to the
 * content-addressed store (capped per file, never buffered). Never throws for bad MIME: what can be read
 * is returned and the problems are listed in `warnings`; the caller decides to store or reject.
 */
export async function parseMail(source: Buffer | Readable, store: AttachmentStore, limits: ParseLimits): Promise<ParsedEmail> {
  const parser = new MailParser({ skipImageLinks: true, checksumAlgo: 'sha256', maxHtmlLengthToParse: limits.maxBodyChars * 2 });
  const warnings: string[] = [];
  const attachments: StoredAttachment[] = [];
  const pending: Array<Promise<void>> = [];
  let headers: Map<string, unknown> = new Map();
  let headerLines: ReadonlyArray<{ key: string; line: string }> = [];
  let text = '';
  let html: string | null = null;

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
    pending.push(
      (async () => {
        try {
          const saved = await store.saveStream(att.content, limits.maxAttachmentBytes);
          attachments.push({
            filename: att.filename ?? null,
            contentType: att.contentType || 'application/octet-stream',
            size: saved.size,
            sha256: 'sha256' in saved ? saved.sha256 : null,
            contentId: att.cid ?? null,
            inline: Boolean(att.related) || att.contentDisposition === 'inline',
            error: 'error' in saved ? saved.error : null,
          });
        } catch (error) {
          warnings.push(`attachment ${att.filename ?? '(unnamed)'}: ${(error as Error).message}`);
        } finally {
          att.release?.();
        }
      })(),
    );
  });

  const done = new Promise<void>((resolve) => {
    parser.once('end', () => resolve());
    parser.once('error', (error: Error) => {
      warnings.push(`MIME: ${error.message}`);
      resolve();
    });
  });
  const input = Buffer.isBuffer(source) ? Readable.from([source]) : source;
  const sourceHash = createHash('sha256');
  let sourceBytes = 0;
  input.on('data', (chunk: Buffer) => {
    sourceHash.update(chunk);
    sourceBytes += chunk.length;
  });
  input.once('error', (error: Error) => {
    warnings.push(`source: ${error.message}`);
    parser.end();
  });
  input.pipe(parser);
  await done;
  await Promise.all(pending);

  if (text.length > limits.maxBodyChars) {
    text = `${text.slice(0, limits.maxBodyChars)}\n[truncated]`;
    warnings.push(`text body truncated to ${limits.maxBodyChars} characters`);
  }
  if (html !== null && (html as string).length > limits.maxBodyChars * 5) {
    html = null;
    warnings.push('HTML body too large: dropped (text kept)');
  }
  for (const [key, value] of headers) {
    // mailparser reports a charset it cannot decode by leaving the part as-is; surface the declaration.
    if (key === 'content-type' && typeof value === 'object' && value !== null) {
      const charset = (value as { params?: Record<string, string> }).params?.charset;
      if (charset && !knownCharset(charset)) warnings.push(`unknown charset "${charset}" (decoded as latin1/utf-8 best effort)`);
    }
  }

  const messageIdRaw = headers.get('message-id');
  const messageId = cleanMessageId(messageIdRaw);
  if (messageIdRaw === undefined) warnings.push('no Message-ID header');
  else if (messageId === null) warnings.push('unusable Message-ID header');
  const from = addresses(headers.get('from'))[0] ?? null;
  const date = headers.get('date');
  const subject = headers.get('subject');
  return {
    messageId,
    inReplyTo: idList(headers.get('in-reply-to')),
    references: idList(headers.get('references')),
    from,
    to: addresses(headers.get('to')),
    cc: addresses(headers.get('cc')),
    replyTo: addresses(headers.get('reply-to')),
    deliveredTo: [...rawHeader(headerLines, 'delivered-to'), ...rawHeader(headerLines, 'x-original-to')],
    subject: typeof subject === 'string' ? subject.slice(0, 998) : '',
    date: date instanceof Date && !Number.isNaN(date.getTime()) ? date.getTime() : null,
    text,
    html,
    attachments,
    headers,
    warnings,
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
