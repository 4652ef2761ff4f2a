import { z } from 'zod';
import { defaultRouterConfig } from '../routing/types';
import { StoreConfig } from './storeConfig';

export const HubConfig = z.strictObject({
  host: z.string().default('127.0.0.1'),
  /** 0 picks a free port (tests, embedded desktop). */
  port: z.number().int().min(0).max(65535).default(0),
  /** SQLite file; ':memory:' is refused because the reader and writer need the same file. */
  dbFile: z
    .string()
    .min(1)
    .refine((f) => f !== ':memory:', 'use a file: the hub needs WAL readers'),
  /**
   * Where batch ingest runs: 'worker', a worker thread with its own SQLite connection (the main thread posts
   * a batch and gets one reply after COMMIT), or 'writer', the main thread's writer connection.
   */
  ingestOn: z.enum(['worker', 'writer']).default('writer'),
  /** The database engine: absent = SQLite in dbFile; `{ engine: 'postgres', url }` for team mode (storeConfig.ts). */
  store: StoreConfig.optional(),
  /** URL the outside world (Twilio, widget hosts) reaches the hub at; used to validate webhook signatures. */
  publicUrl: z.string().url().optional(),
  /** Created when the agent table is empty. Without a password one is generated and logged once. */
  bootstrapAdmin: z
    .object({ username: z.string().min(1).default('admin'), password: z.string().min(8).optional() })
    .default({ username: 'admin' }),
  routing: z
    .object({
      offerTimeoutMs: z.number().int().min(100).default(defaultRouterConfig.offerTimeoutMs),
      maxMissedOffers: z.number().int().min(1).default(defaultRouterConfig.maxMissedOffers),
      voiceInterruptsEmail: z.boolean().default(defaultRouterConfig.voiceInterruptsEmail),
      rejectCooldownMs: z.number().int().min(0).default(defaultRouterConfig.rejectCooldownMs),
    })
    .default({
      offerTimeoutMs: defaultRouterConfig.offerTimeoutMs,
      maxMissedOffers: defaultRouterConfig.maxMissedOffers,
      voiceInterruptsEmail: defaultRouterConfig.voiceInterruptsEmail,
      rejectCooldownMs: defaultRouterConfig.rejectCooldownMs,
    }),
  reopenWindowHours: z.number().min(0).default(72),
  stickyWindowHours: z.number().min(0).default(72),
  defaultRegion: z.string().length(2).default('US'),
  dispositions: z.array(z.string().min(1).max(64)).min(1).default(['resolved', 'follow_up', 'no_answer', 'spam', 'transferred_out']),
  /** Per socket: sustained commands per second and burst. */
  commandRate: z
    .strictObject({ perSecond: z.number().positive(), burst: z.number().int().positive() })
    .default({ perSecond: 20, burst: 60 }),
  sessionTtlHours: z.number().positive().default(12),
  /**
   * Sign-in hardening. scrypt (~50 ms, 32 MiB each) shares libuv's thread pool with SQLite, so at most
   * maxConcurrentChecks password checks run at once and maxWaitingChecks wait; beyond that a sign-in gets
   * 429 at once. perAddress paces one client address; failures limits wrong passwords per address+username.
   */
  login: z
    .object({
      maxConcurrentChecks: z.number().int().min(1).default(2),
      maxWaitingChecks: z.number().int().min(0).default(16),
      perAddress: z
        .strictObject({ perSecond: z.number().positive(), burst: z.number().int().positive() })
        .default({ perSecond: 5, burst: 30 }),
      failures: z
        .strictObject({ perMinute: z.number().positive(), burst: z.number().int().positive() })
        .default({ perMinute: 5, burst: 5 }),
    })
    .default({
      maxConcurrentChecks: 2,
      maxWaitingChecks: 16,
      perAddress: { perSecond: 5, burst: 30 },
      failures: { perMinute: 5, burst: 5 },
    }),
  /** Built renderer served at `/` (the agent desktop in a browser). */
  rendererDir: z.string().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How often offer timeouts are checked. */
  tickMs: z.number().int().min(10).default(250),
  /** Coalescing window for queue/stats pushes to supervisors (the live board: < 100 ms from the event). */
  statsPushMs: z.number().int().min(0).default(50),
  /** Agents see queue counts too, but at a calmer cadence: one broadcast to hundreds of sockets costs the hub. */
  agentStatsPushMs: z.number().int().min(0).default(1000),
  /** Attachments and other hub-owned files; defaults to the folder of dbFile. */
  dataDir: z.string().optional(),
  // Feature sections: each module validates its own section with its own schema (absent = disabled).
  customers: z.unknown().optional(),
  email: z.unknown().optional(),
  twilio: z.unknown().optional(),
  webchat: z.unknown().optional(),
  voc: z.unknown().optional(),
  /** Team mode (store.engine postgres): routing partitions and lock timings, services/cluster/config.ts. */
  cluster: z.unknown().optional(),
  platform: z.unknown().optional(),
});
export type HubConfig = z.output<typeof HubConfig>;
export type HubConfigInput = z.input<typeof HubConfig>;
