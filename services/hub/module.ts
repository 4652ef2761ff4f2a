import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Server as SocketServer } from 'socket.io';
import type { Store } from '../store/store';
import type { ChannelRegistry } from './channels';
import type { HubConfig } from './config';
import type { ContactCenter } from './contactCenter';
import type { ServiceRegistry } from './serviceRegistry';

/** What a feature module (a channel, customers, metrics) gets from the hub when it registers. */
export type HubModuleContext = Readonly<{
  app: FastifyInstance;
  io: SocketServer;
  store: Store;
  center: ContactCenter;
  config: HubConfig;
  channels: ChannelRegistry;
  log: FastifyBaseLogger;
  now: () => number;
  /** Folder beside the SQLite file for attachments and other files the hub owns. */
  dataDir: string;
  /** Publish a service for command handlers (ctx.services.find(key) in a handler). */
  services: ServiceRegistry;
}>;

/**
 * A feature plugged into the hub. register() runs before the hub listens (add HTTP routes, socket
 * namespaces, channel adapters); start() after it listens (connect to IMAP, start timers); stop() first
 * on shutdown. A module whose config section is absent should register nothing and say so in status().
 */
export type HubModule = Readonly<{
  name: string;
  register(ctx: HubModuleContext): Promise<void> | void;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}>;
