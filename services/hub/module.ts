import type { z } from 'zod';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { HubCommandName } from '../contracts';
import type { Migration } from '../store/migration';
import type { Store } from '../store/store';
import type { AgentAuth } from './agentAuth';
import type { AgentSockets } from './agentSockets';
import type { AuditTrail } from './audit';
import type { ChannelAdapter } from './channels';
import type { ClientNamespaces } from './clientNamespace';
import type { HandlerTable } from './commands';
import type { HubConfig } from './config';
import type { ContactCenter } from './contactCenter';
import type { Pusher } from './push';
import type { ServiceBinding, ServiceRegistry } from './services';

/** What a module gets from the hub when it sets up: the core, never the transport (no `io`, no `app`). */
export type HubModuleContext = Readonly<{
  store: Store;
  center: ContactCenter;
  config: HubConfig;
  log: FastifyBaseLogger;
  now: () => number;
  /** Folder beside the SQLite file for attachments and other files the hub owns. */
  dataDir: string;
  /** Typed pushes to agent rooms (HubEvents only). */
  push: Pusher;
  /** Room membership on the agent namespace. */
  sockets: AgentSockets;
  /** Sessions as they are now: routes taking a bearer token authenticate through it. */
  auth: AgentAuth;
  /** Services other modules publish; read them when used (a module set up later may provide them). */
  services: ServiceRegistry;
  /** Socket namespaces of the module's own (the web widget's /visitor), served by the same dispatcher. */
  namespaces: ClientNamespaces;
  /** Who changed what (admin console's Audit log). */
  audit: AuditTrail;
}>;

/** A module that runs: what it publishes and plugs in, and its background work. */
export type ModuleRunning = Readonly<{
  enabled: true;
  /** Published for command handlers and other modules, under typed keys. */
  services?: readonly ServiceBinding[];
  /** Outbound delivery for the channel kinds this module serves. */
  adapters?: readonly ChannelAdapter[];
  /** HTTP routes (webhooks, uploads, downloads) and socket namespaces, registered before the hub listens. */
  routes?(app: FastifyInstance): Promise<void> | void;
  /** After the hub listens (connect to IMAP, start timers). */
  start?(): Promise<void>;
  /** First on shutdown, in reverse order of setup. */
  stop?(): Promise<void>;
}>;

/** The one way a module says it is off: a reason a supervisor can act on ("config.email absent"). */
export type ModuleOff = Readonly<{ enabled: false; reason: string }>;

/**
 * A feature plugged into the hub, in one shape: its command handlers (served whether or not it runs:
 * an off module's commands answer `channel_unavailable` with its reason), the migrations of its tables,
 * and setup(), which reads its config section and returns what it runs or why it is off.
 */
export type HubModule<N extends HubCommandName = never> = Readonly<{
  name: string;
  handlers: HandlerTable<N>;
  migrations?: readonly Migration[];
  /**
   * The module's section of the hub config, checked before anything starts: a present but invalid section
   * stops the hub with the key path (a channel silently off is worse than a hub that says why it won't start).
   */
  configSection?: ConfigSection;
  setup(ctx: HubModuleContext): Promise<ModuleRunning | ModuleOff> | ModuleRunning | ModuleOff;
}>;

export type ConfigSection = Readonly<{
  key: string;
  schema: z.ZodType;
  /** What the schema cannot say alone (needs other sections): a problem at a key path, or null. */
  check?(section: unknown, config: HubConfig): Readonly<{ path: string; problem: string }> | null;
}>;

/** Any module, whatever commands it serves (the list the composition root runs). */
export type AnyHubModule = Omit<HubModule, 'handlers'> & Readonly<{ handlers: Partial<HandlerTable<HubCommandName>> }>;
