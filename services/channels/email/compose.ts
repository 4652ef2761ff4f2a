import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { formatAddress, type MailAddress } from './addresses';
import type { AttachmentStore } from './attachmentStore';
import { escapeHtml } from './htmlText';

/** Everything needed to (re)build the exact mail: stored as JSON in the outbox row. */
export type Envelope = Readonly<{
  from: MailAddress;
  replyTo: string | null;
  to: MailAddress[];
  cc: MailAddress[];
  bcc: MailAddress[];
  subject: string;
  text: string;
  html: string;
  inReplyTo: string | null;
  references: string[];
  attachments: ReadonlyArray<{ filename: string; contentType: string; sha256: string; contentId?: string | null }>;
  date: number;
  /** An automatic message (acknowledgement): RFC 3834 Auto-Submitted, so autoresponders do not answer it. */
  autoSubmitted?: boolean;
}>;

export function newMessageId(conversationId: number, fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1) || 'switchboard.invalid';
  return `sb.${conversationId}.${randomUUID()}@${domain}`;
}

/** References for a reply: the parent's chain plus the parent, capped (first kept: it names the root). */
export function replyReferences(parentReferences: readonly string[], parentMessageId: string): string[] {
  const chain = [...parentReferences.filter((r) => r !== parentMessageId), parentMessageId];
  return chain.length <= 20 ? chain : [chain[0] as string, ...chain.slice(-19)];
}

export type Quoted = Readonly<{
  from: MailAddress;
  date: number | null;
  text: string;
  subject: string;
  to: readonly MailAddress[];
  cc: readonly MailAddress[];
}>;

/**
 * Text and HTML bodies: the agent's words, then the quoted history. The quote is built from the
 * customer's plain text, escaped: their raw HTML never goes back out inside our mail.
 */
export function composeBodies(
  agentText: string,
  agentHtml: string | undefined,
  quoted: Quoted | null,
  mode: 'reply' | 'replyAll' | 'forward',
): { text: string; html: string } {
  const ownHtml = agentHtml ?? `<div>${escapeHtml(agentText).replace(/\r?\n/g, '<br>')}</div>`;
  if (!quoted) return { text: agentText, html: ownHtml };
  const when = quoted.date ? new Date(quoted.date).toUTCString() : 'an earlier date';
  const who = formatAddress(quoted.from);
  if (mode === 'forward') {
    const header = [
      '---------- Forwarded message ----------',
      `From: ${who}`,
      `Date: ${when}`,
      `Subject: ${quoted.subject}`,
      `To: ${quoted.to.map(formatAddress).join(', ')}`,
      ...(quoted.cc.length > 0 ? [`Cc: ${quoted.cc.map(formatAddress).join(', ')}`] : []),
    ];
    return {
      text: `${agentText}\n\n${header.join('\n')}\n\n${quoted.text}`,
      html: `${ownHtml}<br><div>${header.map(escapeHtml).join('<br>')}</div><br><div>${escapeHtml(quoted.text).replace(/\r?\n/g, '<br>')}</div>`,
    };
  }
  const intro = `On ${when}, ${who} wrote:`;
  const quotedText = quoted.text
    .split(/\r?\n/)
    .map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`))
    .join('\n');
  return {
    text: `${agentText}\n\n${intro}\n${quotedText}`,
    html: `${ownHtml}<br><div>${escapeHtml(intro)}</div><blockquote type="cite" style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">${escapeHtml(quoted.text).replace(/\r?\n/g, '<br>')}</blockquote>`,
  };
}

/** The RFC 822 bytes sent over SMTP and appended to Sent. Bcc is only in the SMTP envelope. */
export async function buildRaw(envelope: Envelope, messageId: string, files: AttachmentStore): Promise<Buffer> {
  const attachments = await Promise.all(
    envelope.attachments.map(async (a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: await readFile(files.pathFor(a.sha256)),
      ...(a.contentId ? { cid: a.contentId } : {}),
    })),
  );
  // Loaded with the first mail sent, not at the hub's start.
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const composer = new MailComposer({
    from: envelope.from,
    to: envelope.to,
    cc: envelope.cc.length > 0 ? envelope.cc : undefined,
    replyTo: envelope.replyTo ?? undefined,
    subject: envelope.subject,
    text: envelope.text,
    html: envelope.html,
    messageId: `<${messageId}>`,
    date: new Date(envelope.date),
    inReplyTo: envelope.inReplyTo ? `<${envelope.inReplyTo}>` : undefined,
    references: envelope.references.length > 0 ? envelope.references.map((r) => `<${r}>`).join(' ') : undefined,
    attachments,
    ...(envelope.autoSubmitted ? { headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' } } : {}),
  });
  return composer.compile().build();
}
