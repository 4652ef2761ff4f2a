import { z } from 'zod';
import { BusinessHours } from './businessHours';

/** Every channel the hub speaks. Switches over it must be exhaustive (see assertNever). */
export const channelKinds = ['voice', 'sms', 'email', 'chat'] as const;
export const ChannelKind = z.enum(channelKinds);
export type ChannelKind = z.infer<typeof ChannelKind>;

export const conversationStates = ['queued', 'offered', 'active', 'wrap_up', 'closed', 'abandoned'] as const;
export const ConversationState = z.enum(conversationStates);
export type ConversationState = z.infer<typeof ConversationState>;

export const Role = z.enum(['agent', 'supervisor', 'admin']);
export type Role = z.infer<typeof Role>;

/** What the agent chose. `away_missed` is set by the hub after repeated missed offers. */
export const Presence = z.enum(['available', 'away', 'away_missed', 'offline']);
export type Presence = z.infer<typeof Presence>;

/** What supervisors see: presence combined with the work the agent holds. */
export const AgentState = z.enum(['available', 'busy', 'wrap_up', 'away', 'away_missed', 'offline']);
export type AgentState = z.infer<typeof AgentState>;

export const IdentityKind = z.enum(['phone', 'email', 'chat', 'external']);
export type IdentityKind = z.infer<typeof IdentityKind>;

export const MessageDirection = z.enum(['in', 'out', 'note']);
export type MessageDirection = z.infer<typeof MessageDirection>;

const slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, "-" and "_"');

export const QueueId = slug;
export const SkillName = slug;

/** Skill name -> level 1..10; a queue requires a minimum level per skill. */
export const SkillLevels = z.record(SkillName, z.number().int().min(1).max(10));
export type SkillLevels = z.infer<typeof SkillLevels>;

/** Simultaneous conversations per channel. Voice is exclusive of chat/SMS work. */
export const Capacity = z.object({
  voice: z.number().int().min(0).max(1),
  chat: z.number().int().min(0).max(20),
  email: z.number().int().min(0).max(50),
  sms: z.number().int().min(0).max(20),
});
export type Capacity = z.infer<typeof Capacity>;
export const defaultCapacity: Capacity = { voice: 1, chat: 3, email: 2, sms: 3 };

export const Agent = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  skills: SkillLevels,
  capacity: Capacity,
});
export type Agent = z.infer<typeof Agent>;

export const AgentLoad = z.object({ voice: z.number(), chat: z.number(), email: z.number(), sms: z.number() });
export type AgentLoad = z.infer<typeof AgentLoad>;

export const AgentSnapshot = Agent.extend({
  presence: Presence,
  awayReason: z.string().nullable(),
  state: AgentState,
  stateSince: z.number(),
  load: AgentLoad,
  missedOffers: z.number().int(),
  connected: z.boolean(),
});
export type AgentSnapshot = z.infer<typeof AgentSnapshot>;

/**
 * The language a queue speaks to customers: voice prompts, automatic acknowledgements and the hub's chat
 * lines. Texts an admin typed are sent as typed; only the built-in wording follows this.
 */
export const CUSTOMER_LANGUAGES = ['en', 'es'] as const;
export const CustomerLanguage = z.enum(CUSTOMER_LANGUAGES);
export type CustomerLanguage = z.infer<typeof CustomerLanguage>;

export const Queue = z.object({
  id: QueueId,
  name: z.string().min(1).max(120),
  channels: z.array(ChannelKind).min(1),
  skills: SkillLevels,
  /** Service-level threshold: answered within this many seconds counts as "in service level". */
  slaSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600),
  priority: z.number().int().min(0).max(100),
  /** Target share answered within slaSeconds, for alerting and the staffing forecast. */
  slTargetPercent: z.number().min(1).max(100).default(80),
  /** Callers who hang up before this are "short abandons": excluded from SL and abandonment rate. */
  shortAbandonSeconds: z.number().int().min(0).max(600).default(5),
  /** When the queue is open (every channel reads it); absent = always open. */
  hours: BusinessHours.optional(),
  /**
   * A new contact from a customer whose last conversation here an agent handled within this many hours is
   * offered to that agent first; absent = the hub's `stickyWindowHours`. 0 turns it off for this queue.
   */
  stickyWindowHours: z
    .number()
    .min(0)
    .max(24 * 365)
    .optional(),
  /** What customers of this queue hear and read from the hub (see CustomerLanguage); absent = English. */
  language: CustomerLanguage.optional(),
});
export type Queue = z.infer<typeof Queue>;
/** A queue as written by an admin: fields with defaults may be left out. */
export type QueueInput = z.input<typeof Queue>;

export const QueueStats = z.object({
  queueId: QueueId,
  waiting: z.number().int(),
  oldestWaitingSince: z.number().nullable(),
  offered: z.number().int(),
  active: z.number().int(),
  agentsAvailable: z.number().int(),
  agentsBusy: z.number().int(),
  agentsAway: z.number().int(),
});
export type QueueStats = z.infer<typeof QueueStats>;

export const CustomerSummary = z.object({
  id: z.number().int(),
  displayName: z.string(),
  identities: z.array(z.object({ kind: IdentityKind, value: z.string() })),
});
export type CustomerSummary = z.infer<typeof CustomerSummary>;

export const Conversation = z.object({
  id: z.number().int(),
  channel: ChannelKind,
  customerId: z.number().int(),
  queueId: QueueId,
  state: ConversationState,
  priority: z.number().int(),
  subject: z.string().nullable(),
  threadKey: z.string().nullable(),
  assignedAgentId: z.number().int().nullable(),
  lastAgentId: z.number().int().nullable(),
  createdAt: z.number(),
  enqueuedAt: z.number().nullable(),
  firstResponseAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  disposition: z.string().nullable(),
});
export type Conversation = z.infer<typeof Conversation>;

export const Message = z.object({
  id: z.number().int(),
  conversationId: z.number().int(),
  direction: MessageDirection,
  authorAgentId: z.number().int().nullable(),
  bodyText: z.string(),
  /** Raw HTML as received; never rendered directly (the renderer sanitises into a sandboxed frame). */
  bodyHtml: z.string().nullable(),
  providerId: z.string().nullable(),
  status: z.string().nullable(),
  meta: z.record(z.string(), z.unknown()),
  createdAt: z.number(),
});
export type Message = z.infer<typeof Message>;

export const Offer = z.object({
  offerId: z.string(),
  conversationId: z.number().int(),
  agentId: z.number().int(),
  channel: ChannelKind,
  queueId: QueueId,
  customer: CustomerSummary,
  subject: z.string().nullable(),
  preview: z.string(),
  waitingSince: z.number(),
  expiresAt: z.number(),
  reason: z.enum(['queue', 'sticky', 'transfer']),
  transferNote: z.string().nullable(),
});
export type Offer = z.infer<typeof Offer>;

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}

/** Types of rows in the append-only event log; metrics are defined over these (docs/metrics.md). */
export const EventType = z.enum([
  'conversation/created',
  'conversation/reopened',
  'conversation/queued',
  'conversation/offered',
  'conversation/accepted',
  'conversation/rejected',
  'conversation/offerTimeout',
  'conversation/offerRevoked',
  'conversation/transferred',
  'conversation/wrapUp',
  'conversation/closed',
  'conversation/abandoned',
  'message/in',
  'message/out',
  'message/note',
  'agent/presence',
  'agent/connected',
  'agent/disconnected',
  'hub/started',
  'supervisor/monitor',
  'supervisor/whisper',
  'supervisor/barge',
  'supervisor/agentChanged',
  'supervisor/conversationChanged',
]);
export type EventType = z.infer<typeof EventType>;
