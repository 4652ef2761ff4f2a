import { z } from 'zod';
import { IanaTimeZone, PreChatNeed, QueueId } from '../../contracts';
import { isProxyEntry } from '../../hub/clientKey';

const rate = z.strictObject({ perSecond: z.number().positive(), burst: z.number().int().positive() });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM (24h)');

/** SMTP relay used for transcripts and one-time codes; absent => those features answer `unavailable`. */
export const SmtpConfig = z.strictObject({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean().default(false),
  /** Loopback test relays have no TLS; production relays should keep STARTTLS. */
  ignoreTLS: z.boolean().default(false),
  auth: z.strictObject({ user: z.string().min(1), pass: z.string().min(1) }).optional(),
  from: z.string().min(3),
});
export type SmtpConfig = z.output<typeof SmtpConfig>;

/**
 * Deprecated: `webchat.hours`, one set of windows for every chat queue (days 0 = Sunday; `to` exclusive).
 * Still accepted so existing files start; moved onto the chat queues once at start-up
 * (services/server/legacyHours.ts). The chat reads its queue's hours.
 */
export const OpeningHours = z.strictObject({
  timeZone: IanaTimeZone.default('UTC'),
  /** days: 0 = Sunday ... 6 = Saturday; `to` is exclusive. */
  weekly: z.array(z.strictObject({ days: z.array(z.number().int().min(0).max(6)).min(1), from: hhmm, to: hhmm })).min(1),
});
export type OpeningHours = z.output<typeof OpeningHours>;

/** A website's origin as browsers send it: scheme, host and port only ("https://shop.example.com"). */
const Origin = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/, 'a web address like https://shop.example.com (no path)');

/** `config.webchat`. Absent => the module registers nothing and says so in the log. */
export const WebchatConfig = z.strictObject({
  /** Websites allowed to embed the chat; empty = any. The hub's own demo page is always allowed. */
  allowedOrigins: z.array(Origin).max(100).default([]),
  /** The queue the embed snippet and the /chat demo page start chats in. */
  queueId: QueueId.default('support'),
  /** The pre-chat form's fields: not asked, asked, or needed before a chat starts. */
  preChat: z
    .object({ name: PreChatNeed.default('optional'), email: PreChatNeed.default('optional'), phone: PreChatNeed.default('optional') })
    .strict()
    .prefault({}),
  maxMessageChars: z.number().int().min(1).max(64_000).default(4000),
  // The socket transport caps a frame at 1 MB; base overhead included, 900 kB is the most a file can be.
  maxFileBytes: z
    .number()
    .int()
    .min(1)
    .max(900_000)
    .default(512 * 1024),
  allowedFileTypes: z
    .array(z.enum(['image/png', 'image/jpeg', 'image/gif', 'application/pdf', 'text/plain']))
    .default(['image/png', 'image/jpeg', 'image/gif', 'application/pdf', 'text/plain']),
  /** Messages, files, offline forms, history replies per visitor. */
  visitorRate: rate.default({ perSecond: 1, burst: 8 }),
  /** Every command from one IP address (a whole office may share one). */
  ipRate: rate.default({ perSecond: 10, burst: 60 }),
  maxConnectionsPerIp: z.number().int().min(1).default(20),
  /**
   * New chats per address (an IPv6 /64 counts as one address, as in every per-address limit here): each chat
   * is a new visitor with budgets of its own, so opening chats must itself be limited.
   */
  startRate: rate.default({ perSecond: 0.2, burst: 20 }),
  /**
   * Reverse proxies in front of the hub (addresses or CIDR ranges) whose X-Forwarded-For names the visitor.
   * Empty: the socket's peer address is the visitor's, whatever headers say.
   */
  trustedProxies: z.array(z.string().refine(isProxyEntry, 'an IPv4/IPv6 address or CIDR range')).max(100).default([]),
  /** Disk use of visitor uploads (under <dataDir>/webchat-files). */
  uploads: z
    .object({
      /** Bytes one address (IPv6: one /64) may upload per hour, across all its chats and sockets. */
      perAddressBytesPerHour: z
        .number()
        .int()
        .min(1)
        .default(20 * 1024 * 1024),
      /** Bytes of files one conversation may hold. */
      perConversationBytes: z
        .number()
        .int()
        .min(1)
        .default(20 * 1024 * 1024),
      /** All visitor uploads together; beyond it every upload is refused (chat itself keeps working). */
      maxTotalBytes: z
        .number()
        .int()
        .min(1)
        .default(2 * 1024 * 1024 * 1024),
      /** Uploads are refused while the disk holding them has less free space than this. */
      minFreeDiskBytes: z
        .number()
        .int()
        .min(0)
        .default(512 * 1024 * 1024),
      /**
       * A file is deleted once its conversation is closed and nothing happened in it for this many days
       * (the message stays and says the file was removed). 0 keeps files for ever.
       */
      retentionDays: z.number().min(0).default(365),
      /** A file no message points at (an upload whose message was never stored) is deleted after this; at least a minute, so an upload in flight is never taken for one. */
      orphanGraceMinutes: z.number().min(1).default(60),
      /** How often the clean-up runs. */
      cleanupIntervalMs: z.number().int().min(50).default(3600_000),
    })
    .default({
      perAddressBytesPerHour: 20 * 1024 * 1024,
      perConversationBytes: 20 * 1024 * 1024,
      maxTotalBytes: 2 * 1024 * 1024 * 1024,
      minFreeDiskBytes: 512 * 1024 * 1024,
      retentionDays: 365,
      orphanGraceMinutes: 60,
      cleanupIntervalMs: 3600_000,
    }),
  /** A waiting visitor whose every tab is gone this long has left (a reload reconnects well within it). */
  abandonAfterDisconnectMs: z.number().int().min(0).default(60_000),
  /** How long a visitor token resumes a chat after it was last used. */
  resumeHours: z.number().positive().default(24),
  /** Deprecated (see OpeningHours): business hours are set on the queue. */
  hours: OpeningHours.optional(),
  smtp: SmtpConfig.optional(),
  codes: z
    .object({
      ttlSeconds: z.number().int().min(10).default(600),
      maxTries: z.number().int().min(1).default(5),
      perIdentityPerHour: z.number().int().min(1).default(5),
      perIpPerHour: z.number().int().min(1).default(20),
    })
    .default({ ttlSeconds: 600, maxTries: 5, perIdentityPerHour: 5, perIpPerHour: 20 }),
  historySessionMinutes: z.number().positive().default(30),
  transcriptsPerChat: z.number().int().min(1).default(3),
  /** Transcript mails per address (IPv6: /64) per hour, across all its chats: the recipient is any address typed in. */
  transcriptsPerAddressPerHour: z.number().int().min(1).default(10),
  /** Offline-form messages per address (IPv6: /64) per hour: each becomes an email work item for the agents. */
  offlinePerAddressPerHour: z.number().int().min(1).default(10),
  /** Expected wait per position before the queue has a pace of its own. */
  defaultSecondsPerPosition: z.number().int().min(1).default(60),
  /** Positions are also re-checked on this beat (an agent freeing up moves everyone without an event). */
  positionRefreshMs: z.number().int().min(50).default(1000),
  /** Brand line shown in the widget header, as typed; unset = "Chat with us" in the visitor's language. */
  title: z.string().max(80).optional(),
});
export type WebchatConfig = z.output<typeof WebchatConfig>;
