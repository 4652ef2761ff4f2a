import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { AttachmentStore } from '../channels/email/attachmentStore';
import { EmailConfig, type MailboxConfig } from '../channels/email/config';
import { InboundProcessor, type MailOutcome } from '../channels/email/inbound';
import type { ContactCenter } from '../hub/contactCenter';
import type { Store } from '../store/store';
import type { Person } from './people';

export const DEMO_MAILBOX = 'support@demo.example.com';

/**
 * Email into the hub through the email channel's own inbound processor — MIME parsing, auto-reply and
 * HTML checks, threading, center.ingest — exactly what a mailbox watcher calls after an IMAP FETCH. The
 * demo runs no IMAP server (dovecot needs root and a temp config; bench:email and the email tests cover
 * the IMAP leg against a real dovecot), so this feed starts where the watcher hands over.
 */
export class EmailFeed {
  private readonly processor: InboundProcessor;
  private readonly mailbox: MailboxConfig;
  private uid = 0;
  private seq = 0;

  constructor(deps: Readonly<{ center: ContactCenter; store: Store; dataDir: string; log: FastifyBaseLogger; now: () => number }>) {
    const config = EmailConfig.parse({
      mailboxes: [
        {
          id: 'sim',
          host: '127.0.0.1',
          port: 9,
          secure: false,
          user: DEMO_MAILBOX,
          password: 'unused',
          address: DEMO_MAILBOX,
          queueId: 'support',
        },
      ],
      smtp: { host: '127.0.0.1', port: 9, ignoreTLS: true },
    });
    const mailbox = config.mailboxes[0];
    if (!mailbox) throw new Error('simulator email config has no mailbox');
    this.mailbox = mailbox;
    this.processor = new InboundProcessor({
      center: deps.center,
      store: deps.store,
      attachments: new AttachmentStore(path.join(deps.dataDir, 'email', 'attachments')),
      config,
      ownAddresses: new Set([DEMO_MAILBOX]),
      now: deps.now,
      log: deps.log,
    });
  }

  /** Delivers one customer email; resolves with the processor's outcome once it is committed. */
  async deliver(from: Person, subject: string, body: string, date: Date = new Date()): Promise<MailOutcome | Error> {
    this.uid += 1;
    this.seq += 1;
    const raw = [
      `From: ${from.name} <${from.email}>`,
      `To: Support <${DEMO_MAILBOX}>`,
      `Subject: ${subject}`,
      `Date: ${date.toUTCString()}`,
      `Message-ID: <sim-${process.pid}-${Date.now()}-${this.seq}@${from.email.split('@')[1] ?? 'example.com'}>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
    ].join('\r\n');
    const results = await this.processor.processBatch(this.mailbox, 'sim-1', [{ uid: this.uid, source: Buffer.from(raw, 'utf8') }]);
    return results.get(this.uid) ?? new Error('no outcome');
  }
}
