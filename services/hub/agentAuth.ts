import type { Role, SessionEndReason } from '../contracts';
import type { StoredAgent } from '../store/repos/agents';
import { deleteSession, deleteSessionsOf, findSession } from '../store/repos/sessions';
import type { Store } from '../store/store';
import { hashToken, PasswordChecks } from './auth';
import type { HubConfig } from './config';
import type { ContactCenter } from './contactCenter';
import { KeyedRateLimiter } from './rateLimit';

/** What a connected socket was admitted with; checked again on every command and every sweep. */
export type LiveSession = {
  readonly agentId: number;
  readonly tokenHash: string;
  readonly expiresAt: number;
  /** The role at the handshake: the socket joined role rooms with it, so any change ends the session. */
  readonly role: Role;
};

/** One admitted socket, as the registry sees it. */
export type LiveSocket = Readonly<{
  session: LiveSession;
  /** Tells the desk why, then disconnects. Idempotent. */
  end(reason: SessionEndReason, message: string): void;
}>;

const messages: Readonly<Record<SessionEndReason, string>> = {
  signed_out: 'You signed out in another window.',
  forced: 'Signed out by a supervisor.',
  role_changed: 'Your role was changed; sign in again.',
  disabled: 'Your account was disabled by an administrator.',
  password_changed: 'Your password was changed; sign in with the new one.',
  expired: 'Your session expired; sign in again.',
};

export function sessionEndMessage(reason: SessionEndReason): string {
  return messages[reason];
}

// Tokens ended recently, remembered (bounded) so a desk that reconnects with one is told why, not just "invalid".
const MAX_REMEMBERED_ENDINGS = 10_000;
const SWEEP_MS = 250;

/**
 * Sessions of agents, in memory and in the store. A socket is admitted once at the handshake, but nothing
 * it was admitted with is trusted later: every command re-checks the session and the agent's current
 * role (in memory), and a sweep every 250 ms ends sockets whose session expired, whose agent was disabled
 * or whose role changed — whichever code path made the change. Ending a session deletes it from the
 * store first (so it cannot be used to reconnect), then tells the sockets and disconnects them.
 */
export class AgentAuth {
  readonly passwords: PasswordChecks;
  /** Wrong current passwords on session/changePassword, per agent: a borrowed desk must not guess freely. */
  readonly changeFailures: KeyedRateLimiter;
  private readonly live = new Set<LiveSocket>();
  private readonly ended = new Map<string, SessionEndReason>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(private readonly deps: Readonly<{ store: Store; center: ContactCenter; config: HubConfig; now: () => number }>) {
    const { login } = deps.config;
    this.passwords = new PasswordChecks({ maxConcurrent: login.maxConcurrentChecks, maxWaiting: login.maxWaitingChecks });
    this.changeFailures = new KeyedRateLimiter(login.failures.perMinute / 60, login.failures.burst);
  }

  start(): void {
    this.sweeper ??= setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  /**
   * A bearer token from an HTTP request or a handshake: the agent if the session is live and the agent enabled.
   * A temporary password (reset by an administrator, or the generated first one) opens only the socket, where
   * the one thing allowed is choosing a new password: HTTP routes are refused until then.
   */
  async authenticate(
    token: string,
    options: Readonly<{ allowTemporaryPassword?: boolean }> = {},
  ): Promise<{ agent: StoredAgent; session: LiveSession } | { refused: string }> {
    if (token.length < 10 || token.length > 200) return { refused: 'missing or malformed token' };
    const tokenHash = hashToken(token);
    const found = await findSession(this.deps.store, tokenHash, this.deps.now());
    if (!found) {
      const reason = this.ended.get(tokenHash);
      return { refused: reason ? sessionEndMessage(reason) : 'invalid or expired token' };
    }
    // Team mode: an agent created on the router hub after this hub loaded its directory is read from the store.
    const agent = this.deps.center.agent(found.agentId) ?? (await this.deps.center.refreshAgent(found.agentId));
    if (!agent) return { refused: 'invalid or expired token' };
    if (agent.disabledAt !== null) return { refused: sessionEndMessage('disabled') };
    if (agent.mustChangePassword && !options.allowTemporaryPassword) return { refused: 'choose a new password first' };
    return { agent, session: { agentId: agent.id, tokenHash, expiresAt: found.expiresAt, role: agent.role } };
  }

  /** Why this session may no longer act, or null while it may. Cheap: memory only. */
  whyEnded(session: LiveSession): SessionEndReason | null {
    if (this.ended.has(session.tokenHash)) return this.ended.get(session.tokenHash) ?? null;
    const agent = this.deps.center.agent(session.agentId);
    if (!agent || agent.disabledAt !== null) return 'disabled';
    if (agent.role !== session.role) return 'role_changed';
    if (this.deps.now() >= session.expiresAt) return 'expired';
    return null;
  }

  /**
   * Admits a socket that passed the handshake. The session is looked up once more after the socket is
   * in the registry: a sign-out or demotion that committed between the handshake's read and now would
   * otherwise miss this socket (its cut ran before the socket was listed).
   */
  async admit(socket: LiveSocket): Promise<void> {
    this.live.add(socket);
    const still = await findSession(this.deps.store, socket.session.tokenHash, this.deps.now());
    const reason = still ? this.whyEnded(socket.session) : (this.ended.get(socket.session.tokenHash) ?? 'expired');
    if (reason !== null && this.live.delete(socket)) socket.end(reason, sessionEndMessage(reason));
  }

  remove(socket: LiveSocket): void {
    this.live.delete(socket);
  }

  /** Ends every session of an agent (or all but `keepTokenHash`) and cuts their sockets. */
  async endAgent(agentId: number, reason: SessionEndReason, keepTokenHash?: string, message = sessionEndMessage(reason)): Promise<void> {
    const ended = await this.deps.store.write((tx) => deleteSessionsOf(tx, agentId, keepTokenHash));
    for (const tokenHash of ended) this.remember(tokenHash, reason);
    this.cut((s) => s.agentId === agentId && s.tokenHash !== keepTokenHash, reason, message);
  }

  /**
   * Ends one session (sign-out) and cuts every socket that uses it (other windows of the same desk).
   * Returns whose session it was (for the audit log), or null for a token that was not live.
   */
  async endToken(token: string, reason: SessionEndReason): Promise<number | null> {
    const tokenHash = hashToken(token);
    const found = await findSession(this.deps.store, tokenHash, this.deps.now());
    await this.deps.store.write((tx) => deleteSession(tx, tokenHash));
    this.remember(tokenHash, reason);
    this.cut((s) => s.tokenHash === tokenHash, reason, sessionEndMessage(reason));
    return found?.agentId ?? null;
  }

  private cut(match: (s: LiveSession) => boolean, reason: SessionEndReason, message: string): void {
    for (const socket of [...this.live]) {
      if (!match(socket.session)) continue;
      this.remember(socket.session.tokenHash, reason);
      this.live.delete(socket);
      socket.end(reason, message);
    }
  }

  private remember(tokenHash: string, reason: SessionEndReason): void {
    if (this.ended.size >= MAX_REMEMBERED_ENDINGS) {
      const oldest = this.ended.keys().next().value;
      if (oldest !== undefined) this.ended.delete(oldest);
    }
    this.ended.set(tokenHash, reason);
  }

  /** Expiry, disabling and role changes reach connected sockets even when no command arrives. */
  private sweep(): void {
    for (const socket of [...this.live]) {
      const reason = this.whyEnded(socket.session);
      if (reason === null) continue;
      this.live.delete(socket);
      socket.end(reason, sessionEndMessage(reason));
    }
  }
}

/** The token of an `Authorization: Bearer …` header, or '' (which authenticate() refuses). */
export function bearerToken(header: string | undefined): string {
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
}
