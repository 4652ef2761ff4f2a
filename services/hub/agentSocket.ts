import type { FastifyBaseLogger } from 'fastify';
import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import {
  CommandEnvelope,
  HubCommands,
  HubError,
  type AgentServerToClient,
  type CommandReply,
  type HubCommandName,
  type HubErrorShape,
  type Offer,
  type Role,
} from '../contracts';
import type { Store } from '../store/store';
import { sessionEndMessage, type AgentAuth, type LiveSession, type LiveSocket } from './agentAuth';
import type { AuditTrail } from './audit';
import type { AgentSockets } from './agentSockets';
import type { CommandContext, HandlerTable } from './commands';
import type { HubConfig } from './config';
import type { ContactCenter } from './contactCenter';
import { agentRoom, AGENTS, EVERYONE, SUPERVISORS, type Pusher } from './push';
import { TokenBucket } from './rateLimit';
import type { ServiceRegistry } from './services';
import { commandDispatcher } from './dispatch';

/**
 * Team mode: what an agent whose socket is on this hub does on the router hub (when this hub does not route).
 * The router runs it with its own ContactCenter; pushes come back through the PostgreSQL adapter.
 */
export type RouterCall =
  // hubId: the hub holding the socket (team mode stamps it), so the router can count its agents out when
  // that hub dies (cluster/hubLiveness.ts).
  | Readonly<{ kind: 'connected' | 'disconnected' | 'offers'; agentId: number; hubId?: string }>
  | Readonly<{ kind: 'command'; agentId: number; role: Role; tokenHash: string; envelope: unknown }>;

export type RouterLink = Readonly<{
  /** Does this hub route the agent's partition now? Then her connection and offers are handled here. */
  local(agentId: number): boolean;
  /**
   * Several routing partitions: a command's router depends on what it acts on (a conversation's holder or
   * queue), so every command goes through call(), which runs it here when this hub routes that partition.
   */
  partitioned: boolean;
  call(call: RouterCall): Promise<unknown>;
}>;

/** The router hub's side of RouterCall (attachAgentNamespace returns it). */
export type RouterCallServer = (call: RouterCall) => Promise<unknown>;

/** Every command's handler, merged from the core and the modules by the composition root. */
export type CommandTable = Partial<HandlerTable<HubCommandName>>;

type ClientToServer = {
  command: (envelope: unknown, ack: (reply: CommandReply<unknown>) => void) => void;
};
type SocketData = { session: LiveSession };
export type AgentNamespace = Namespace<ClientToServer, AgentServerToClient, Record<string, never>, SocketData>;
type AgentSocket = Socket<ClientToServer, AgentServerToClient, Record<string, never>, SocketData>;

const HandshakeAuth = z.object({ token: z.string().min(10).max(200) });

/**
 * The /agent namespace: authenticates the handshake with a session token, then serves typed commands.
 * Every failure is a typed reply on the ack; nothing a client sends can throw out of a handler.
 */
export function attachAgentNamespace(
  nsp: AgentNamespace,
  deps: Readonly<{
    store: Store;
    center: ContactCenter;
    config: HubConfig;
    log: FastifyBaseLogger;
    now: () => number;
    services: ServiceRegistry;
    push: Pusher;
    sockets: AgentSockets;
    handlers: CommandTable;
    auth: AgentAuth;
    audit: AuditTrail;
    /** Team mode: the way to the router hub; absent on a single hub. */
    router?: RouterLink;
  }>,
): RouterCallServer {
  const { store, center, config, log, now, services, push, sockets, handlers, auth, audit, router } = deps;
  const dispatch = agentCommandDispatcher(handlers, log);
  const contextOf = (agentId: number, role: Role, tokenHash: string): CommandContext => ({
    agentId,
    role,
    tokenHash,
    center,
    store,
    config,
    services,
    push,
    sockets,
    now,
    auth,
    audit,
  });
  const remote = (agentId: number): boolean => router !== undefined && !router.local(agentId);
  // Connection changes reach the router; a failure (no router during a failover) is logged, and the new
  // router learns who is connected when it takes over (reannounce).
  const tell = (kind: 'connected' | 'disconnected', agentId: number): void => {
    if (!router || !remote(agentId)) return;
    router.call({ kind, agentId }).catch((err: unknown) => log.warn({ err, agentId }, `team mode: ${kind} did not reach the router`));
  };

  nsp.use((socket, next) => {
    void (async () => {
      const parsed = HandshakeAuth.safeParse(socket.handshake.auth);
      if (!parsed.success) return next(new Error('unauthenticated: missing or malformed token'));
      // A temporary password gets the socket: its commands are gated to choosing a new one (admit below).
      const result = await auth.authenticate(parsed.data.token, { allowTemporaryPassword: true });
      // The reason is shown on the sign-in screen (e.g. "Your role was changed; sign in again.").
      if ('refused' in result) return next(new Error(`unauthenticated: ${result.refused}`));
      socket.data.session = result.session;
      next();
    })().catch((error: unknown) => {
      log.error({ err: error }, 'socket authentication failed');
      next(new Error('internal: authentication unavailable'));
    });
  });

  nsp.on('connection', (socket: AgentSocket) => {
    const { session } = socket.data;
    const { agentId, role } = session;
    void socket.join([agentRoom(agentId), EVERYONE, role === 'agent' ? AGENTS : SUPERVISORS]);
    center.agentConnected(agentId);
    tell('connected', agentId);
    const bucket = new TokenBucket(config.commandRate.perSecond, config.commandRate.burst, now());
    const ctx = contextOf(agentId, role, session.tokenHash);
    const live: LiveSocket = {
      session,
      end(reason, message) {
        if (!socket.connected) return;
        // The event first: the desk shows why before the transport closes (engine.io drains it first).
        socket.emit('session/ended', { reason, message });
        socket.disconnect(true);
      },
    };
    auth.admit(live).catch((error: unknown) => {
      log.error({ err: error }, 'session re-check failed; disconnecting');
      socket.disconnect(true);
    });

    socket.on('command', (envelope: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return; // Nothing to reply to; a command without an ack is ignored.
      const reply = ack as (r: CommandReply<unknown>) => void;
      // Nothing from the handshake is trusted: the session and the agent's role as they are now.
      const ended = auth.whyEnded(session);
      if (ended !== null) {
        // A changed role makes the command forbidden; anything else means the session itself is gone.
        reply({
          ok: false,
          error: { code: ended === 'role_changed' ? 'forbidden' : 'unauthenticated', message: sessionEndMessage(ended) },
        });
        auth.remove(live);
        live.end(ended, sessionEndMessage(ended));
        return;
      }
      if (!bucket.take(now())) {
        reply({ ok: false, error: { code: 'rate_limited', message: 'too many commands; slow down' } });
        return;
      }
      void (async () => {
        if (router && (router.partitioned || remote(agentId))) {
          try {
            reply((await router.call({ kind: 'command', agentId, role, tokenHash: session.tokenHash, envelope })) as CommandReply<unknown>);
          } catch (err) {
            log.warn({ err }, 'team mode: a command did not reach the router');
            reply({ ok: false, error: { code: 'internal', message: 'the center is switching over; try again in a moment' } });
          }
          return;
        }
        reply(await dispatch(envelope, ctx));
      })();
    });

    socket.on('disconnect', () => {
      auth.remove(live);
      center.agentDisconnected(agentId);
      tell('disconnected', agentId);
    });
    if (!router || !remote(agentId)) {
      for (const offer of center.offersFor(agentId)) socket.emit('offer/new', offer);
      return;
    }
    void (async () => {
      const offers = (await router.call({ kind: 'offers', agentId }).catch(() => [])) as readonly Offer[];
      for (const offer of offers) socket.emit('offer/new', offer);
    })();
  });

  return async (call) => {
    switch (call.kind) {
      case 'connected':
        center.agentConnected(call.agentId);
        return null;
      case 'disconnected':
        center.agentDisconnected(call.agentId);
        return null;
      case 'offers':
        return center.offersFor(call.agentId);
      case 'command':
        return dispatch(call.envelope, contextOf(call.agentId, call.role, call.tokenHash));
    }
  };
}

/** What a session with a temporary password may do: replace it (and read who it is). */
const WHILE_PASSWORD_TEMPORARY: ReadonlySet<HubCommandName> = new Set<HubCommandName>(['session/changePassword', 'session/me']);

/** The agent namespace's dispatcher over the merged command table: roles checked before input is parsed. */
export function agentCommandDispatcher(
  handlers: CommandTable,
  log: FastifyBaseLogger,
): (envelope: unknown, ctx: CommandContext) => Promise<CommandReply<unknown>> {
  return commandDispatcher<typeof HubCommands, CommandContext, HubErrorShape>({
    commands: HubCommands,
    handlers: handlers,
    envelope: CommandEnvelope,
    admit: (name, ctx) => {
      const spec = HubCommands[name];
      if (!(spec.roles as readonly Role[]).includes(ctx.role))
        return new HubError('forbidden', `${name} needs role ${spec.roles.join(' or ')}`).toShape();
      // A temporary password (generated first admin, or reset by an administrator) opens nothing but its replacement.
      if (ctx.center.agent(ctx.agentId)?.mustChangePassword && !WHILE_PASSWORD_TEMPORARY.has(name))
        return new HubError('password_change_required', 'choose a new password before anything else').toShape();
      return null;
    },
    refuse: {
      envelope: (error) => new HubError('invalid_input', 'a command is {name, input}', toIssues(error)).toShape(),
      unknown: (name) => new HubError('unknown_command', `unknown command "${name}"`).toShape(),
      input: (name, error) => new HubError('invalid_input', `invalid input for ${name}`, toIssues(error)).toShape(),
      // A hub started without some module (a bench, a test) has no handler for that module's commands.
      unserved: (name) => new HubError('channel_unavailable', `${name} is served by a module this hub does not run`).toShape(),
    },
    known: (error) => (error instanceof HubError ? error.toShape() : undefined),
    internal: { code: 'internal', message: 'the hub could not complete this command' },
    log: (error) => log.error({ err: error }, 'command failed'),
  });
}

export function toIssues(error: z.ZodError): NonNullable<HubErrorShape['issues']> {
  return error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message }));
}
