import { randomBytes, createHash } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import {
  HubError,
  hoursStatus,
  VisitorEnvelope,
  visitorCommands,
  type Conversation,
  type ConversationState,
  type CustomerLanguage,
  type Message,
  type QueueInfo,
  type SessionView,
  type VisitorMessage,
  type VisitorError,
  type VisitorReply,
  type VisitorServerToClient,
} from '../../contracts';
import type { ContactCenter } from '../../hub/contactCenter';
import type { Client, ClientNamespace, ClientNamespaces } from '../../hub/clientNamespace';
import { commandDispatcher, type Handlers } from '../../hub/dispatch';
import { agentRoom, type Pusher } from '../../hub/push';
import { KeyedRateLimiter } from '../../hub/rateLimit';
import { findMessageByProviderId } from '../../store/repos/messages';
import { getConversation } from '../../store/repos/conversations';
import type { EventRow } from '../../store/repos/events';
import type { Store } from '../../store/store';
import { lineOf, toVisitorMessage } from './chatView';
import type { WebchatConfig } from './config';
import { clientAddress, clientKey, TrustedProxies } from '../../hub/clientKey';
import { VisitorFault } from './fault';
import { QueuePace } from './pace';
import { suggestPrechatMatch, type PrechatClaim } from './prechatMatch';
import {
  chatLines,
  markVisitorEnded,
  messageIdsToMark,
  setVisitorConversation,
  touchVisitor,
  visitorByConversation,
  visitorById,
  visitorByToken,
  visitorsWithOpenChats,
  type Visitor,
} from './repo';

/** ip: the visitor's address (stored with the visitor); key: what per-address limits count (an IPv6 /64). */
type VisitorData = { ip: string; key: string; visitorId: number | null };
/** One connection of a widget visitor. */
export type VisitorSocket = Client<VisitorData>;

/** A chat of a widget visitor that is still open, followed in memory for pushes (position, agent joined). */
type LiveChat = {
  visitorId: number;
  queueId: string;
  state: ConversationState;
  agentId: number | null;
  endedByVisitor: boolean;
  lastPushed: string;
};

export type GatewayDeps = Readonly<{
  store: Store;
  center: ContactCenter;
  config: WebchatConfig;
  log: FastifyBaseLogger;
  now: () => number;
  namespaces: ClientNamespaces;
  push: Pusher;
}>;

export const visitorRoom = (visitorId: number): string => `visitor:${visitorId}`;
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64url');

const MESSAGE_COMMANDS = new Set([
  'message/send',
  'file/upload',
  'offline/submit',
  'history/reply',
  'history/requestCode',
  'transcript/email',
]);

/**
 * The `/visitor` namespace: connection limits, typed command dispatch, rooms per visitor, and the live
 * pushes (agent messages, typing, read receipts, queue position). Chat operations live in visitorCommands.
 */
export class VisitorGateway {
  private nsp: ClientNamespace<VisitorServerToClient> | null = null;
  readonly pace: QueuePace;
  private readonly live = new Map<number, LiveChat>();
  private readonly connectionsByIp = new Map<string, number>();
  private readonly abandonTimers = new Map<number, NodeJS.Timeout>();
  private readonly locks = new Map<number, Promise<unknown>>();
  private readonly ipLimiter: KeyedRateLimiter;
  private readonly visitorLimiter: KeyedRateLimiter;
  private readonly typingLimiter = new KeyedRateLimiter(4, 8);
  private readonly startLimiter: KeyedRateLimiter;
  private readonly trustedProxies: TrustedProxies;
  private readonly unsubscribe: Array<() => void> = [];
  private refreshTimer: NodeJS.Timeout | null = null;
  /** Stopped (hub stopping, or set up again with new settings): its sockets' late disconnects start no timers. */
  private stopped = false;
  private beat: NodeJS.Timeout | null = null;
  private handlers: Handlers<typeof visitorCommands, VisitorSocket> = {};

  constructor(private readonly deps: GatewayDeps) {
    this.pace = new QueuePace(deps.config.defaultSecondsPerPosition);
    this.ipLimiter = new KeyedRateLimiter(deps.config.ipRate.perSecond, deps.config.ipRate.burst);
    this.visitorLimiter = new KeyedRateLimiter(deps.config.visitorRate.perSecond, deps.config.visitorRate.burst);
    this.startLimiter = new KeyedRateLimiter(deps.config.startRate.perSecond, deps.config.startRate.burst);
    this.trustedProxies = new TrustedProxies(deps.config.trustedProxies);
  }

  setHandlers(handlers: Handlers<typeof visitorCommands, VisitorSocket>): void {
    this.handlers = handlers;
  }

  attach(): void {
    const { config, log } = this.deps;
    const dispatch = this.dispatcher();
    this.nsp = this.deps.namespaces.open<VisitorServerToClient, VisitorData>({
      name: '/visitor',
      admit: (handshake) => {
        if (!originAllowed(config.allowedOrigins, handshake.headers))
          return { refused: 'origin_not_allowed: this website may not embed the chat (not in the allowed origins)' };
        const ip = clientAddress(handshake.address, handshake.headers['x-forwarded-for'], this.trustedProxies);
        const key = clientKey(ip);
        const count = this.connectionsByIp.get(key) ?? 0;
        if (count >= config.maxConnectionsPerIp)
          return { refused: `too_many_connections: at most ${config.maxConnectionsPerIp} open chats per address` };
        this.connectionsByIp.set(key, count + 1);
        return { ip, key, visitorId: null };
      },
      command: dispatch,
      disconnected: (socket) => {
        const key = socket.data.key;
        const left = (this.connectionsByIp.get(key) ?? 1) - 1;
        if (left <= 0) this.connectionsByIp.delete(key);
        else this.connectionsByIp.set(key, left);
        const visitorId = socket.data.visitorId;
        if (visitorId !== null && this.socketsOf(visitorId) === 0) this.scheduleAbandon(visitorId);
      },
    });
    log.info('webchat: visitor namespace /visitor ready');
  }

  /** Open connections on /visitor (for the channel status). */
  connections(): number {
    return this.nsp?.connections() ?? 0;
  }

  async start(): Promise<void> {
    const { center, store, config } = this.deps;
    for (const v of await visitorsWithOpenChats(store)) {
      this.live.set(v.conversationId ?? 0, {
        visitorId: v.id,
        queueId: v.queueId,
        state: v.state,
        agentId: v.assignedAgentId,
        endedByVisitor: v.endedAt !== null,
        lastPushed: '',
      });
      // Nobody is connected right after a start: a visitor who does not come back has left.
      this.scheduleAbandon(v.id);
    }
    this.unsubscribe.push(center.onConversationUpdated((c) => this.conversationChanged(c)));
    this.unsubscribe.push(center.onMessage((c, m) => this.messageStored(c, m)));
    // Team mode: the router's hub accepts this hub's visitor's chat, the agent's hub closes it; their
    // committed events reach this hub through the event feed.
    this.unsubscribe.push(store.onEventsElsewhere((events) => this.changedElsewhere(events)));
    this.beat = setInterval(() => this.refreshPositions(), config.positionRefreshMs);
    this.beat.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const off of this.unsubscribe.splice(0)) off();
    for (const timer of this.abandonTimers.values()) clearTimeout(timer);
    this.abandonTimers.clear();
    if (this.beat) clearInterval(this.beat);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.nsp?.disconnectAll();
    await Promise.allSettled([...this.locks.values()]);
  }

  // ---- dispatch ------------------------------------------------------------------------------------

  /** The shared command dispatcher with the visitor's limits as admission and the widget's error codes. */
  private dispatcher(): (envelope: unknown, socket: VisitorSocket) => Promise<VisitorReply<unknown>> {
    const fault = (code: VisitorFault['code'], message: string): VisitorError => new VisitorFault(code, message).toShape();
    return commandDispatcher<typeof visitorCommands, VisitorSocket, VisitorError>({
      commands: visitorCommands,
      handlers: this.handlers,
      envelope: VisitorEnvelope,
      admit: (name, socket) => {
        const now = this.deps.now();
        if (!this.ipLimiter.take(socket.data.key, now)) return fault('rate_limited', 'too many requests from your network; slow down');
        if (MESSAGE_COMMANDS.has(name)) {
          // A socket without a chat counts under its address: fresh sockets must not each bring a fresh budget.
          const key = socket.data.visitorId !== null ? `v:${socket.data.visitorId}` : `a:${socket.data.key}`;
          if (!this.visitorLimiter.take(key, now)) return fault('rate_limited', 'you are sending too fast; wait a moment');
        }
        // Every new chat is a new visitor with its own budgets: how many an address may open is limited here.
        if (name === 'chat/start' && !this.startLimiter.take(socket.data.key, now)) {
          return fault('rate_limited', 'too many chats were started from your network; try again in a few minutes');
        }
        return null;
      },
      refuse: {
        envelope: () => fault('invalid_input', 'a command is {name, input}'),
        unknown: (name) => fault('unknown_command', `unknown command "${name}"`),
        input: (_name, error) => {
          const issue = error.issues[0];
          const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
          return fault(issue?.code === 'too_big' ? 'too_large' : 'invalid_input', `${where}${issue?.message ?? 'invalid input'}`);
        },
        unserved: (name) => fault('unknown_command', `"${name}" is not served here`),
      },
      known: (error) => {
        if (error instanceof VisitorFault) return error.toShape();
        if (error instanceof HubError) return { code: error.code === 'not_found' ? 'not_found' : 'conflict', message: error.message };
        return undefined;
      },
      internal: { code: 'internal', message: 'something went wrong on our side; please try again' },
      log: (error) => this.deps.log.error({ err: error }, 'webchat: visitor command failed'),
    });
  }

  // ---- visitor sessions ------------------------------------------------------------------------------

  newToken(): { token: string; tokenHash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, tokenHash: sha256(token) };
  }

  async visitorForToken(token: string): Promise<Visitor> {
    const visitor = await visitorByToken(this.deps.store, sha256(token));
    if (!visitor || this.deps.now() - visitor.lastSeenAt > this.deps.config.resumeHours * 3600_000) {
      throw new VisitorFault('unauthenticated', 'unknown or expired visitor token; start a new chat');
    }
    return visitor;
  }

  async visitorForId(id: number): Promise<Visitor> {
    const visitor = await visitorById(this.deps.store, id);
    if (!visitor) throw new VisitorFault('unauthenticated', 'this chat session no longer exists; start a new chat');
    return visitor;
  }

  async requireVisitor(socket: VisitorSocket): Promise<Visitor> {
    const id = socket.data.visitorId;
    const visitor = id === null ? undefined : await visitorById(this.deps.store, id);
    if (!visitor) throw new VisitorFault('unauthenticated', 'start a chat (or resume one) first');
    return visitor;
  }

  async bind(socket: VisitorSocket, visitor: Visitor): Promise<void> {
    const previous = socket.data.visitorId;
    if (previous !== null && previous !== visitor.id) await socket.leave(visitorRoom(previous));
    socket.data.visitorId = visitor.id;
    await socket.join(visitorRoom(visitor.id));
    const timer = this.abandonTimers.get(visitor.id);
    if (timer) clearTimeout(timer);
    this.abandonTimers.delete(visitor.id);
    await this.deps.store.write((tx) => touchVisitor(tx, visitor.id, this.deps.now()));
  }

  /** One operation at a time per visitor, so two first messages cannot open two chats. */
  async exclusive<T>(visitorId: number, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(visitorId);
    const next = (async () => {
      if (previous) await previous;
      return work();
    })();
    const settled = next.catch(() => undefined);
    this.locks.set(visitorId, settled);
    try {
      return await next;
    } finally {
      if (this.locks.get(visitorId) === settled) this.locks.delete(visitorId);
    }
  }

  /** The visitor's chat when it is still open and not ended by them; otherwise null. */
  async openConversation(visitor: Visitor): Promise<Conversation | null> {
    if (visitor.conversationId === null || visitor.endedAt !== null) return null;
    const c = await this.deps.center.requireConversation(visitor.conversationId);
    return c.state === 'closed' || c.state === 'abandoned' ? null : c;
  }

  availability(queueId: string): {
    open: boolean;
    reason: 'open' | 'no_agents' | 'outside_hours';
    queueName: string;
    opensAt?: number | null;
  } {
    const { center, now } = this.deps;
    const queue = center.queue(queueId);
    if (!queue || !queue.channels.includes('chat')) throw new VisitorFault('not_found', `there is no chat queue "${queueId}"`);
    // The queue's business hours, the same ones every channel reads (holidays included).
    const hours = hoursStatus(queue.hours, now());
    if (!hours.open) return { open: false, reason: 'outside_hours', queueName: queue.name, opensAt: hours.opensAt };
    const stats = center.queueStats().find((s) => s.queueId === queueId);
    const online = (stats?.agentsAvailable ?? 0) + (stats?.agentsBusy ?? 0);
    return online > 0 ? { open: true, reason: 'open', queueName: queue.name } : { open: false, reason: 'no_agents', queueName: queue.name };
  }

  async providerIdTaken(providerId: string): Promise<Message | undefined> {
    return findMessageByProviderId(this.deps.store, providerId);
  }

  async recordConversation(visitor: Visitor, conversation: Conversation): Promise<void> {
    if (visitor.conversationId !== conversation.id || visitor.endedAt !== null) {
      await this.deps.store.write((tx) => setVisitorConversation(tx, visitor.id, conversation.id, this.deps.now()));
    }
    this.track(visitor.id, conversation);
  }

  track(visitorId: number, conversation: Conversation): void {
    const entry = this.live.get(conversation.id);
    if (entry) {
      entry.state = conversation.state;
      entry.agentId = conversation.assignedAgentId;
      entry.endedByVisitor = false;
    } else if (conversation.state !== 'closed' && conversation.state !== 'abandoned') {
      this.live.set(conversation.id, {
        visitorId,
        queueId: conversation.queueId,
        state: conversation.state,
        agentId: conversation.assignedAgentId,
        endedByVisitor: false,
        lastPushed: '',
      });
    }
    this.scheduleRefresh();
  }

  async endChat(visitor: Visitor): Promise<QueueInfo> {
    const open = await this.openConversation(visitor);
    const now = this.deps.now();
    if (open && (open.state === 'queued' || open.state === 'offered')) {
      await this.deps.center.abandon(open.id, 'visitor_ended');
    } else if (open) {
      // The agent still holds the chat (to wrap up); they see that the visitor has gone.
      await this.deps.center.ingest({
        channel: 'chat',
        providerId: `webchat-end:${visitor.id}:${open.id}`,
        from: { kind: visitor.fromKind, value: visitor.fromValue },
        queueId: open.queueId,
        conversationId: open.id,
        bodyText: 'The visitor ended the chat.',
        meta: { system: 'ended', visitorId: visitor.id },
        routable: false,
      });
      const entry = this.live.get(open.id);
      if (entry) entry.endedByVisitor = true;
    }
    await this.deps.store.write((tx) => markVisitorEnded(tx, visitor.id, now));
    const info: QueueInfo = { state: 'ended', position: null, expectedWaitSeconds: null, agentName: null };
    this.nsp?.to(visitorRoom(visitor.id)).emit('queue', info);
    return info;
  }

  // ---- views -----------------------------------------------------------------------------------------

  async sessionView(token: string, visitor: Visitor, afterMessageId = 0): Promise<SessionView> {
    const messages: VisitorMessage[] = [];
    let queue: QueueInfo = { state: 'none', position: null, expectedWaitSeconds: null, agentName: null };
    if (visitor.conversationId !== null) {
      const conversation = await this.deps.center.requireConversation(visitor.conversationId);
      if (visitor.endedAt === null) this.track(visitor.id, conversation);
      queue = visitor.endedAt !== null ? { ...queue, state: 'ended' } : this.queueInfo(conversation.id, conversation);
      const language = this.languageOf(conversation.queueId);
      for (const line of await chatLines(this.deps.store, conversation.id, afterMessageId)) messages.push(toVisitorMessage(line, language));
    }
    return { token, conversationId: visitor.conversationId, name: visitor.name, email: visitor.email, queue, messages };
  }

  queueInfo(conversationId: number, fallback?: Pick<Conversation, 'state' | 'assignedAgentId' | 'queueId'>): QueueInfo {
    const { center, now } = this.deps;
    const entry = this.live.get(conversationId);
    const state = entry?.state ?? fallback?.state ?? 'closed';
    const agentId = entry?.agentId ?? fallback?.assignedAgentId ?? null;
    const queueId = entry?.queueId ?? fallback?.queueId ?? '';
    const none = { position: null, expectedWaitSeconds: null, agentName: null };
    if (entry?.endedByVisitor) return { state: 'ended', ...none };
    switch (state) {
      case 'queued':
      case 'offered': {
        if (center.router.isOffered(conversationId)) return { state: 'offered', ...none };
        const position = center.router.positionOf(conversationId);
        return {
          state: 'queued',
          position,
          expectedWaitSeconds: position === null ? null : this.pace.expectedWaitSeconds(queueId, position, now()),
          agentName: null,
        };
      }
      case 'active':
      case 'wrap_up':
        return {
          state: 'active',
          position: null,
          expectedWaitSeconds: null,
          agentName: agentId === null ? null : (center.agent(agentId)?.displayName ?? null),
        };
      case 'closed':
      case 'abandoned':
        return { state: 'ended', ...none };
    }
  }

  // ---- pushes ------------------------------------------------------------------------------------------

  socketsOf(visitorId: number): number {
    return this.nsp?.occupancy(visitorRoom(visitorId)) ?? 0;
  }

  /** Whether the visitor has a tab open on any hub (team mode: the visitor may be on another hub). */
  async connectedAnywhere(visitorId: number): Promise<boolean> {
    return (await this.nsp?.reachable(visitorRoom(visitorId))) ?? false;
  }

  emitTo<N extends keyof VisitorServerToClient>(visitorId: number, name: N, ...payload: Parameters<VisitorServerToClient[N]>): void {
    this.nsp?.to(visitorRoom(visitorId)).emit(name, ...payload);
  }

  /** The agent's side of a live chat (for typing/read pushes to the agent who holds it). */
  liveChat(conversationId: number): Readonly<LiveChat> | undefined {
    return this.live.get(conversationId);
  }

  /** A visitor's pre-chat email or phone names a known customer: offer the match to the agent (never merge). */
  suggestMatch(customerId: number, claim: PrechatClaim): void {
    suggestPrechatMatch(this.deps, customerId, claim).catch((err: unknown) =>
      this.deps.log.warn({ err }, 'webchat: pre-chat match suggestion failed'),
    );
  }

  async visitorOf(conversationId: number): Promise<Visitor | undefined> {
    const entry = this.live.get(conversationId);
    if (entry) return visitorById(this.deps.store, entry.visitorId);
    return visitorByConversation(this.deps.store, conversationId);
  }

  toAgent(agentId: number, conversationId: number, typing: boolean): void {
    this.deps.push.to(agentRoom(agentId)).emit('chat/visitorTyping', { conversationId, typing });
  }

  takeTyping(key: string): boolean {
    return this.typingLimiter.take(key, this.deps.now());
  }

  async markRead(conversationId: number, direction: 'in' | 'out', upToId: number): Promise<number> {
    const ids = await messageIdsToMark(this.deps.store, conversationId, direction, upToId);
    for (const id of ids.reverse()) await this.deps.center.setMessageStatus(id, 'read');
    return ids.length;
  }

  private followingUp: Promise<void> = Promise.resolve();

  /** Chats of this hub's visitors that another hub changed: read back, in order, and handled as if local. */
  private changedElsewhere(events: readonly EventRow[]): void {
    const ids = [...new Set(events.map((e) => e.conversationId))].filter((id): id is number => id !== null && this.live.has(id));
    if (ids.length === 0) return;
    const previous = this.followingUp;
    this.followingUp = (async () => {
      await previous;
      try {
        for (const id of ids) {
          if (this.stopped || !this.live.has(id)) continue;
          const c = await getConversation(this.deps.store, id);
          if (c) this.conversationChanged(c);
        }
      } catch (err) {
        this.deps.log.warn({ err }, 'webchat: following a change made on another hub failed');
      }
    })();
  }

  private conversationChanged(c: Conversation): void {
    const entry = this.live.get(c.id);
    if (!entry) return;
    if ((entry.state === 'queued' || entry.state === 'offered') && c.state === 'active') this.pace.recordAccept(c.queueId, this.deps.now());
    entry.state = c.state;
    entry.agentId = c.assignedAgentId;
    entry.queueId = c.queueId;
    if (c.state === 'closed' || c.state === 'abandoned') {
      this.emitTo(entry.visitorId, 'queue', { state: 'ended', position: null, expectedWaitSeconds: null, agentName: null });
      this.live.delete(c.id);
    }
    this.scheduleRefresh();
  }

  /** Visitor lines reach the visitor's other tabs; agent lines go through the channel adapter instead. */
  private messageStored(c: Conversation, m: Message): void {
    if (c.channel !== 'chat' || m.direction !== 'in') return;
    const entry = this.live.get(c.id);
    if (entry) this.emitTo(entry.visitorId, 'message', toVisitorMessage(lineOf(m, null), this.languageOf(c.queueId)));
  }

  /** The language the hub's own lines to this chat's visitor are worded in: the queue's. */
  languageOf(queueId: string): CustomerLanguage {
    return this.deps.center.queue(queueId)?.language ?? 'en';
  }

  scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      this.refreshPositions();
    }, 20);
    this.refreshTimer.unref();
  }

  /** Pushes each waiting visitor's position and expected wait, only when it changed. */
  private refreshPositions(): void {
    for (const [conversationId, entry] of this.live) {
      const info = this.queueInfo(conversationId);
      const key = JSON.stringify(info);
      if (key === entry.lastPushed) continue;
      entry.lastPushed = key;
      this.emitTo(entry.visitorId, 'queue', info);
    }
  }

  private scheduleAbandon(visitorId: number): void {
    if (this.stopped) return;
    const existing = this.abandonTimers.get(visitorId);
    if (existing) clearTimeout(existing);
    const timer = setTimeout(() => {
      this.abandonTimers.delete(visitorId);
      if (this.socketsOf(visitorId) > 0) return;
      for (const [conversationId, entry] of this.live) {
        if (entry.visitorId !== visitorId || (entry.state !== 'queued' && entry.state !== 'offered')) continue;
        void this.deps.center
          .abandon(conversationId, 'visitor_left')
          .catch((err: unknown) => this.deps.log.warn({ err }, 'webchat: abandon failed'));
      }
    }, this.deps.config.abandonAfterDisconnectMs);
    timer.unref();
    this.abandonTimers.set(visitorId, timer);
  }
}

/**
 * The web page a visitor chats from, by its Origin header: any site when the list is empty; the hub's own
 * pages (the /chat demo) always. A client that sends no Origin is no browser page and is let through.
 */
export function originAllowed(allowed: readonly string[], headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  const origin = headers.origin;
  if (allowed.length === 0 || typeof origin !== 'string') return true;
  if (allowed.includes(origin.toLowerCase())) return true;
  try {
    return new URL(origin).host === headers.host;
  } catch {
    return false;
  }
}
