import type { FastifyBaseLogger } from 'fastify';
import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import {
  CommandEnvelope,
  HubCommands,
  HubError,
  isHubCommandName,
  type AgentServerToClient,
  type CommandReply,
  type HubCommandName,
  type HubErrorShape,
  type Role,
} from '../contracts';
import { findSession } from '../store/repos/sessions';
import type { Store } from '../store/store';
import { hashToken } from './auth';
import type { AgentSockets } from './agentSockets';
import type { CommandContext, HandlerTable } from './commands';
import type { HubConfig } from './config';
import type { ContactCenter } from './contactCenter';
import { agentRoom, AGENTS, EVERYONE, SUPERVISORS, type Pusher } from './push';
import { TokenBucket } from './rateLimit';
import type { ServiceRegistry } from './services';

/** Every command's handler, merged from the core and the modules by the composition root. */
export type CommandTable = Partial<HandlerTable<HubCommandName>>;

type ClientToServer = {
  command: (envelope: unknown, ack: (reply: CommandReply<unknown>) => void) => void;
};
type SocketData = { agentId: number; role: Role };
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
  }>,
): void {
  const { store, center, config, log, now, services, push, sockets, handlers } = deps;

  nsp.use((socket, next) => {
    void (async () => {
      const auth = HandshakeAuth.safeParse(socket.handshake.auth);
      if (!auth.success) return next(new Error('unauthenticated: missing or malformed token'));
      const session = await findSession(store, hashToken(auth.data.token), now());
      const agent = session ? center.agent(session.agentId) : undefined;
      if (!agent) return next(new Error('unauthenticated: invalid or expired token'));
      socket.data.agentId = agent.id;
      socket.data.role = agent.role;
      next();
    })().catch((error: unknown) => {
      log.error({ err: error }, 'socket authentication failed');
      next(new Error('internal: authentication unavailable'));
    });
  });

  nsp.on('connection', (socket: AgentSocket) => {
    const { agentId, role } = socket.data;
    void socket.join([agentRoom(agentId), EVERYONE, role === 'agent' ? AGENTS : SUPERVISORS]);
    center.agentConnected(agentId);
    const bucket = new TokenBucket(config.commandRate.perSecond, config.commandRate.burst, now());
    const ctx: CommandContext = { agentId, center, store, config, services, push, sockets, now };

    socket.on('command', (envelope: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return; // Nothing to reply to; a command without an ack is ignored.
      const reply = ack as (r: CommandReply<unknown>) => void;
      if (!bucket.take(now())) {
        reply({ ok: false, error: { code: 'rate_limited', message: 'too many commands; slow down' } });
        return;
      }
      void (async () => reply(await runCommand(envelope, ctx, socket.data.role, handlers, log)))();
    });

    socket.on('disconnect', () => center.agentDisconnected(agentId));
    for (const offer of center.offersFor(agentId)) socket.emit('offer/new', offer);
  });
}

export async function runCommand(
  envelope: unknown,
  ctx: CommandContext,
  role: Role,
  handlers: CommandTable,
  log: FastifyBaseLogger,
): Promise<CommandReply<unknown>> {
  try {
    const parsedEnvelope = CommandEnvelope.safeParse(envelope);
    if (!parsedEnvelope.success) throw new HubError('invalid_input', 'a command is {name, input}', toIssues(parsedEnvelope.error));
    const { name, input } = parsedEnvelope.data;
    if (!isHubCommandName(name)) throw new HubError('unknown_command', `unknown command "${name.slice(0, 64)}"`);
    const spec = HubCommands[name];
    if (!(spec.roles as readonly Role[]).includes(role)) throw new HubError('forbidden', `${name} needs role ${spec.roles.join(' or ')}`);
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) throw new HubError('invalid_input', `invalid input for ${name}`, toIssues(parsed.error));
    const handler = handlers[name] as ((input: unknown, ctx: CommandContext) => Promise<unknown>) | undefined;
    // A hub started without some module (a bench, a test) has no handler for that module's commands.
    if (!handler) throw new HubError('channel_unavailable', `${name} is served by a module this hub does not run`);
    const data = await handler(parsed.data, ctx);
    return { ok: true, data };
  } catch (error) {
    if (error instanceof HubError) return { ok: false, error: error.toShape() };
    log.error({ err: error }, 'command failed');
    const shape: HubErrorShape = { code: 'internal', message: 'the hub could not complete this command' };
    return { ok: false, error: shape };
  }
}

export function toIssues(error: z.ZodError): NonNullable<HubErrorShape['issues']> {
  return error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message }));
}
