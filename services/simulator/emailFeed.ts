import type { MailOutcome } from '../channels/email/inbound';
import type { MailboxConfig } from '../channels/email/config';
import type { EmailModuleOptions } from '../channels/email/module';
import type { EmailConfigInput } from '../channels/email/config';
import { DemoMailbox } from './demoMailbox';
import type { CaughtMail } from './demoSmtp';
import type { Person } from './people';

export const DEMO_MAILBOX = 'support@demo.example.com';
/** From address of the web chat's mails (transcripts, one-time codes). */
export const DEMO_CHAT_FROM = 'Example Shop chat <chat@demo.example.com>';

/** `config.email` for the demo hub: one mailbox read in process, replies over SMTP to the demo's own server. */
export function demoEmailConfig(smtpPort: number): EmailConfigInput {
  return {
    mailboxes: [
      {
        id: 'demo',
        // Never connected to: the demo mailbox source stands in for the IMAP watcher (see DemoMailbox).
        host: '127.0.0.1',
        user: DEMO_MAILBOX,
        password: 'demo-mailbox-password',
        address: DEMO_MAILBOX,
        displayName: 'Example Shop support',
        queueId: 'support',
      },
    ],
    smtp: { host: '127.0.0.1', port: smtpPort, ignoreTLS: true, connectionTimeoutMs: 5_000, dataTimeoutMs: 30_000 },
    outbox: { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 10_000 },
  };
}

/** RFC 5322 header-safe text: no line breaks a name or subject could use to add headers. */
const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ');

/**
 * Simulated customers' email: new mail and answers to agents' replies, written as a mail client writes
 * them and delivered to the hub's demo mailbox, which hands them to the email channel's inbound processor.
 */
export class EmailFeed {
  private seq = 0;
  private mailbox: DemoMailbox | null = null;

  /** What the demo passes to emailModule(): the mailbox is read in process instead of over IMAP. */
  readonly moduleOptions: EmailModuleOptions = {
    mailboxSource: (mailbox: MailboxConfig, deps) => {
      this.mailbox = new DemoMailbox(mailbox, deps);
      return this.mailbox;
    },
  };

  /** Delivers one new customer email; resolves with the processor's outcome once it is committed. */
  async deliver(from: Person, subject: string, body: string, date: Date = new Date()): Promise<MailOutcome | Error> {
    return this.send(this.compose(from, { subject, body, date }));
  }

  /**
   * A customer answers a mail they got from us, as a mail client does: "Re:" on the subject (our token
   * kept), In-Reply-To the mail's Message-ID and References the chain, and the quoted original below.
   */
  async answer(from: Person, to: CaughtMail, body: string, date: Date = new Date()): Promise<MailOutcome | Error> {
    const subject = /^re:/i.test(to.subject) ? to.subject : `Re: ${to.subject}`;
    const quoted = to.text
      .trimEnd()
      .split(/\r?\n/)
      .map((line) => `> ${line}`)
      .join('\r\n');
    const references = to.messageId ? [...to.references, to.messageId] : [...to.references];
    return this.send(
      this.compose(from, {
        subject,
        body: `${body}\r\n\r\nOn ${date.toUTCString()}, ${to.from} wrote:\r\n${quoted}`,
        date,
        inReplyTo: to.messageId,
        references,
      }),
    );
  }

  private compose(
    from: Person,
    m: Readonly<{ subject: string; body: string; date: Date; inReplyTo?: string | null; references?: readonly string[] }>,
  ): Buffer {
    this.seq += 1;
    const headers = [
      `From: ${oneLine(from.name)} <${from.email}>`,
      `To: Example Shop support <${DEMO_MAILBOX}>`,
      `Subject: ${oneLine(m.subject)}`,
      `Date: ${m.date.toUTCString()}`,
      `Message-ID: <sim-${process.pid}-${Date.now()}-${this.seq}@${from.email.split('@')[1] ?? 'example.com'}>`,
    ];
    if (m.inReplyTo) headers.push(`In-Reply-To: ${m.inReplyTo}`);
    if (m.references && m.references.length > 0) headers.push(`References: ${m.references.join(' ')}`);
    const raw = [
      ...headers,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      m.body,
      '',
    ].join('\r\n');
    return Buffer.from(raw, 'utf8');
  }

  private async send(raw: Buffer): Promise<MailOutcome | Error> {
    if (!this.mailbox) return new Error('the demo mailbox is not running (email channel off?)');
    return this.mailbox.deliver(raw);
  }
}
