import type { ImapFlow } from 'imapflow';
import type { EmailConfigInput } from '../../services/channels/email/config';
import { dovecotUnavailable, startDovecot, type Dovecot } from '../support/dovecot';
import { SUPPORT, supportMailbox } from '../support/emailHub';

export type BenchMailbox = Readonly<{
  dovecot: Dovecot;
  /** The bench's own IMAP session on support@example.com: it APPENDs the customers' mail. */
  imap: ImapFlow;
  /** The hub's email settings: read support@example.com into queue "support"; SMTP is never reached. */
  emailConfig: (over?: Readonly<Partial<Omit<EmailConfigInput, 'mailboxes' | 'smtp'>>>) => EmailConfigInput;
  stop: () => Promise<void>;
}>;

/**
 * The email benches' set-up: a real dovecot with the support mailbox and a session on it. Where dovecot is
 * not installed the bench says so and exits 0, as the other benches do when a system part is missing.
 */
export async function startBenchMailbox(bench: string): Promise<BenchMailbox> {
  const skip = dovecotUnavailable();
  if (skip) {
    console.log(`${bench} skipped: ${skip}`);
    process.exit(0);
  }
  const dovecot = await startDovecot([SUPPORT]);
  const imap = await dovecot.client(SUPPORT);
  return {
    dovecot,
    imap,
    emailConfig: (over = {}) => ({
      mailboxes: [supportMailbox(dovecot)],
      smtp: { host: '127.0.0.1', port: 9, ignoreTLS: true },
      ...over,
    }),
    stop: async () => {
      await imap.logout();
      await dovecot.destroy();
    },
  };
}
