import type { CommandOutput, CommandParsedInput, HubCommandName, Role } from '../contracts';
import type { Store } from '../store/store';
import type { AgentAuth } from './agentAuth';
import type { AuditTrail } from './audit';
import type { AgentSockets } from './agentSockets';
import type { HubConfig } from './config';
import type { ContactCenter } from './contactCenter';
import type { Pusher } from './push';
import type { ServiceRegistry } from './services';

/** What every command handler gets: the caller, the core, and the services modules publish. */
export type CommandContext = Readonly<{
  agentId: number;
  /** The caller's role as the session was admitted with (a change ends the session before the next command). */
  role: Role;
  /** The caller's session (sha-256 of its token): a password change keeps this one and ends the others. */
  tokenHash: string;
  /** Sessions and password checks: every scrypt and every session ending goes through it. */
  auth: AgentAuth;
  center: ContactCenter;
  store: Store;
  config: HubConfig;
  /** Services published by modules; require() says why when that module is off. */
  services: ServiceRegistry;
  push: Pusher;
  sockets: AgentSockets;
  /** The hub's clock (injectable, like the contact center's): stamps every event a handler writes. */
  now: () => number;
  /** Who changed what: every admin/supervisor change a handler makes is recorded with the caller as actor. */
  audit: AuditTrail;
}>;

/** Handlers for a subset of the contract; each module carries one of these for its commands. */
export type HandlerTable<Names extends HubCommandName> = {
  [N in Names]: (input: CommandParsedInput<N>, ctx: CommandContext) => Promise<CommandOutput<N>>;
};
