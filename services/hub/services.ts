import { HubError } from '../contracts';

/**
 * A service a module publishes (the email outbox, the visitor gateway...). The key value carries the
 * service's type, so `find(EMAIL)` is typed by the key and no caller picks a type of its own; `module`
 * names who provides it, so a missing service can say why (that module's own reason for being off).
 */
export type ServiceKey<T> = Readonly<{ module: string; name: string; /** Type witness only; never set. */ _type?: T }>;

export function serviceKey<T>(module: string, name: string = module): ServiceKey<T> {
  return { module, name };
}

/** One entry of a module's `services`: a key and the value published under it. */
export type ServiceBinding = Readonly<{ key: ServiceKey<unknown>; value: unknown }>;

export function provide<T>(key: ServiceKey<T>, value: T): ServiceBinding {
  return { key: key, value };
}

/** What modules publish, and why the ones that are off are off. Filled by the composition root. */
export class ServiceRegistry {
  private readonly services = new Map<string, unknown>();
  private readonly offReasons = new Map<string, string>();

  provide(binding: ServiceBinding): void {
    const id = `${binding.key.module}/${binding.key.name}`;
    if (this.services.has(id)) throw new Error(`service "${id}" is already provided`);
    this.services.set(id, binding.value);
  }

  /** A module set up again: what it published before and why it was off are forgotten. */
  withdraw(module: string): void {
    for (const id of [...this.services.keys()]) if (id.startsWith(`${module}/`)) this.services.delete(id);
    this.offReasons.delete(module);
  }

  /** Records that a module is not running and why, in words a supervisor can act on. */
  moduleOff(module: string, reason: string): void {
    this.offReasons.set(module, reason);
  }

  /** The service, or undefined when its module is off on this hub. */
  find<T>(key: ServiceKey<T>): T | undefined {
    return this.services.get(`${key.module}/${key.name}`) as T | undefined;
  }

  /** The service, or a `channel_unavailable` error carrying the reason its module gave for being off. */
  require<T>(key: ServiceKey<T>): T {
    const service = this.find(key);
    if (service === undefined) throw new HubError('channel_unavailable', this.whyOff(key));
    return service;
  }

  whyOff(key: ServiceKey<unknown>): string {
    return this.offReasons.get(key.module) ?? `the ${key.module} module is not part of this hub`;
  }
}
