import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { CountryCode } from 'libphonenumber-js';
import type { CustomerLanguage, HistoryItem, HistoryMessage, VisitorCommandOutput } from '../../contracts';
import { InvalidIdentityError, normaliseIdentity } from '../../identity/normalise';
import type { ContactCenter } from '../../hub/contactCenter';
import { KeyedRateLimiter } from '../../hub/rateLimit';
import { phrase } from '../../phrases';
import { getCustomerSummary } from '../../store/repos/customers';
import type { Store } from '../../store/store';
import type { WebchatConfig } from './config';
import { VisitorFault } from './fault';
import type { SmsSender } from '../telephony/service';
import type { Mailer } from './mailer';
import {
  chatLines,
  customerOfIdentity,
  historyRows,
  historySession,
  identitiesOf,
  insertCodeWithin,
  insertHistorySession,
  ownConversation,
  takeCodeTry,
  useCode,
  type HistoryRow,
  type HistorySession,
} from './repo';

type ProofKind = 'email' | 'phone';

export type HistoryDeps = Readonly<{
  store: Store;
  center: ContactCenter;
  config: WebchatConfig;
  defaultRegion: string;
  now: () => number;
  mailer: Mailer | null;
  sms: () => SmsSender | undefined;
}>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

function hashCode(salt: string, code: string): string {
  return `${salt}$${sha256(`${salt}:${code}`)}`;
}

function codeMatches(stored: string, code: string): boolean {
  const [salt] = stored.split('$');
  const a = Buffer.from(hashCode(salt ?? '', code));
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * "My history": a customer proves an email address or phone number with a one-time code, then reads their
 * own conversations on every channel and may continue an email or SMS thread. Every read is scoped to the
 * customer the proven identity belongs to (and records merged into it) — nothing else is reachable.
 */
export class CustomerHistory {
  // Spreading guesses over many identities from one place is limited here (keyed by clientKey: an IPv6 /64
  // counts as one address); per identity in the code row.
  private readonly ipCodeLimiter: KeyedRateLimiter;
  private readonly ipVerifyLimiter: KeyedRateLimiter;

  constructor(private readonly deps: HistoryDeps) {
    const perHour = deps.config.codes.perIpPerHour;
    this.ipCodeLimiter = new KeyedRateLimiter(perHour / 3600, perHour);
    this.ipVerifyLimiter = new KeyedRateLimiter((perHour * deps.config.codes.maxTries) / 3600, perHour * deps.config.codes.maxTries);
  }

  private normalise(kind: ProofKind, value: string): string {
    try {
      return normaliseIdentity(kind, value, this.deps.defaultRegion as CountryCode);
    } catch (error) {
      if (error instanceof InvalidIdentityError)
        throw new VisitorFault('invalid_input', kind === 'email' ? 'not an email address' : 'not a phone number');
      throw error;
    }
  }

  async requestCode(
    kind: ProofKind,
    rawValue: string,
    clientKey: string,
    language: CustomerLanguage = 'en',
  ): Promise<VisitorCommandOutput<'history/requestCode'>> {
    const { store, config, now } = this.deps;
    const value = this.normalise(kind, rawValue);
    const sms = kind === 'phone' ? this.deps.sms() : undefined;
    if (kind === 'email' && !this.deps.mailer) throw new VisitorFault('unavailable', 'codes by email are not set up on this service');
    if (kind === 'phone' && !sms)
      throw new VisitorFault('unavailable', 'codes by text message are not set up on this service; use your email address');
    const at = now();
    if (!this.ipCodeLimiter.take(clientKey, at))
      throw new VisitorFault('rate_limited', 'too many codes requested from your network; try again later');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = at + config.codes.ttlSeconds * 1000;
    const codeHash = hashCode(randomBytes(12).toString('base64url'), code);
    const max = config.codes.perIdentityPerHour;
    const issued = await store.write((tx) => insertCodeWithin(tx, { kind, value, codeHash, at, expiresAt, since: at - 3600_000, max }));
    if (!issued) throw new VisitorFault('rate_limited', 'too many codes were requested for this address; try again in an hour');
    const minutes = Math.round(config.codes.ttlSeconds / 60);
    // In the language the visitor reads the widget in (they have no queue yet to take one from).
    const text = phrase(language, 'chat.codeText', { code, count: minutes });
    // The same answer whether or not we know this address: the code itself is the only proof.
    if (kind === 'email') await this.deps.mailer?.send({ to: value, subject: phrase(language, 'chat.codeSubject'), text });
    else await sms?.sendSms(value, text);
    return { sentTo: value, expiresAt };
  }

  async verify(kind: ProofKind, rawValue: string, code: string, clientKey: string): Promise<VisitorCommandOutput<'history/verify'>> {
    const { store, config, now } = this.deps;
    const value = this.normalise(kind, rawValue);
    const at = now();
    if (!this.ipVerifyLimiter.take(clientKey, at))
      throw new VisitorFault('rate_limited', 'too many attempts from your network; try again later');
    // The try is counted before the code is compared, in one conditional UPDATE: parallel guesses cannot all
    // read the same count (the right code among 40 at once must not get past a limit of 5).
    const taken = await store.write((tx) => takeCodeTry(tx, kind, value, at, config.codes.maxTries));
    if (taken === 'none') throw new VisitorFault('code_expired', 'no code is pending for this address; request a new one');
    if (taken === 'expired') throw new VisitorFault('code_expired', 'this code has expired; request a new one');
    if (taken === 'too_many_tries') throw new VisitorFault('too_many_tries', 'too many wrong codes; request a new one');
    if (!codeMatches(taken.codeHash, code)) {
      const left = config.codes.maxTries - taken.tries;
      if (left <= 0) throw new VisitorFault('too_many_tries', 'too many wrong codes; request a new one');
      throw new VisitorFault('code_wrong', `wrong code; ${left} ${left === 1 ? 'try' : 'tries'} left`);
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = at + config.historySessionMinutes * 60_000;
    const used = await store.write(async (tx) => {
      if (!(await useCode(tx, taken.id, at))) return false;
      await insertHistorySession(tx, sha256(token), { kind, value, expiresAt }, at);
      return true;
    });
    if (!used) throw new VisitorFault('code_expired', 'this code was already used; request a new one');
    const customerId = await customerOfIdentity(store, kind, value);
    const customer = customerId === undefined ? undefined : await getCustomerSummary(store, customerId);
    return { historyToken: token, expiresAt, displayName: customer?.displayName ?? value };
  }

  /** The proven identity behind a history token, or an `unauthenticated` fault. */
  async session(token: string): Promise<HistorySession> {
    const s = await historySession(this.deps.store, sha256(token), this.deps.now());
    if (!s) throw new VisitorFault('unauthenticated', 'your history session has expired; verify again');
    return s;
  }

  /**
   * The session's identity and the customer it belongs to *now*: a chat started after verifying creates the
   * customer, and a merge or unmerge moves the identity; a snapshot taken at verification would miss both.
   */
  private async proven(token: string): Promise<HistorySession & { customerId: number | null }> {
    const s = await this.session(token);
    return { ...s, customerId: (await customerOfIdentity(this.deps.store, s.kind, s.value)) ?? null };
  }

  async list(token: string): Promise<VisitorCommandOutput<'history/list'>> {
    const s = await this.proven(token);
    if (s.customerId === null) return { displayName: s.value, items: [] };
    const customer = await getCustomerSummary(this.deps.store, s.customerId);
    const rows = await historyRows(this.deps.store, s.customerId);
    return { displayName: customer?.displayName ?? s.value, items: rows.map(toItem) };
  }

  async get(token: string, conversationId: number): Promise<VisitorCommandOutput<'history/get'>> {
    const row = await this.own(await this.proven(token), conversationId);
    const lines = await chatLines(this.deps.store, conversationId);
    const messages: HistoryMessage[] = lines.map((l) => ({
      id: l.id,
      from: l.direction === 'in' ? 'customer' : 'agent',
      agentName: l.direction === 'out' ? l.authorName : null,
      text: l.bodyText,
      createdAt: l.createdAt,
    }));
    return { item: toItem(row), messages };
  }

  async reply(token: string, conversationId: number, clientId: string, text: string): Promise<VisitorCommandOutput<'history/reply'>> {
    const s = await this.proven(token);
    const row = await this.own(s, conversationId);
    if (row.channel !== 'email' && row.channel !== 'sms') {
      throw new VisitorFault('forbidden', 'only email and text-message threads can be continued here');
    }
    const trimmed = text.trim();
    if (!trimmed) throw new VisitorFault('invalid_input', 'the message is empty');
    if (trimmed.length > this.deps.config.maxMessageChars)
      throw new VisitorFault('too_large', `messages are limited to ${this.deps.config.maxMessageChars} characters`);
    // File the reply under an identity of the same customer on that channel, so it threads and resolves.
    const wanted = row.channel === 'email' ? 'email' : 'phone';
    const own = s.customerId === null ? [] : await identitiesOf(this.deps.store, s.customerId, wanted);
    const fromValue = s.kind === wanted ? s.value : (own[0] ?? s.value);
    const fromKind = s.kind === wanted || own.length === 0 ? s.kind : wanted;
    const conversation = await this.deps.center.requireConversation(conversationId);
    const result = await this.deps.center.ingest({
      channel: row.channel,
      // Keyed by the proven identity, not the customer id, which a merge between a send and its resend changes.
      providerId: `webchat-history:${s.kind}:${s.value}:${clientId}`,
      from: { kind: fromKind, value: fromValue },
      queueId: conversation.queueId,
      conversationId,
      threadKey: conversation.threadKey ?? undefined,
      subject: conversation.subject,
      bodyText: trimmed,
      meta: { via: 'webchat-history', provenBy: s.kind },
    });
    return { messageId: result.message.id, duplicate: result.outcome === 'duplicate' };
  }

  private async own(s: Readonly<{ customerId: number | null }>, conversationId: number): Promise<HistoryRow> {
    // Someone else's conversation and a missing one answer the same: nothing reveals that it exists.
    const row = s.customerId === null ? undefined : await ownConversation(this.deps.store, s.customerId, conversationId);
    if (!row) throw new VisitorFault('not_found', 'no such conversation in your history');
    return row;
  }
}

function toItem(r: HistoryRow): HistoryItem {
  const status: HistoryItem['status'] =
    r.state === 'queued' || r.state === 'offered' ? 'waiting' : r.state === 'active' || r.state === 'wrap_up' ? 'in_progress' : r.state;
  const firstLine =
    (r.firstText ?? '')
      .split(/\r?\n/)
      .find((l) => l.trim().length > 0)
      ?.trim()
      .slice(0, 160) ?? '';
  return {
    conversationId: r.id,
    channel: r.channel,
    startedAt: r.createdAt,
    lastActivityAt: r.lastAt ?? r.createdAt,
    subject: r.subject,
    firstLine,
    status,
    open: status === 'waiting' || status === 'in_progress',
    handledBy: r.agentName,
    canReply: r.channel === 'email' || r.channel === 'sms',
  };
}
