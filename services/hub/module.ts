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
import { serviceKey, type ServiceBinding, type ServiceRegistry } from './services';
import type { Singletons } from '../cluster/singletons';

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
  /**
   * Background work that must run on one hub at a time (mailbox watchers, the outbox, retention, the
   * webhook deliverer, the VoC job): at once on a single hub; behind a PostgreSQL advisory lock per job in
   * team mode, moving to another hub when its hub dies (services/cluster/singletons.ts).
   */
  singletons: Singletons;
}>;

/** A module that runs: what it publishes and plugs in, and its background work. */
export type ModuleRunning = Readonly<{
  enabled: true;
  /** Published for command handlers and other modules, under typed keys. */
  services?: readonly ServiceBinding[];
  /** Outbound delivery for the channel kinds this module serves. */
  adapters?: readonly ChannelAdapter[];
  /**
   * HTTP routes (webhooks, uploads, downloads), registered before the hub listens. Not allowed for a module
   * with a `section` (set up again live, when fastify takes no new routes): such a module declares its routes
   * on the module itself (`HubModule.routes`) and they reach its current runtime.
   */
  routes?(app: FastifyInstance): Promise<void> | void;
  /** After the hub listens (connect to IMAP, start timers). */
  start?(): Promise<void>;
  /** First on shutdown, in reverse order of setup. */
  stop?(): Promise<void>;
}>;

/** The one way a module says it is off: a reason a supervisor can act on, in words ("Email isn't set up on this hub yet…"). */
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
  /**
   * Routes that stay for the hub's life: registered once before the hub listens, whether or not the module
   * runs, and answering from whatever runtime its latest `setup` made (or "not set up" while it is off).
   */
  routes?(app: FastifyInstance, ctx: HubModuleContext): Promise<void> | void;
}>;

/** The config sections that can be changed live (services/contracts/settings.ts names them for the UI). */
export type LiveSection = 'email' | 'twilio' | 'webchat';

/** The section a module can have changed live, if any. */
export function liveSection(module: Readonly<{ configSection?: ConfigSection }>): LiveSection | undefined {
  return module.configSection?.live;
}

/** What a module is after a (re)setup: running, or off with its reason. */
export type ModuleState = Readonly<{ enabled: true } | { enabled: false; reason: string }>;

/**
 * The composition root's handle on live modules, published under LIVE_MODULES for the settings commands:
 * `apply` stops the module reading `section`, sets it up again with `value` (undefined: the section is
 * gone) and starts it. Calls for one section run one after another.
 */
export type LiveModules = Readonly<{
  apply(section: LiveSection, value: unknown): Promise<ModuleState>;
  /** The section as the running module got it (file or database), undefined when it has none. */
  current(section: LiveSection): unknown;
}>;

export type ConfigSection = Readonly<{
  key: string;
  schema: z.ZodType;
  /**
   * Set up again live (channel sections: `email`, `twilio`, `webchat`): settings saved on screen for it
   * (stored in the hub database, overriding the file's section) stop its running part and call `setup` again
   * with the new section, without a hub restart. Such a module keeps `setup` repeatable (nothing registered
   * for good inside it) and declares its HTTP routes in `routes`.
   */
  live?: LiveSection;
  /** What the schema cannot say alone (needs other sections): a problem at a key path, or null. */
  check?(section: unknown, config: HubConfig): Readonly<{ path: string; problem: string }> | null;
}>;

/** Any module, whatever commands it serves (the list the composition root runs). */
export type AnyHubModule = Omit<HubModule, 'handlers'> & Readonly<{ handlers: Partial<HandlerTable<HubCommandName>> }>;

export const LIVE_MODULES = serviceKey<LiveModules>('hub', 'liveModules');
