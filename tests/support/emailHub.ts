import type { ImapFlow } from 'imapflow';
import type { EmailConfigInput } from '../../services/channels/email/config';
import { startDovecot, type Dovecot, type DovecotUser } from './dovecot';
import { startSmtpRelay, type SmtpRelay } from './smtpRelay';
import { seed, startTestHub, type TestHub } from './testHub';

export const SUPPORT: DovecotUser = { user: 'support@example.com', password: 'mail-secret-1' };

type MailboxInput = EmailConfigInput['mailboxes'][number];

/** The hub's settings for support@example.com on this dovecot, read into queue "support". */
export function supportMailbox(dovecot: Dovecot, over: Partial<MailboxInput> = {}): MailboxInput {
  return {
    id: 'support',
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    user: SUPPORT.user,
    password: SUPPORT.password,
    address: SUPPORT.user,
    queueId: 'support',
    ...over,
  };
}

export type EmailHarness = {
  dovecot: Dovecot;
  relay: SmtpRelay;
  t: TestHub;
  imap: ImapFlow;
  config: EmailConfigInput;
  stop(): Promise<void>;
};

/** dovecot + smtp-server relay + a hub whose email module reads support@example.com into queue "support". */
export async function startEmailHarness(
  over: Partial<Omit<EmailConfigInput, 'smtp'>> & { smtp?: Partial<EmailConfigInput['smtp']> } = {},
  mailbox: Partial<MailboxInput> = {},
  hubConfig: Record<string, unknown> = {},
): Promise<EmailHarness> {
  const dovecot = await startDovecot([SUPPORT]);
  const relay = await startSmtpRelay();
  const imap = await dovecot.client(SUPPORT);
  if (mailbox.folder && mailbox.folder !== 'INBOX') await imap.mailboxCreate(mailbox.folder);
  if (mailbox.sentFolder) await imap.mailboxCreate(mailbox.sentFolder).catch(() => undefined);
  const config: EmailConfigInput = {
    mailboxes: [supportMailbox(dovecot, { displayName: 'Example Support', ...mailbox })],
    reconnect: { minMs: 100, maxMs: 800 },
    idleDelayMs: 100,
    pollMs: 60_000,
    outbox: { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 600 },
    maxAttachmentBytes: 64 * 1024,
    ...over,
    // Merged, not replaced: the relay's port is only known here.
    smtp: { host: '127.0.0.1', port: relay.port, secure: false, ignoreTLS: true, connectionTimeoutMs: 2000, ...over.smtp },
  };
  const t = await startTestHub({ email: config, ...hubConfig });
  await seed(t, [{ username: 'ann' }, { username: 'sam', role: 'supervisor' }]);
  return {
    dovecot,
    relay,
    t,
    imap,
    config,
    async stop() {
      await t.stop();
      await imap.logout().catch(() => undefined);
      await relay.stop();
      await dovecot.destroy();
    },
  };
}

let seq = 0;
/** A plain customer mail; `extra` headers are added verbatim. */
export function customerMail(
  o: Readonly<{
    from?: string;
    to?: string;
    cc?: string;
    subject?: string;
    body?: string;
    messageId?: string | null;
    extra?: string;
    html?: string;
  }> = {},
): string {
  seq += 1;
  const messageId = o.messageId === undefined ? `<cust-${process.pid}-${Date.now()}-${seq}@customer.example>` : o.messageId;
  const headers = [
    `From: ${o.from ?? 'Carol Customer <carol@customer.example>'}`,
    `To: ${o.to ?? 'support@example.com'}`,
    ...(o.cc ? [`Cc: ${o.cc}`] : []),
    `Subject: ${o.subject ?? `Order problem ${seq}`}`,
    `Date: ${new Date().toUTCString()}`,
    ...(messageId ? [`Message-ID: ${messageId}`] : []),
    'MIME-Version: 1.0',
    ...(o.extra ? [o.extra] : []),
  ];
  if (o.html) {
    return `${headers.join('\r\n')}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${o.html}\r\n`;
  }
  return `${headers.join('\r\n')}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${o.body ?? `Hello, my order ${seq} is late.`}\r\n`;
}

export function messageIdOf(raw: string): string {
  const m = /^Message-ID: <([^>]+)>/im.exec(raw);
  if (!m?.[1]) throw new Error('no Message-ID in fixture');
  return m[1];
}
