/** Services that modules publish (e.g. the webchat module's visitor gateway) for command handlers to use. */
export class ServiceRegistry {
  private readonly services = new Map<string, unknown>();

  provide<T>(key: string, service: T): void {
    if (this.services.has(key)) throw new Error(`service "${key}" is already provided`);
    this.services.set(key, service);
  }

  /** The service, or undefined when its module is not enabled on this hub. */
  find<T>(key: string): T | undefined {
    return this.services.get(key) as T | undefined;
  }
}
