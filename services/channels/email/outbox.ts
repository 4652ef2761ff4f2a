import type { FastifyBaseLogger } from 'fastify';
import nodemailer, { type Transporter } from 'nodemailer';
import type { ContactCenter } from '../../hub/contactCenter';
import { updateMessageStatus } from '../../store/repos/messages';
import type { Store } from '../../store/store';
import type { AttachmentStore } from './attachmentStore';
import { buildRaw, type Envelope } from './compose';
import type { EmailConfig } from './config';
import { getOutbox, nextDue, nextWakeAt, updateOutbox, type OutboxRow } from './repo';

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

/**
 * The durable outbox: rows move queued -> sending -> sent | failed, each step committed before the
 * next. One worker sends one row at a time. A row found in 'sending' at start-up was interrupted
 * mid-send: it is sent again with the same Message-ID (recipients' systems dedupe on it), the only
 * window where a relay could see a mail twice is between its 250 OK and our COMMIT.
 */
export class Outbox {
  private readonly transport: Transporter;
  private running: Promise<void> | null = null;
  private stopped = true;
  private timer: NodeJS.Timeout | null = null;
  private wakePending = false;
  smtp: { ok: boolean; detail: string; since: number };

  constructor(private readonly deps: OutboxDeps) {
    const { smtp } = deps.config;
    this.transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      ignoreTLS: smtp.ignoreTLS,
      auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
      connectionTimeout: smtp.connectionTimeoutMs,
      greetingTimeout: smtp.connectionTimeoutMs,
      socketTimeout: smtp.connectionTimeoutMs * 3,
    });
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
    await this.running;
    this.transport.close();
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
    if (row.state === 'sending') deps.log.warn({ outboxId: row.id, messageId: row.messageId }, 'outbox row was mid-send at shutdown: sending again with the same Message-ID');
    await deps.store.write((tx) => updateOutbox(tx, row.id, { state: 'sending', attempts }, deps.now()));
    const envelope = JSON.parse(row.envelope) as Envelope;
    let raw: Buffer;
    try {
      raw = await buildRaw(envelope, row.messageId, deps.files);
    } catch (error) {
      await this.finish(row, 'failed', { error: `could not build the mail: ${(error as Error).message}`, attempts });
      return;
    }
    try {
      const info = (await this.transport.sendMail({
        envelope: { from: envelope.from.address, to: [...envelope.to, ...envelope.cc, ...envelope.bcc].map((a) => a.address) },
        raw,
      })) as { response?: string; accepted?: unknown[]; rejected?: unknown[] };
      this.setSmtp(true, `last mail accepted: ${info.response ?? 'ok'}`);
      await this.finish(row, 'sent', { attempts, response: info.response ?? null, rejected: info.rejected ?? [] });
      await deps.appendSent(row.mailboxId, raw).catch((error: unknown) => deps.log.warn({ err: error, outboxId: row.id }, 'could not append to Sent folder'));
    } catch (error) {
      const err = error as SmtpError;
      const permanent = typeof err.responseCode === 'number' && err.responseCode >= 500;
      const detail = `${err.responseCode ?? err.code ?? 'error'}: ${err.message}`;
      this.setSmtp(permanent, permanent ? `relay refused a mail: ${detail}` : `relay unavailable: ${detail}`);
      if (permanent || attempts >= deps.config.outbox.maxAttempts) {
        await this.finish(row, 'failed', { error: permanent ? detail : `gave up after ${attempts} attempts: ${detail}`, attempts });
        return;
      }
      const { baseDelayMs, maxDelayMs } = deps.config.outbox;
      const delay = Math.round(Math.min(maxDelayMs, baseDelayMs * 2 ** (attempts - 1)) * (0.8 + Math.random() * 0.4));
      await deps.store.write(async (tx) => {
        await updateOutbox(tx, row.id, { state: 'queued', nextAttemptAt: deps.now() + delay, lastError: detail }, deps.now());
        await updateMessageStatus(tx, row.messageRowId, 'queued', { email: { outboxId: row.id, attempts, lastError: detail, nextAttemptAt: deps.now() + delay } });
      });
      deps.log.info({ outboxId: row.id, attempts, delay, err: detail }, 'email send failed; retrying');
    }
  }

  private async finish(row: OutboxRow, state: 'sent' | 'failed', info: Record<string, unknown>): Promise<void> {
    const { deps } = this;
    const at = deps.now();
    const meta = { email: { outboxId: row.id, messageId: row.messageId, ...(state === 'sent' ? { sentAt: at } : {}), ...info } };
    await deps.store.write(async (tx) => {
      await updateOutbox(tx, row.id, { state, lastError: state === 'failed' ? String(info.error) : null, sentAt: state === 'sent' ? at : null }, at);
      await updateMessageStatus(tx, row.messageRowId, state, meta);
    });
    // Through the center again only for its push to the agent and supervisors (same values, idempotent).
    await deps.center.setMessageStatus(row.messageRowId, state, meta);
    deps.onStatus();
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
