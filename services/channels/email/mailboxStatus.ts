import type { MailboxStatus } from '../../contracts';
import type { MailboxConfig } from './config';

/**
 * A mailbox's status as the admin console shows it, kept in one place for every mailbox source (the IMAP
 * watcher and the demo's stand-in), so both move through the same states by the same rules. It only keeps
 * the record: the source decides when the change is worth telling admins about (deps.onStatus).
 */
export class MailboxStatusRecord {
  private current: MailboxStatus;

  constructor(
    mailbox: MailboxConfig,
    private readonly now: () => number,
    uidValidity: string | null = null,
  ) {
    this.current = {
      id: mailbox.id,
      address: mailbox.address,
      queueId: mailbox.queueId,
      state: 'stopped',
      detail: 'not started',
      since: now(),
      lastSyncAt: null,
      uidValidity,
      lastUid: null,
      nextRetryAt: null,
    };
  }

  /** A copy: callers may keep it while the record moves on. */
  snapshot(): MailboxStatus {
    return { ...this.current };
  }

  /** `since` moves only when the state changes; once connected, no retry is pending. */
  enter(state: MailboxStatus['state'], detail: string): void {
    const since = state === this.current.state ? this.current.since : this.now();
    this.current = { ...this.current, state, detail, since, nextRetryAt: state === 'connected' ? null : this.current.nextRetryAt };
  }

  /** When the next reconnect is due (after a failure). */
  retryAt(at: number): void {
    this.current = { ...this.current, nextRetryAt: at };
  }

  /** The folder was opened with this UIDVALIDITY. */
  opened(uidValidity: string): void {
    this.current = { ...this.current, uidValidity };
  }

  /** A sync finished now; `lastUid` is the position committed so far. */
  synced(uidValidity: string, lastUid: number | null): void {
    this.current = { ...this.current, lastSyncAt: this.now(), uidValidity, lastUid };
  }
}
