import { z } from 'zod';
import type { HubConfig } from '../hub/config';

/** config.platform: absent means the defaults below (the API and webhooks are always on; keys gate them). */
export const PlatformConfig = z
  .object({
    webhooks: z
      .object({
        /** First retry after about this long; each further retry waits twice as long (with jitter) up to maxRetryMs. */
        retryBaseMs: z.number().int().min(10).max(3_600_000).default(1000),
        maxRetryMs: z.number().int().min(100).max(86_400_000).default(3_600_000),
        /** Attempts before a delivery is marked failed (20 ≈ 15 hours of retries at the defaults). */
        maxAttempts: z.number().int().min(1).max(100).default(20),
        timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
        /** How often the feed looks for new rows when nothing woke it (merges append no event). */
        pollMs: z.number().int().min(10).max(60_000).default(1000),
      })
      .strict()
      .default({ retryBaseMs: 1000, maxRetryMs: 3_600_000, maxAttempts: 20, timeoutMs: 10_000, pollMs: 1000 }),
    retention: z
      .object({
        /** How often the retention job runs (the first run is a minute after start). */
        intervalMs: z.number().int().min(1000).default(3_600_000),
      })
      .strict()
      .default({ intervalMs: 3_600_000 }),
  })
  .strict();
export type PlatformConfig = z.output<typeof PlatformConfig>;

export function platformConfig(config: HubConfig): PlatformConfig {
  const result = PlatformConfig.safeParse(config.platform ?? {});
  if (!result.success)
    throw new Error(`config.platform is invalid: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return result.data;
}
