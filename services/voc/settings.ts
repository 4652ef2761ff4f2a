import { z } from 'zod';
import type { HubConfig } from '../hub/config';
import { defaultJobOptions, type VocJobOptions } from './job';

/**
 * config.voc. Absent means on with defaults: every inbound customer message is analysed in the background.
 * `enabled: false` turns the job off (the commands then say so); the other fields tune how hard it may run.
 */
export const VocConfig = z
  .object({
    enabled: z.boolean().default(true),
    batchSize: z.number().int().min(1).max(2000).default(defaultJobOptions.batchSize),
    pollMs: z.number().int().min(50).max(60_000).default(defaultJobOptions.pollMs),
    /** Share of a core the job may use while messages arrive fast (0.01..1). */
    busyShare: z.number().min(0.01).max(1).default(defaultJobOptions.busyShare),
    busyPerSecond: z.number().int().min(1).default(defaultJobOptions.busyPerSecond),
    busyGapMs: z.number().int().min(0).max(60_000).default(defaultJobOptions.busyGapMs),
    spikeCheckMs: z.number().int().min(50).default(defaultJobOptions.spikeCheckMs),
    /** Read texts on a thread of their own (default), or on the hub's main thread as before (to compare). */
    analysisThread: z.boolean().default(true),
  })
  .strict();

export function vocConfig(config: HubConfig): { enabled: boolean; analysisThread: boolean; job: VocJobOptions } {
  const result = VocConfig.safeParse(config.voc ?? {});
  if (!result.success) {
    throw new Error(`config.voc is invalid: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const { enabled, analysisThread, ...job } = result.data;
  return { enabled, analysisThread, job: { ...defaultJobOptions, ...job } };
}
