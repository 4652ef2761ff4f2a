import { z } from 'zod';
import { QueueId } from '../../contracts';

const host = z.string().trim().min(1).max(253);
const port = z.number().int().min(1).max(65535);

export const MailboxConfig = z
  .object({
    /** Stable id: the sync position and the providerIds of stored mail are keyed on it. */
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/),
    host,
    port: port.default(993),
    /** TLS from the first byte (993). false: STARTTLS when offered (plain only on loopback test servers). */
    secure: z.boolean().default(true),
    user: z.string().min(1).max(320),
    password: z.string().min(1).max(1024),
    folder: z.string().min(1).max(255).default('INBOX'),
    /** The address customers write to; removed from reply-all recipients and used as From. */
    address: z.email().max(320),
    displayName: z.string().max(120).optional(),
    queueId: QueueId,
    /** Reply-To `local+sb<conversation>@domain` on our replies: threads even when clients drop headers. */
    plusAddressing: z.boolean().default(false),
    /** Append sent mail to this IMAP folder (e.g. "Sent"); absent = no copy. */
    sentFolder: z.string().min(1).max(255).optional(),
    /** First sync of a mailbox (no stored position): only unread mail, or everything in the folder. */
    initialSync: z.enum(['unseen', 'all']).default('unseen'),
  })
  .strict();
export type MailboxConfig = z.output<typeof MailboxConfig>;

export const SmtpConfig = z
  .object({
    host,
    port: port.default(587),
    secure: z.boolean().default(false),
    /** Plain SMTP to a local relay without STARTTLS (tests, a relay on the same host). */
    ignoreTLS: z.boolean().default(false),
    user: z.string().min(1).max(320).optional(),
    password: z.string().min(1).max(1024).optional(),
    connectionTimeoutMs: z.number().int().min(100).default(10_000),
    /**
     * Longest silence on an open SMTP session, above all the wait for the relay's answer to the final dot.
     * RFC 5321 4.5.3.2.6 asks clients to wait 10 minutes: giving up earlier on a slow relay that then accepts
     * is what turns a retry into a duplicate (RFC 1047).
     */
    dataTimeoutMs: z
      .number()
      .int()
      .min(100)
      .default(10 * 60_000),
  })
  .strict();

export const EmailConfig = z
  .object({
    mailboxes: z.array(MailboxConfig).min(1).max(50),
    smtp: SmtpConfig,
    /**
     * A reply to a closed email conversation reopens it (sticky to its last agent) within this many hours;
     * later replies start a new conversation. Defaults to the hub's reopenWindowHours.
     */
    reopenWindowHours: z.number().min(0).optional(),
    /** Larger attachments are recorded as metadata with an error and never loaded into memory. */
    maxAttachmentBytes: z
      .number()
      .int()
      .min(1024)
      .default(25 * 1024 * 1024),
    /** Longest text/HTML body kept (characters); longer bodies are truncated with a note in meta. */
    maxBodyChars: z.number().int().min(1000).max(1_000_000).default(1_000_000),
    reconnect: z
      .object({
        minMs: z.number().int().min(10).default(1000),
        maxMs: z.number().int().min(10).default(60_000),
        /**
         * While waiting out the backoff after a network failure, the server's port is probed (a bare TCP
         * connect) this often; once it accepts, the watcher reconnects at once: a restarted server is caught
         * up within about this long however far the backoff had grown. 0 = off.
         */
        probeMs: z.number().int().min(0).default(1000),
      })
      .default({ minMs: 1000, maxMs: 60_000, probeMs: 1000 }),
    /**
     * imapflow enters IDLE after this much inactivity. The server reports new mail only inside IDLE (or in
     * answer to a command), so mail that lands in this window after the watcher's last command (the \\Seen
     * flags of the previous mail) waits for it: at 1000 ms it added up to a second to half the mails in
     * bench:email-latency. Re-entering IDLE costs one short command pair.
     */
    idleDelayMs: z.number().int().min(10).default(20),
    /**
     * 0: wait for the server's IDLE notice of new mail. Dovecot sends it 500 ms after the mailbox changed (a
     * delay compiled into it, NOTIFY_DELAY_MSECS), which makes that the floor of mail-to-offer latency.
     * Above 0: also ask the server this often (NOOP, which it answers with any new mail at once) while
     * idle: mail is offered within about this long, for one short command per interval. For servers you
     * run; public providers may throttle frequent commands.
     */
    newMailCheckMs: z.number().int().min(0).default(0),
    /** IDLE is restarted this often: a silently dead TCP connection is noticed at the latest then. */
    idleRestartMs: z
      .number()
      .int()
      .min(1000)
      .default(5 * 60_000),
    /** Safety net: a full catch-up this often even if IDLE reported nothing. */
    pollMs: z.number().int().min(1000).default(120_000),
    outbox: z
      .object({
        maxAttempts: z.number().int().min(1).default(8),
        baseDelayMs: z.number().int().min(10).default(2000),
        maxDelayMs: z
          .number()
          .int()
          .min(10)
          .default(15 * 60_000),
      })
      .default({ maxAttempts: 8, baseDelayMs: 2000, maxDelayMs: 15 * 60_000 }),
    /**
     * Time allowed to parse one mail (attachments saved included): minMs + msPerMB per MB of raw source.
     * A mail that takes longer is quarantined (raw source kept, shown as an unreadable email), so a hostile
     * or pathological mail cannot hold the mailbox's intake. Also bounds each attachment's save.
     */
    parseTimeout: z
      .object({ minMs: z.number().int().min(100).default(10_000), msPerMB: z.number().int().min(0).default(2000) })
      .default({ minMs: 10_000, msPerMB: 2000 }),
    /** Attachments stored per mail; further ones are counted in the warnings, not stored. */
    maxAttachments: z.number().int().min(1).max(1000).default(100),
    /** Largest raw source kept for an unreadable or truncated mail (a larger one is noted, not kept). */
    maxSourceBytes: z
      .number()
      .int()
      .min(1024)
      .default(100 * 1024 * 1024),
    /** UIDs fetched per batch during catch-up. */
    batchSize: z.number().int().min(1).max(5000).default(500),
  })
  .strict()
  .superRefine((c, ctx) => {
    const ids = new Set<string>();
    for (const [i, m] of c.mailboxes.entries()) {
      if (ids.has(m.id)) ctx.addIssue({ code: 'custom', path: ['mailboxes', i, 'id'], message: `duplicate mailbox id "${m.id}"` });
      ids.add(m.id);
    }
  });
export type EmailConfig = z.output<typeof EmailConfig>;
export type EmailConfigInput = z.input<typeof EmailConfig>;
