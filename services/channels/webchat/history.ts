import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { CountryCode } from 'libphonenumber-js';
import type { HistoryItem, HistoryMessage, VisitorCommandOutput } from '../../contracts';
import { InvalidIdentityError, normaliseIdentity } from '../../identity/normalise';
import type { ContactCenter } from '../../hub/contactCenter';
import { KeyedRateLimiter } from '../../hub/rateLimit';
import { findCustomerByIdentity, getCustomerSummary } from '../../store/repos/customers';
import type { Store } from '../../store/store';
import type { WebchatConfig } from './config';
import { VisitorFault } from './fault';
import type { SmsSender } from '../telephony/service';
import type { Mailer } from './mailer';
import {
  addCodeTry,
  chatLines,
  countCodesSince,
  historyRows,
  historySession,
  identitiesOf,
  insertCode,
  insertHistorySession,
  latestCode,
  ownConversation,
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
  // Spreading guesses over many addresses from one place is limited here; per address in the code row.
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
      if (error instanceof InvalidIdentityError) throw new VisitorFault('invalid_input', kind === 'email' ? 'not an email address' : 'not a phone number');
      throw error;
    }
  }

  async requestCode(kind: ProofKind, rawValue: string, ip: string): Promise<VisitorCommandOutput<'history/requestCode'>> {
    const { store, config, now } = this.deps;
    const value = this.normalise(kind, rawValue);
    const sms = kind === 'phone' ? this.deps.sms() : undefined;
    if (kind === 'email' && !this.deps.mailer) throw new VisitorFault('unavailable', 'codes by email are not set up on this service');
    if (kind === 'phone' && !sms) throw new VisitorFault('unavailable', 'codes by text message are not set up on this service; use your email address');
    const at = now();
    if ((await countCodesSince(store, kind, value, at - 3600_000)) >= config.codes.perIdentityPerHour) {
      throw new VisitorFault('rate_limited', 'too many codes were requested for this address; try again in an hour');
    }
    if (!this.ipCodeLimiter.take(ip, at)) throw new VisitorFault('rate_limited', 'too many codes requested from your network; try again later');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = at + config.codes.ttlSeconds * 1000;
    await store.write((tx) => insertCode(tx, kind, value, hashCode(randomBytes(12).toString('base64url'), code), at, expiresAt));
    const minutes = Math.round(config.codes.ttlSeconds / 60);
    const text = `Your verification code is ${code}. It expires in ${minutes} minute${minutes === 1 ? '' : 's'}. If you did not ask for it, ignore this message.`;
    // The same answer whether or not we know this address: the code itself is the only proof.
    if (kind === 'email') await this.deps.mailer?.send({ to: value, subject: 'Your verification code', text });
    else await sms?.sendSms(value, text);
    return { sentTo: value, expiresAt };
  }

  async verify(kind: ProofKind, rawValue: string, code: string, ip: string): Promise<VisitorCommandOutput<'history/verify'>> {
    const { store, config, now } = this.deps;
    const value = this.normalise(kind, rawValue);
    const at = now();
    if (!this.ipVerifyLimiter.take(ip, at)) throw new VisitorFault('rate_limited', 'too many attempts from your network; try again later');
    const row = await latestCode(store, kind, value);
    if (!row || row.usedAt !== null) throw new VisitorFault('code_expired', 'no code is pending for this address; request a new one');
    if (row.expiresAt <= at) throw new VisitorFault('code_expired', 'this code has expired; request a new one');
    if (row.tries >= config.codes.maxTries) throw new VisitorFault('too_many_tries', 'too many wrong codes; request a new one');
    if (!codeMatches(row.codeHash, code)) {
      const tries = await store.write((tx) => addCodeTry(tx, row.id));
      const left = config.codes.maxTries - tries;
      if (left <= 0) throw new VisitorFault('too_many_tries', 'too many wrong codes; request a new one');
      throw new VisitorFault('code_wrong', `wrong code; ${left} ${left === 1 ? 'try' : 'tries'} left`);
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = at + config.historySessionMinutes * 60_000;
    const customerId = (await findCustomerByIdentity(store, kind, value)) ?? null;
    const used = await store.write(async (tx) => {
      if (!(await useCode(tx, row.id, at))) return false;
      await insertHistorySession(tx, sha256(token), { customerId, kind, value, expiresAt }, at);
      return true;
    });
    if (!used) throw new VisitorFault('code_expired', 'this code was already used; request a new one');
    const customer = customerId === null ? undefined : await getCustomerSummary(store, customerId);
    return { historyToken: token, expiresAt, displayName: customer?.displayName ?? value };
  }

  /** The proven identity behind a history token, or an `unauthenticated` fault. */
  async session(token: string): Promise<HistorySession> {
    const s = await historySession(this.deps.store, sha256(token), this.deps.now());
    if (!s) throw new VisitorFault('unauthenticated', 'your history session has expired; verify again');
    return s;
  }

  async list(token: string): Promise<VisitorCommandOutput<'history/list'>> {
    const s = await this.session(token);
    if (s.customerId === null) return { displayName: s.value, items: [] };
    const customer = await getCustomerSummary(this.deps.store, s.customerId);
    const rows = await historyRows(this.deps.store, s.customerId);
    return { displayName: customer?.displayName ?? s.value, items: rows.map(toItem) };
  }

  async get(token: string, conversationId: number): Promise<VisitorCommandOutput<'history/get'>> {
    const row = await this.own(token, conversationId);
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
    const s = await this.session(token);
    const row = await this.own(token, conversationId);
    if (row.channel !== 'email' && row.channel !== 'sms') {
      throw new VisitorFault('forbidden', 'only email and text-message threads can be continued here');
    }
    const trimmed = text.trim();
    if (!trimmed) throw new VisitorFault('invalid_input', 'the message is empty');
    if (trimmed.length > this.deps.config.maxMessageChars) throw new VisitorFault('too_large', `messages are limited to ${this.deps.config.maxMessageChars} characters`);
    // File the reply under an identity of the same customer on that channel, so it threads and resolves.
    const wanted = row.channel === 'email' ? 'email' : 'phone';
    const own = s.customerId === null ? [] : await identitiesOf(this.deps.store, s.customerId, wanted);
    const fromValue = s.kind === wanted ? s.value : (own[0] ?? s.value);
    const fromKind = s.kind === wanted || own.length === 0 ? s.kind : wanted;
    const conversation = await this.deps.center.requireConversation(conversationId);
    const result = await this.deps.center.ingest({
      channel: row.channel,
      providerId: `webchat-history:${s.customerId ?? 0}:${clientId}`,
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

  private async own(token: string, conversationId: number): Promise<HistoryRow> {
    const s = await this.session(token);
    // Someone else's conversation and a missing one answer the same: nothing reveals that it exists.
    const row = s.customerId === null ? undefined : await ownConversation(this.deps.store, s.customerId, conversationId);
    if (!row) throw new VisitorFault('not_found', 'no such conversation in your history');
    return row;
  }
}

function toItem(r: HistoryRow): HistoryItem {
  const status: HistoryItem['status'] =
    r.state === 'queued' || r.state === 'offered' ? 'waiting' : r.state === 'active' || r.state === 'wrap_up' ? 'in_progress' : r.state;
  const firstLine = (r.firstText ?? '').split(/\r?\n/).find((l) => l.trim().length > 0)?.trim().slice(0, 160) ?? '';
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
