import type { MailboxConfig } from '../channels/email/config';
import type { MailOutcome } from '../channels/email/inbound';
import type { WatcherDeps } from '../channels/email/mailboxWatcher';
import { MailboxStatusRecord } from '../channels/email/mailboxStatus';
import type { MailboxSource } from '../channels/email/module';
import type { MailboxStatus } from '../contracts';

/** The demo mailbox's UIDVALIDITY: one epoch per run (the demo database is always fresh). */
const EPOCH = 'demo-1';

/**
 * The demo's mailbox: what an IMAP watcher would FETCH, handed in by the simulator instead. Each raw
 * RFC 822 message goes to the email channel's own InboundProcessor, the one the watcher calls, so MIME
 * parsing, auto-reply checks, threading (In-Reply-To, References, the subject token) and the commit before
 * the "ack" are all the product's. Messages are taken one at a time, in order, like UIDs in a mailbox.
 *
 * Why not a real IMAP server: `npm run demo` must run on a laptop with one command, and dovecot needs root
 * and a system install; the IMAP leg itself is covered by the email tests against a real dovecot.
 */
export class DemoMailbox implements MailboxSource {
  private uid = 0;
  private turn: Promise<unknown> = Promise.resolve();
  private readonly statusRecord: MailboxStatusRecord;
  private running = false;

  constructor(
    readonly mailbox: MailboxConfig,
    private readonly deps: WatcherDeps,
  ) {
    this.statusRecord = new MailboxStatusRecord(mailbox, deps.now, EPOCH);
  }

  status(): MailboxStatus {
    return this.statusRecord.snapshot();
  }

  start(): void {
    this.running = true;
    this.statusRecord.enter('connected', 'demo mailbox: simulated customers write here');
    this.deps.onStatus();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.turn.catch(() => undefined);
    this.statusRecord.enter('stopped', 'stopped');
  }

  /** The demo keeps no Sent folder: the demo inbox page shows what went out. */
  async appendSent(): Promise<void> {}

  /** Delivers one raw message; resolves once it is committed (or with why it was not stored). */
  deliver(raw: Buffer): Promise<MailOutcome | Error> {
    const run = async (): Promise<MailOutcome | Error> => {
      if (!this.running) return new Error(`mailbox ${this.mailbox.id} is not running`);
      if (!this.deps.queueExists(this.mailbox.queueId)) return new Error(`queue "${this.mailbox.queueId}" does not exist`);
      this.uid += 1;
      const uid = this.uid;
      const results = await this.deps.processor.processBatch(this.mailbox, EPOCH, [{ uid, source: raw, size: raw.length }]);
      this.statusRecord.synced(EPOCH, uid);
      return results.get(uid) ?? new Error('no outcome');
    };
    // One at a time, in order, like UIDs: each delivery waits for the one before it (whatever its outcome).
    const previous = this.turn;
    const result = (async () => {
      await previous;
      return run();
    })();
    this.turn = result.catch(() => undefined);
    return result;
  }
}
