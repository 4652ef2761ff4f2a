import { connect } from 'node:net';
import type { Readable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import type { ImapFlow } from 'imapflow';
import type { MailboxStatus } from '../../contracts';
import type { Store } from '../../store/store';
import type { EmailConfig, MailboxConfig } from './config';
import type { FetchedMail, InboundProcessor, MailOutcome } from './inbound';
import { MailboxStatusRecord } from './mailboxStatus';
import { getPosition, savePosition } from './repo';

export type WatcherDeps = Readonly<{
  store: Store;
  processor: InboundProcessor;
  config: EmailConfig;
  queueExists: (queueId: string) => boolean;
  now: () => number;
  log: FastifyBaseLogger;
  onStatus: () => void;
}>;

/** Messages up to this size are fetched in bulk into memory; larger ones are streamed one by one. */
const BULK_FETCH_SLACK = 256 * 1024;
/** Connection errors that mean "the server is not there": worth probing for its return during a backoff. */
const SERVER_DOWN = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE', 'NoConnection']);
/** A UID failing transiently this many times in a row is recorded as rejected so the mailbox moves on. */
const MAX_TRANSIENT_FAILURES = 3;

/**
 * One IMAP connection per mailbox: connect, catch up from the stored UID, IDLE for new mail, reconnect
 * with exponential backoff. Order per message: COMMIT (ingest) -> position -> \Seen, so a crash anywhere
 * replays at most a batch, which the providerId dedupe absorbs.
 */
export class MailboxWatcher {
  private client: ImapFlow | null = null;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private syncing: Promise<void> | null = null;
  private syncAgain = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private checkTimer: NodeJS.Timeout | null = null;
  private checking = false;
  private readonly failures = new Map<number, number>();
  private readonly statusRecord: MailboxStatusRecord;

  constructor(
    readonly mailbox: MailboxConfig,
    private readonly deps: WatcherDeps,
  ) {
    this.statusRecord = new MailboxStatusRecord(mailbox, deps.now);
  }

  status(): MailboxStatus {
    return this.statusRecord.snapshot();
  }

  start(): void {
    this.stopped = false;
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.checkTimer) clearInterval(this.checkTimer);
    this.wakeUp?.();
    const client = this.client;
    if (client) {
      await this.syncing?.catch(() => undefined);
      await client.logout().catch(() => client.close());
    }
    await this.loop;
    this.loop = null;
    this.setState('stopped', 'stopped');
  }

  /** Copies a sent message to the configured Sent folder over this mailbox's connection. */
  async appendSent(raw: Buffer): Promise<void> {
    if (!this.mailbox.sentFolder) return;
    if (!this.client?.usable) throw new Error(`mailbox ${this.mailbox.id} is not connected`);
    await this.client.append(this.mailbox.sentFolder, raw, ['\\Seen']);
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      let networkFailure = false;
      const closed = await this.connectOnce().catch((error: unknown) => {
        this.reportError(error);
        networkFailure = SERVER_DOWN.has((error as { code?: string }).code ?? '');
        return false;
      });
      if (closed) attempt = 0;
      if (this.stopped) break;
      const delay = Math.min(this.deps.config.reconnect.maxMs, this.deps.config.reconnect.minMs * 2 ** attempt);
      const jittered = Math.round(delay * (0.8 + Math.random() * 0.4));
      attempt = Math.min(attempt + 1, 30);
      this.statusRecord.retryAt(this.deps.now() + jittered);
      this.deps.onStatus();
      const probe = networkFailure ? this.probeUntilListening() : null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, jittered);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = null;
      probe?.stop();
    }
  }

  /**
   * During a backoff after the server was unreachable: a bare TCP connect to the server every reconnect.probeMs;
   * the first accepted one ends the wait. Credentials are never tried by the probe, and other failures
   * (auth, TLS, a missing folder) do not probe at all: the port is open, only the backoff limits those retries.
   */
  private probeUntilListening(): { stop: () => void } {
    const { probeMs } = this.deps.config.reconnect;
    if (probeMs <= 0) return { stop: () => undefined };
    let stopped = false;
    const tick = (): void => {
      if (stopped) return;
      const socket = connect({ host: this.mailbox.host, port: this.mailbox.port, timeout: probeMs });
      let answered = false;
      const done = (up: boolean): void => {
        socket.destroy();
        if (stopped || answered) return;
        answered = true;
        if (up) this.wakeUp?.();
        else timer = setTimeout(tick, probeMs);
      };
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
      socket.once('timeout', () => done(false));
    };
    let timer: NodeJS.Timeout = setTimeout(tick, probeMs);
    return {
      stop: () => {
        stopped = true;
        clearTimeout(timer);
      },
    };
  }

  /** Resolves true when a healthy session ended (server closed it), false when it failed to start. */
  private async connectOnce(): Promise<boolean> {
    // Loaded when a mailbox is first read, not at the hub's start: a hub without email never loads them. The
    // parser too, now, so that parseMail finds it loaded before a fetched mail's stream exists.
    const [{ ImapFlow }] = await Promise.all([import('imapflow'), import('mailparser')]);
    if (this.stopped) return true;
    const { mailbox } = this;
    const { config } = this.deps;
    this.setState('connecting', `connecting to ${mailbox.host}:${mailbox.port}`);
    const client = new ImapFlow({
      host: mailbox.host,
      port: mailbox.port,
      secure: mailbox.secure,
      auth: { user: mailbox.user, pass: mailbox.password },
      logger: false,
      autoIdleDelay: config.idleDelayMs,
      maxIdleTime: config.idleRestartMs,
      connectionTimeout: 15_000,
      greetingTimeout: 10_000,
    });
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('error', (error: Error) => this.deps.log.warn({ err: error, mailbox: mailbox.id }, 'imap connection error'));
    client.on('exists', () => this.requestSync());
    this.client = client;
    try {
      await client.connect();
      if (this.stopped) {
        await client.logout();
        return true;
      }
      const opened = await client.mailboxOpen(mailbox.folder);
      this.statusRecord.opened(String(opened.uidValidity));
      this.setState('connected', `connected to ${mailbox.host}:${mailbox.port}, folder ${mailbox.folder}`);
      this.pollTimer = setInterval(() => this.requestSync(), config.pollMs);
      if (config.newMailCheckMs > 0) this.checkTimer = setInterval(() => this.checkForNewMail(client), config.newMailCheckMs);
      this.requestSync();
      await closed;
      if (!this.stopped) this.setState('error', 'connection closed by server; reconnecting');
      return true;
    } catch (error) {
      client.close();
      throw error;
    } finally {
      if (this.pollTimer) clearInterval(this.pollTimer);
      if (this.checkTimer) clearInterval(this.checkTimer);
      this.pollTimer = null;
      this.checkTimer = null;
      await this.syncing?.catch(() => undefined);
      if (this.client === client) this.client = null;
    }
  }

  /**
   * One NOOP while nothing else runs (see EmailConfig.newMailCheckMs): the server answers it with EXISTS for
   * mail that came in, which the 'exists' listener turns into a sync, without its IDLE notice's delay.
   */
  private checkForNewMail(client: ImapFlow): void {
    if (this.checking || this.syncing || !client.usable || this.stopped) return;
    this.checking = true;
    void client
      .noop()
      .catch(() => undefined)
      .finally(() => (this.checking = false));
  }

  private requestSync(): void {
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    this.syncing = (async () => {
      try {
        do {
          this.syncAgain = false;
          await this.sync();
        } while (this.syncAgain && !this.stopped);
      } catch (error) {
        this.reportError(error);
        // A failed sync leaves the session suspect: drop it and let the backoff loop reconnect.
        this.client?.close();
      } finally {
        this.syncing = null;
      }
    })();
  }

  private async sync(): Promise<void> {
    const client = this.client;
    if (!client?.usable || this.stopped) return;
    const { mailbox } = this;
    if (!this.deps.queueExists(mailbox.queueId))
      throw new Error(`queue "${mailbox.queueId}" does not exist: mail is left unread until it does`);
    const mailboxInfo = client.mailbox;
    if (!mailboxInfo) throw new Error('no mailbox selected');
    const uidValidity = String(mailboxInfo.uidValidity);
    const position = await getPosition(this.deps.store, mailbox.id);
    let uids: number[];
    if (position && position.uidValidity === uidValidity) {
      const found = await client.search({ uid: `${position.lastUid + 1}:*` }, { uid: true });
      uids = (found || []).filter((u) => u > position.lastUid);
    } else {
      if (position) {
        this.deps.log.warn(
          { mailbox: mailbox.id, from: position.uidValidity, to: uidValidity },
          'UIDVALIDITY changed: resyncing unread mail (deduplicated by Message-ID)',
        );
      }
      const all = !position && mailbox.initialSync === 'all';
      uids = (await client.search(all ? { all: true } : { seen: false }, { uid: true })) || [];
      // Record the new epoch at once so a crash mid-resync does not resync from scratch again.
      if (uids.length === 0) {
        const max = mailboxInfo.uidNext > 1 ? mailboxInfo.uidNext - 1 : 0;
        await this.deps.store.write((tx) => savePosition(tx, mailbox.id, { uidValidity, lastUid: max }, this.deps.now()));
      }
    }
    uids.sort((a, b) => a - b);
    const batches: number[][] = [];
    for (let i = 0; i < uids.length; i += this.deps.config.batchSize) batches.push(uids.slice(i, i + this.deps.config.batchSize));
    // The next batch is fetched while this one is parsed and committed (IMAP and SQLite overlap).
    let next: Promise<FetchedMail[]> | null = batches[0] ? this.fetchBatch(client, batches[0]) : null;
    try {
      for (let i = 0; i < batches.length && next && !this.stopped; i += 1) {
        const fetched = await next;
        const following = batches[i + 1];
        next = following ? this.fetchBatch(client, following) : null;
        await this.processFetched(client, uidValidity, batches[i] as number[], fetched);
      }
    } finally {
      await next?.catch(() => undefined);
    }
    this.statusRecord.synced(uidValidity, (await getPosition(this.deps.store, mailbox.id))?.lastUid ?? null);
    this.deps.onStatus();
  }

  private async fetchBatch(client: ImapFlow, uids: readonly number[]): Promise<FetchedMail[]> {
    const range = uidRange(uids);
    const limit = this.deps.config.maxAttachmentBytes + BULK_FETCH_SLACK;
    const sizes = await client.fetchAll(range, { uid: true, size: true }, { uid: true });
    const small = sizes.filter((m) => (m.size ?? 0) <= limit).map((m) => m.uid);
    const large = sizes.filter((m) => (m.size ?? 0) > limit);
    const fetched: FetchedMail[] = [];
    if (small.length > 0) {
      for (const m of await client.fetchAll(uidRange(small), { uid: true, source: true }, { uid: true })) {
        if (m.source) fetched.push({ uid: m.uid, source: m.source });
      }
    }
    for (const { uid, size } of large) {
      fetched.push({
        uid,
        size,
        source: async (): Promise<Readable> => {
          const download = await client.download(String(uid), undefined, { uid: true });
          if (!('content' in download) || !download.content) throw new Error(`message UID ${uid} vanished`);
          return download.content;
        },
      });
    }
    return fetched;
  }

  private async processFetched(
    client: ImapFlow,
    uidValidity: string,
    uids: readonly number[],
    fetched: readonly FetchedMail[],
  ): Promise<void> {
    // A UID in the range but not fetched was expunged meanwhile: nothing to store.
    const results = await this.deps.processor.processBatch(this.mailbox, uidValidity, fetched);
    const done: number[] = [];
    let firstFailure: number | undefined;
    for (const uid of uids) {
      const outcome: MailOutcome | Error | undefined = results.get(uid);
      if (outcome instanceof Error) {
        const count = (this.failures.get(uid) ?? 0) + 1;
        this.failures.set(uid, count);
        this.deps.log.warn({ err: outcome, mailbox: this.mailbox.id, uid, count }, 'email ingest failed');
        if (count < MAX_TRANSIENT_FAILURES) {
          firstFailure ??= uid;
          continue;
        }
        await this.deps.processor.reject(this.mailbox, uidValidity, uid, null, `failed ${count} times: ${outcome.message}`);
      }
      this.failures.delete(uid);
      done.push(uid);
    }
    const safe = firstFailure === undefined ? uids : uids.filter((u) => u < firstFailure);
    const last = safe.at(-1);
    if (last !== undefined)
      await this.deps.store.write((tx) => savePosition(tx, this.mailbox.id, { uidValidity, lastUid: last }, this.deps.now()));
    if (done.length > 0) await client.messageFlagsAdd(uidRange(done), ['\\Seen'], { uid: true });
    if (firstFailure !== undefined) throw new Error(`message UID ${firstFailure} could not be stored; will retry`);
  }

  private reportError(error: unknown): void {
    const err = error as Error & { authenticationFailed?: boolean; code?: string; responseText?: string };
    if (err.authenticationFailed) {
      this.setState(
        'auth_failed',
        `authentication failed for ${this.mailbox.user}@${this.mailbox.host}${err.responseText ? `: ${err.responseText}` : ''}`,
      );
    } else {
      this.setState('error', `${err.code ? `${err.code}: ` : ''}${err.message}`);
    }
    this.deps.log.warn({ err, mailbox: this.mailbox.id }, 'imap mailbox problem');
  }

  private setState(state: MailboxStatus['state'], detail: string): void {
    this.statusRecord.enter(state, detail);
    this.deps.onStatus();
  }
}

/** Sorted UIDs as an IMAP set: [1,2,3,7,9,10] -> "1:3,7,9:10" (keeps commands short for big batches). */
export function uidRange(uids: readonly number[]): string {
  const sorted = [...uids].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  let prev = start;
  for (const uid of sorted.slice(1).concat([Number.NaN])) {
    if (prev !== undefined && uid === prev + 1) {
      prev = uid;
      continue;
    }
    if (start !== undefined && prev !== undefined) parts.push(start === prev ? String(start) : `${start}:${prev}`);
    start = uid;
    prev = uid;
  }
  return parts.join(',');
}
