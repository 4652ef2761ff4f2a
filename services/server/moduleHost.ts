import type { FastifyInstance } from 'fastify';
import type { ChannelRegistry } from '../hub/channels';
import type { HubConfig } from '../hub/config';
import {
  liveSection,
  type AnyHubModule,
  type HubModuleContext,
  type LiveModules,
  type LiveSection,
  type ModuleRunning,
  type ModuleState,
} from '../hub/module';
import type { ServiceRegistry } from '../hub/services';

type Slot = { module: AnyHubModule; running: ModuleRunning | null; queue: Promise<unknown> };

/**
 * Runs the hub's modules: setup before the hub listens, start after, stop in reverse order, and for a
 * module with a `section`, set it up again live when its settings change (`apply`).
 *
 * Reconfiguring one module: its running part is stopped (watchers, timers; work already committed stays
 * in the database and the new runtime picks it up), its services and adapters are withdrawn, `setup` runs
 * with the new section, and what it returns is published and started. Its HTTP routes were registered once
 * (`HubModule.routes`) and answer from whichever runtime is current.
 */
export class ModuleHost implements LiveModules {
  private readonly slots: Slot[];
  private config: HubConfig;

  constructor(
    modules: readonly AnyHubModule[],
    private readonly ctx: HubModuleContext,
    private readonly registry: Readonly<{ services: ServiceRegistry; channels: ChannelRegistry }>,
  ) {
    this.slots = modules.map((module) => ({ module, running: null, queue: Promise.resolve() }));
    this.config = ctx.config;
  }

  /** Every module's setup, then its routes: before the hub listens (fastify takes no routes after). */
  async setupAll(app: FastifyInstance): Promise<void> {
    for (const slot of this.slots) {
      await this.setup(slot);
      const { module, running } = slot;
      if (module.routes) await app.register(async (scope) => module.routes?.(scope, this.ctx));
      if (running?.routes) {
        if (liveSection(module))
          throw new Error(`module "${module.name}" is set up live: its routes belong on the module, not its runtime`);
        await app.register(async (scope) => running.routes?.(scope));
      }
    }
  }

  async startAll(): Promise<void> {
    for (const slot of this.slots) await slot.running?.start?.();
  }

  async stopAll(onError: (name: string, error: unknown) => void): Promise<void> {
    for (const slot of [...this.slots].reverse()) {
      await slot.queue.catch(() => undefined);
      await slot.running?.stop?.().catch((error: unknown) => onError(slot.module.name, error));
      slot.running = null;
    }
  }

  current(section: LiveSection): unknown {
    return this.config[section];
  }

  apply(section: LiveSection, value: unknown): Promise<ModuleState> {
    const slot = this.slots.find((s) => liveSection(s.module) === section);
    if (!slot) return Promise.resolve({ enabled: false, reason: `no module on this hub reads the ${section} settings` });
    // One change at a time per module: the next waits for the previous to finish (or fail).
    const previous = slot.queue;
    const next = (async () => {
      await previous.catch(() => undefined);
      return this.reconfigure(slot, section, value);
    })();
    slot.queue = next.catch(() => undefined);
    return next;
  }

  private async reconfigure(slot: Slot, section: LiveSection, value: unknown): Promise<ModuleState> {
    const warn = (what: string) => (err: unknown) =>
      this.ctx.log.warn({ err, module: slot.module.name }, `${what} failed while setting it up again`);
    const old = slot.running;
    if (old) {
      // A stop that fails still lets the new settings take over: the old runtime is dropped either way.
      await old.stop?.().catch(warn('stop'));
      for (const adapter of old.adapters ?? []) {
        await adapter.stop?.().catch(warn('adapter stop'));
        this.registry.channels.unregister(adapter);
      }
    }
    this.registry.services.withdraw(slot.module.name);
    slot.running = null;
    this.config = { ...this.config, [section]: value };
    try {
      const state = await this.setup(slot);
      const running = slot.running as ModuleRunning | null;
      for (const adapter of running?.adapters ?? []) await adapter.start?.();
      await running?.start?.();
      return state;
    } catch (error) {
      // A runtime that failed half-way is stopped; the channel is off with the reason, the hub runs on.
      const half = slot.running as ModuleRunning | null;
      await half?.stop?.().catch(warn('stop'));
      for (const adapter of half?.adapters ?? []) this.registry.channels.unregister(adapter);
      this.registry.services.withdraw(slot.module.name);
      slot.running = null;
      const reason = `could not start: ${(error as Error).message}`;
      this.registry.services.moduleOff(slot.module.name, reason);
      return { enabled: false, reason };
    }
  }

  private async setup(slot: Slot): Promise<ModuleState> {
    const state = await slot.module.setup({ ...this.ctx, config: this.config });
    if (!state.enabled) {
      this.registry.services.moduleOff(slot.module.name, state.reason);
      return { enabled: false, reason: state.reason };
    }
    for (const binding of state.services ?? []) this.registry.services.provide(binding);
    for (const adapter of state.adapters ?? []) this.registry.channels.register(adapter);
    slot.running = state;
    return { enabled: true };
  }
}
