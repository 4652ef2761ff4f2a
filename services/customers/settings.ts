import { z } from 'zod';
import { IdentityKind } from '../contracts';
import type { HubConfig } from '../hub/config';
import { HttpJsonConnectorConfig } from './connectors/httpJson';

/**
 * config.customers. Absent means defaults: identity resolution always runs (every channel's ingest needs
 * it), no merge rules, no back-office connectors.
 */
export const CustomersConfig = z
  .object({
    /**
     * Configured merge rules: when a second identity of one of these kinds turns out to belong to another
     * customer, merge automatically (audited with rule = 'identity:<kind>') instead of suggesting.
     * Shared identities never auto-merge.
     */
    autoMergeOn: z.array(IdentityKind).default([]),
    connectors: z.array(HttpJsonConnectorConfig).max(20).default([]),
    /** Largest CSV upload accepted, in bytes. */
    maxImportBytes: z
      .number()
      .int()
      .min(1024)
      .max(512 * 1024 * 1024)
      .default(64 * 1024 * 1024),
  })
  .strict();
export type CustomersConfig = z.output<typeof CustomersConfig>;

const cache = new WeakMap<HubConfig, CustomersConfig>();

/** The parsed section; throws a readable error naming the bad field (the module reports it at start). */
export function customersConfig(config: HubConfig): CustomersConfig {
  let parsed = cache.get(config);
  if (!parsed) {
    const result = CustomersConfig.safeParse(config.customers ?? {});
    if (!result.success) {
      throw new Error(`config.customers is invalid: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    parsed = result.data;
    cache.set(config, parsed);
  }
  return parsed;
}
