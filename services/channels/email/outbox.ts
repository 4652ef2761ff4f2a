import type { FastifyBaseLogger } from 'fastify';
import { Readable } from 'node:stream';
import type { ContactCenter } from '../../hub/contactCenter';
import { updateMessageStatus } from '../../store/repos/messages';
import type { Store } from '../../store/store';
import type { AttachmentStore } from './attachmentStore';
import { buildRaw, type Envelope } from './compose';
import type { EmailConfig } from './config';
import { getOutbox, markHanded, nextDue, nextWakeAt, updateOutbox, type OutboxRow } from './repo';

export type OutboxDeps = Readonly<{
  store: Store;
  center: ContactCenter;
  config: EmailConfig;
  files: AttachmentStore;
  now: () => number;
  log: FastifyBaseLogger;
  /** Copy to the mailbox's Sent folder (best effort, after the send is recorded). */
  appendSent: (mailboxId: string, raw: Buffer) => Promise<void>;
  onStatus: () => void;
}>;

type SmtpError = Error & { responseCode?: number; code?: string };
type SmtpInfo = { response?: string; accepted?: unknown[]; rejected?: unknown[] };

/** Shutdown waits this long for a relay's answer before aborting the session (the row stays resendable). */
const STOP_GRACE_MS = 5000;
/** Recording an accepted mail is retried (never the send) before the row is left to the restart path. */
const RECORD_TRIES = 5;

/**
 * The durable outbox. One worker sends one row at a time; every step is committed before the next:
 *   queued --(relay accepted MAIL/RCPT/DATA)--> sending (handed_at) --(relay's 250 to the final dot)--> sent
 * 'sending' is committed right before the first byte of the message goes out, and 'sent' in the first
 * commit after the relay's answer, before anything else (push, Sent copy) can fail. So:
 * - a row still 'queued' after a crash was never handed to a relay: it is sent, exactly once;
 * - a row 'sent' is never sent again;
 * - a row left 'sending' (crash between handing the bytes over and committing the answer) is sent again
 *   with the same Message-ID: the only at-least-once window, and receivers dedupe on Message-ID.
 * A session that dies after the handoff without an answer is the same window (the relay may have queued
 * it), which is why the wait for that answer is long (smtp.dataTimeoutMs, RFC 5321's 10 minutes).
 */
export class Outbox {
  private running: Promise<void> | null = null;
  private stopped = true;
  private timer: NodeJS.Timeout | null = null;
  private wakePending = false;
  private inFlight: AbortController | null = null;
  smtp: { ok: boolean; detail: string; since: number };

  constructor(private readonly deps: OutboxDeps) {
    this.smtp = { ok: true, detail: 'no mail sent yet', since: deps.now() };
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) {
      // A slow relay must not hold shutdown for dataTimeoutMs; an aborted handoff stays resendable.
      const grace = setTimeout(() => this.inFlight?.abort(), STOP_GRACE_MS);
      await this.running;
      clearTimeout(grace);
    }
  }

  /** New work (or a retry) is due: run the worker if it is idle. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakePending = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = (async () => {
      try {
        do {
          this.wakePending = false;
          await this.drain();
        } while (this.wakePending && !this.stopped);
      } catch (error) {
        this.deps.log.error({ err: error }, 'email outbox worker failed');
      } finally {
        this.running = null;
      }
      if (!this.stopped) await this.scheduleNext();
    })();
  }

  private async scheduleNext(): Promise<void> {
    const at = await nextWakeAt(this.deps.store);
    if (at === undefined || this.stopped || this.running) return;
    const delay = Math.max(0, at - this.deps.now());
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), Math.min(delay, 2 ** 31 - 1));
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const row = await nextDue(this.deps.store, this.deps.now());
      if (!row) return;
      await this.sendOne(row);
    }
  }

  private async sendOne(row: OutboxRow): Promise<void> {
    const { deps } = this;
    const attempts = row.attempts + 1;
    if (row.state === 'sending') {
      deps.log.warn(
        { outboxId: row.id, messageId: row.messageId },
        'outbox row was handed to the relay when the hub stopped: sending again with the same Message-ID',
      );
    }
    // The attempt is counted before connecting: a mail that crashes the hub cannot loop for ever.
    await deps.store.write((tx) => updateOutbox(tx, row.id, { state: row.state, attempts, lastError: row.lastError }, deps.now()));
    const envelope = JSON.parse(row.envelope) as Envelope;
    let raw: Buffer;
    try {
      raw = await buildRaw(envelope, row.messageId, deps.files);
    } catch (error) {
      await this.finish(row, 'failed', { error: `could not build the mail: ${(error as Error).message}`, attempts });
      return;
    }
    // SMTPConnection pipes the message only after the relay answered DATA with 354: the first read commits
    // 'sending', then hands the bytes over. If that commit fails the stream errors and the relay gets no
    // final dot, so it cannot have accepted the mail.
    let handed = false;
    let reading = false;
    const body = new Readable({
      read() {
        if (reading) return;
        reading = true;
        void (async () => {
          try {
            await deps.store.write((tx) => markHanded(tx, row.id, deps.now()));
          } catch (error) {
            body.destroy(error as Error);
            return;
          }
          handed = true;
          body.push(raw);
          body.push(null);
        })();
      },
    });
    const controller = new AbortController();
    this.inFlight = controller;
    let info: SmtpInfo;
    try {
      info = await smtpSession(
        deps.config.smtp,
        { from: envelope.from.address, to: [...envelope.to, ...envelope.cc, ...envelope.bcc].map((a) => a.address) },
        body,
        controller.signal,
      );
    } catch (error) {
      await this.sendFailed(row, attempts, error as SmtpError, handed);
      return;
    } finally {
      this.inFlight = null;
    }
    // Accepted. Record that first; nothing after this point may lead to sending the mail again.
    const meta = {
      email: {
        outboxId: row.id,
        messageId: row.messageId,
        sentAt: deps.now(),
        attempts,
        response: info.response ?? null,
        rejected: info.rejected ?? [],
        // An earlier attempt handed the bytes over and got no answer: the relay may have delivered that copy too.
        ...(row.handedAt !== null ? { possibleDuplicate: true } : {}),
      },
    };
    if (!(await this.recordSent(row, meta, info.response ?? 'ok'))) return;
    this.setSmtp(true, `last mail accepted: ${info.response ?? 'ok'}`);
    await this.announce(row, 'sent', meta);
    await deps
      .appendSent(row.mailboxId, raw)
      .catch((error: unknown) => deps.log.warn({ err: error, outboxId: row.id }, 'could not append to Sent folder'));
  }

  /** Commits 'sent' (outbox row and message status together), retrying the write, never the send. */
  private async recordSent(
    row: OutboxRow,
    meta: Readonly<{ email: Readonly<Record<string, unknown>> }>,
    response: string,
  ): Promise<boolean> {
    const { deps } = this;
    for (let i = 1; ; i += 1) {
      try {
        const at = deps.now();
        await deps.store.write(async (tx) => {
          await updateOutbox(tx, row.id, { state: 'sent', sentAt: at, relayResponse: response.slice(0, 1000) }, at);
          await updateMessageStatus(tx, row.messageRowId, 'sent', meta);
        });
        return true;
      } catch (error) {
        if (i >= RECORD_TRIES) {
          // Left 'sending': a restart resends it with the same Message-ID (the documented window).
          deps.log.error(
            { err: error, outboxId: row.id, messageId: row.messageId },
            'relay accepted a mail but it could not be recorded as sent',
          );
          return false;
        }
        await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** i));
      }
    }
  }

  private async sendFailed(row: OutboxRow, attempts: number, err: SmtpError, handed: boolean): Promise<void> {
    const { deps } = this;
    // A numeric reply is the relay refusing: it does not have the mail. No reply after the handoff is the
    // ambiguous case (it may have queued it); either way the retry carries the same Message-ID.
    const answered = typeof err.responseCode === 'number';
    const permanent = answered && (err.responseCode ?? 0) >= 500;
    const maybeDelivered = handed && !answered;
    const detail = `${err.responseCode ?? err.code ?? 'error'}: ${err.message}`;
    this.setSmtp(permanent, permanent ? `relay refused a mail: ${detail}` : `relay unavailable: ${detail}`);
    if (permanent || attempts >= deps.config.outbox.maxAttempts) {
      const error = permanent ? detail : `gave up after ${attempts} attempts: ${detail}`;
      await this.finish(row, 'failed', {
        error,
        attempts,
        ...(maybeDelivered || row.handedAt !== null ? { possiblyDelivered: true } : {}),
      });
      return;
    }
    const { baseDelayMs, maxDelayMs } = deps.config.outbox;
    const delay = Math.round(Math.min(maxDelayMs, baseDelayMs * 2 ** (attempts - 1)) * (0.8 + Math.random() * 0.4));
    await deps.store.write(async (tx) => {
      await updateOutbox(tx, row.id, { state: 'queued', nextAttemptAt: deps.now() + delay, lastError: detail }, deps.now());
      await updateMessageStatus(tx, row.messageRowId, 'queued', {
        email: { outboxId: row.id, attempts, lastError: detail, nextAttemptAt: deps.now() + delay },
      });
    });
    deps.log.info({ outboxId: row.id, attempts, delay, maybeDelivered, err: detail }, 'email send failed; retrying');
  }

  private async finish(row: OutboxRow, state: 'failed', info: Record<string, unknown>): Promise<void> {
    const { deps } = this;
    const at = deps.now();
    const meta = { email: { outboxId: row.id, messageId: row.messageId, ...info } };
    await deps.store.write(async (tx) => {
      await updateOutbox(tx, row.id, { state, lastError: String(info.error) }, at);
      await updateMessageStatus(tx, row.messageRowId, state, meta);
    });
    await this.announce(row, state, meta);
  }

  /** Through the center again only for its push to the agent and supervisors (same values, idempotent). */
  private async announce(row: OutboxRow, state: 'sent' | 'failed', meta: Record<string, unknown>): Promise<void> {
    try {
      await this.deps.center.setMessageStatus(row.messageRowId, state, meta);
    } catch (error) {
      this.deps.log.warn({ err: error, outboxId: row.id }, 'could not push the email status');
    }
    this.deps.onStatus();
  }

  /** Failed row back to queued with fresh attempts (an agent pressed retry). */
  async retry(outboxId: number): Promise<OutboxRow | undefined> {
    const row = await getOutbox(this.deps.store, outboxId);
    if (!row || row.state !== 'failed') return row;
    await this.deps.store.write(async (tx) => {
      await updateOutbox(tx, outboxId, { state: 'queued', attempts: 0, nextAttemptAt: this.deps.now(), lastError: null }, this.deps.now());
      await updateMessageStatus(tx, row.messageRowId, 'queued', { email: { outboxId, retriedAt: this.deps.now() } });
    });
    this.wake();
    return getOutbox(this.deps.store, outboxId);
  }

  private setSmtp(ok: boolean, detail: string): void {
    const since = ok === this.smtp.ok ? this.smtp.since : this.deps.now();
    this.smtp = { ok, detail, since };
    this.deps.onStatus();
  }
}

/**
 * One SMTP session for one mail, on nodemailer's SMTPConnection rather than its transport: the transport
 * starts reading the message before the envelope is even sent, which would commit 'sending' too early.
 * Resolves on the relay's 2xx to the final dot (with its words); rejects on anything else.
 */
async function smtpSession(
  smtp: EmailConfig['smtp'],
  envelope: Readonly<{ from: string; to: string[] }>,
  body: Readable,
  signal: AbortSignal,
): Promise<SmtpInfo> {
  // Loaded with the first mail sent, not at the hub's start: a hub without email never loads it.
  const { default: SMTPConnection } = await import('nodemailer/lib/smtp-connection');
  const connection = new SMTPConnection({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ignoreTLS: smtp.ignoreTLS,
    // Short to reach the relay (a dead relay is retried soon), long once in a session (see dataTimeoutMs).
    connectionTimeout: smtp.connectionTimeoutMs,
    greetingTimeout: smtp.connectionTimeoutMs,
    socketTimeout: smtp.dataTimeoutMs,
  });
  return new Promise<SmtpInfo>((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | null, info?: SmtpInfo): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      connection.close();
      if (error) reject(error);
      else resolve(info ?? {});
    };
    const onAbort = (): void => settle(Object.assign(new Error('SMTP session aborted (hub stopping)'), { code: 'EABORT' }));
    signal.addEventListener('abort', onAbort, { once: true });
    connection.once('error', (error: Error) => settle(error));
    connection.once('end', () => settle(Object.assign(new Error('the relay closed the connection'), { code: 'ECONNECTION' })));
    connection.connect((error) => {
      if (error) return settle(error);
      const send = (): void => connection.send(envelope, body, (err, info) => settle(err ?? null, info));
      if (!smtp.user) return send();
      connection.login({ credentials: { user: smtp.user, pass: smtp.password } }, (err) => (err ? settle(err) : send()));
    });
  });
}
