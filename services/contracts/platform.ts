import { z } from 'zod';
import type { CommandTable } from './commandSpec';
import { ChannelKind } from './domain';

/**
 * The open platform: API keys for partner systems, outgoing webhooks, exports, and the customer's data
 * rights (export one customer, erase one customer, retention per channel). Admin only, checked on the hub.
 */

const id = z.number().int().positive();
const admins = ['admin'] as const;

/** What an API key may do. Each public route names the one scope it needs. */
export const apiScopes = [
  'customers:read',
  'conversations:read',
  'messages:write',
  'queues:read',
  'agents:read',
  'metrics:read',
  'exports:read',
  'customers:export',
  'customers:erase',
] as const;
export const ApiScope = z.enum(apiScopes);
export type ApiScope = z.infer<typeof ApiScope>;

/** Plain words for each scope, for the admin screen. */
export const apiScopeLabels: Readonly<Record<ApiScope, string>> = {
  'customers:read': 'Read customers',
  'conversations:read': 'Read conversations and messages',
  'messages:write': 'Start conversations and send messages',
  'queues:read': 'Read queues and live queue figures',
  'agents:read': 'Read agents',
  'metrics:read': 'Read reports',
  'exports:read': 'Download exports',
  'customers:export': "Export one customer's data",
  'customers:erase': 'Erase a customer',
};

/** An API key as admins see it: never the secret (shown once, at creation) nor its hash. */
export const ApiKey = z.object({
  id: z.number().int(),
  name: z.string(),
  /** The first characters of the key, so an admin can tell keys apart (`sbk_12_ab3f…`). */
  prefix: z.string(),
  scopes: z.array(ApiScope),
  /** Requests per minute this key may make (a token bucket: this many at once, refilled over a minute). */
  rateLimitPerMinute: z.number().int(),
  expiresAt: z.number().nullable(),
  createdAt: z.number(),
  createdByAgentId: z.number().int().nullable(),
  revokedAt: z.number().nullable(),
  lastUsedAt: z.number().nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

const label = z
  .string()
  .trim()
  .min(1)
  .max(120)
  // eslint-disable-next-line no-control-regex -- the point is to refuse them
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not contain control characters');

export const ApiKeyCreateInput = z
  .object({
    name: label,
    scopes: z.array(ApiScope).min(1).max(apiScopes.length),
    rateLimitPerMinute: z.number().int().min(1).max(10_000).default(600),
    /** Milliseconds since the epoch; absent = the key does not expire. */
    expiresAt: z.number().int().positive().optional(),
  })
  .strict();

/** Events a webhook can subscribe to; each is derived from a committed row (docs/api.md, "Webhooks"). */
export const webhookEventTypes = [
  'conversation.created',
  'conversation.closed',
  'conversation.abandoned',
  'message.in',
  'message.out',
  'customer.merged',
  'offer.missed',
  'sla.breached',
] as const;
export const WebhookEventType = z.enum(webhookEventTypes);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

export const webhookEventLabels: Readonly<Record<WebhookEventType, string>> = {
  'conversation.created': 'Conversation started',
  'conversation.closed': 'Conversation closed',
  'conversation.abandoned': 'Customer gave up waiting',
  'message.in': 'Message from a customer',
  'message.out': 'Message to a customer',
  'customer.merged': 'Customer records merged',
  'offer.missed': 'Agent missed an offer',
  'sla.breached': 'Answered or abandoned after the service-level time',
};

/** The body every delivery POSTs: the event id is the receiver's dedupe key. */
export const WebhookPayload = z.object({
  id: z.string(),
  type: WebhookEventType,
  createdAt: z.number(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;

export const WebhookSubscription = z.object({
  id: z.number().int(),
  url: z.string(),
  events: z.array(WebhookEventType),
  description: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.number(),
  /** Deliveries waiting or retrying, and given up, now. */
  pending: z.number().int(),
  failed: z.number().int(),
});
export type WebhookSubscription = z.infer<typeof WebhookSubscription>;

export const DeliveryState = z.enum(['pending', 'delivered', 'failed']);
export type DeliveryState = z.infer<typeof DeliveryState>;

export const WebhookDelivery = z.object({
  id: z.number().int(),
  subscriptionId: z.number().int(),
  eventId: z.string(),
  eventType: WebhookEventType,
  state: DeliveryState,
  attempts: z.number().int(),
  nextAttemptAt: z.number().nullable(),
  lastAttemptAt: z.number().nullable(),
  /** HTTP status of the last attempt; null when the receiver could not be reached. */
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.number().nullable(),
  createdAt: z.number(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'an http:// or https:// address');

export const RetentionPolicy = z.object({
  channel: ChannelKind,
  /** Closed conversations older than this many days (by when they closed) are deleted. */
  days: z.number().int().min(1).max(36_500),
  updatedAt: z.number(),
});
export type RetentionPolicy = z.infer<typeof RetentionPolicy>;

export const RetentionRun = z.object({
  id: z.number().int(),
  at: z.number(),
  channel: ChannelKind,
  days: z.number().int(),
  conversations: z.number().int(),
  messages: z.number().int(),
});
export type RetentionRun = z.infer<typeof RetentionRun>;

/** What erasing a customer removed (counts only: the erasure record holds no personal data). */
export const ErasureReport = z.object({
  erasureId: z.number().int(),
  customers: z.number().int(),
  conversations: z.number().int(),
  messages: z.number().int(),
  identities: z.number().int(),
  attachments: z.number().int(),
  attachmentFiles: z.number().int(),
});
export type ErasureReport = z.infer<typeof ErasureReport>;

export const platformCommands = {
  'platform/apiKeys': { roles: admins, input: z.object({}).strict(), output: z.array(ApiKey) },
  /** The secret is in this reply only; the hub keeps a hash. */
  'platform/apiKeyCreate': { roles: admins, input: ApiKeyCreateInput, output: z.object({ key: ApiKey, secret: z.string() }) },
  'platform/apiKeyRevoke': { roles: admins, input: z.object({ keyId: id }).strict(), output: ApiKey },
  'platform/webhooks': { roles: admins, input: z.object({}).strict(), output: z.array(WebhookSubscription) },
  /** The signing secret is in this reply only (it is kept to sign, never shown again). */
  'platform/webhookCreate': {
    roles: admins,
    input: z
      .object({ url: WebhookUrl, events: z.array(WebhookEventType).min(1).max(webhookEventTypes.length), description: label.optional() })
      .strict(),
    output: z.object({ subscription: WebhookSubscription, secret: z.string() }),
  },
  'platform/webhookSetActive': {
    roles: admins,
    input: z.object({ subscriptionId: id, active: z.boolean() }).strict(),
    output: WebhookSubscription,
  },
  'platform/webhookDelete': {
    roles: admins,
    input: z.object({ subscriptionId: id }).strict(),
    output: z.object({ deleted: z.literal(true) }),
  },
  'platform/webhookDeliveries': {
    roles: admins,
    input: z.object({ subscriptionId: id, limit: z.number().int().min(1).max(200).default(50) }).strict(),
    output: z.array(WebhookDelivery),
  },
  /** Queues the delivery again now (a failed one gets a fresh set of attempts). */
  'platform/webhookResend': { roles: admins, input: z.object({ deliveryId: id }).strict(), output: WebhookDelivery },
  'platform/retention': {
    roles: admins,
    input: z.object({}).strict(),
    output: z.object({ policies: z.array(RetentionPolicy), runs: z.array(RetentionRun) }),
  },
  /** days null removes the channel's policy (keep forever). */
  'platform/retentionSet': {
    roles: admins,
    input: z.object({ channel: ChannelKind, days: z.number().int().min(1).max(36_500).nullable() }).strict(),
    output: z.array(RetentionPolicy),
  },
  'platform/retentionRunNow': { roles: admins, input: z.object({}).strict(), output: z.array(RetentionRun) },
  'platform/customerErase': {
    roles: admins,
    input: z.object({ customerId: id, reason: label }).strict(),
    output: ErasureReport,
  },
  /** A short-lived link for a console download (exports stream over HTTP, not the socket). */
  'platform/downloadLink': {
    roles: admins,
    input: z
      .object({
        kind: z.enum(['conversations', 'messages', 'report', 'customer']),
        format: z.enum(['csv', 'json']).default('json'),
        from: z.number().int().nonnegative().optional(),
        to: z.number().int().positive().optional(),
        customerId: id.optional(),
      })
      .strict(),
    output: z.object({ url: z.string(), expiresAt: z.number() }),
  },
} as const satisfies CommandTable;
