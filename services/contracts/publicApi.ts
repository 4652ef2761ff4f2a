import { z } from 'zod';
import { AgentState, ChannelKind, Conversation, ConversationState, Message, Presence, Queue, QueueId, QueueStats, Role } from './domain';
import { CustomerIdentity, CustomerNote, CustomerProfile, CustomerSearchHit, MergeRecord, TimelineItem } from './customers';
import { HubErrorShape } from './errors';
import { MAX_MESSAGE_CHARS } from './commands';
import { MetricsReport, WindowFigures } from './metrics';
import { type ApiScope, ErasureReport } from './platform';
import { OutboundChannel } from './outbound';

/**
 * The public REST API (`/api/v1`), as data: every route's method, path, scope, parameters and reply schema.
 * The hub registers exactly these routes and the OpenAPI document is generated from this table, so the two
 * cannot drift (tests/integration/platform-openapi.test.ts checks every registered route against it).
 */

const positiveId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const limit = (max: number, dflt: number) => z.coerce.number().int().min(1).max(max).default(dflt);
const time = z.coerce.number().int().nonnegative().max(8_640_000_000_000_000);

/** An opaque position in a list; pass the `nextCursor` of one page to get the next. */
export const Cursor = z
  .string()
  .max(64)
  .regex(/^[0-9]{1,16}(:[0-9]{1,16})?$/, 'a cursor returned by a previous page');

export const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    /** null when this was the last page for now (sync: keep it and ask again later with the last cursor you had). */
    nextCursor: Cursor.nullable(),
  });

export const ApiError = HubErrorShape.meta({ id: 'Error' });

export const ApiAgent = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  presence: Presence,
  state: AgentState,
  connected: z.boolean(),
});
export type ApiAgent = z.infer<typeof ApiAgent>;

export const CustomerExport = z.object({
  exportedAt: z.number(),
  customer: CustomerProfile,
  /** Records merged into this one (the same person), each with its own identities. */
  mergedRecords: z.array(CustomerProfile),
  notes: z.array(CustomerNote),
  merges: z.array(MergeRecord),
  conversations: z.array(
    Conversation.extend({
      messages: z.array(
        Message.extend({
          attachments: z.array(
            z.object({ filename: z.string().nullable(), contentType: z.string().nullable(), size: z.number().nullable() }),
          ),
        }),
      ),
    }),
  ),
});
export type CustomerExport = z.infer<typeof CustomerExport>;

/** One row of the conversations export (CSV columns in this order). */
export const ConversationRow = z.object({
  id: z.number().int(),
  channel: ChannelKind,
  customerId: z.number().int(),
  queueId: z.string(),
  state: ConversationState,
  subject: z.string().nullable(),
  assignedAgentId: z.number().int().nullable(),
  createdAt: z.number(),
  firstResponseAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  disposition: z.string().nullable(),
  messageCount: z.number().int(),
});
export type ConversationRow = z.infer<typeof ConversationRow>;

export const MessageRow = z.object({
  id: z.number().int(),
  conversationId: z.number().int(),
  channel: ChannelKind,
  customerId: z.number().int(),
  direction: z.enum(['in', 'out', 'note']),
  authorAgentId: z.number().int().nullable(),
  bodyText: z.string(),
  status: z.string().nullable(),
  createdAt: z.number(),
});
export type MessageRow = z.infer<typeof MessageRow>;

/** One report period (a UTC day) for one queue and channel. */
export const ReportRow = z.object({
  day: z.string(),
  from: z.number(),
  to: z.number(),
  queueId: QueueId,
  channel: ChannelKind,
  ...WindowFigures.shape,
});
export type ReportRow = z.infer<typeof ReportRow>;

const window = z
  .object({ from: time, to: time })
  .strict()
  .refine((w) => w.to > w.from, 'from must be before to');
const exportQuery = z
  .object({
    from: time.default(0),
    to: time.optional(),
    format: z.enum(['csv', 'json']).default('json'),
    token: z.string().max(400).optional(),
  })
  .strict();

export type PublicRouteSpec = Readonly<{
  method: 'GET' | 'POST' | 'DELETE';
  /** Under /api/v1, fastify style (`/customers/:id`). */
  path: string;
  /** null: public (the OpenAPI document and docs page). */
  scope: ApiScope | null;
  summary: string;
  description?: string;
  params?: z.ZodObject;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The 200 reply; for `stream` routes, one row of the streamed CSV/JSON array. */
  response: z.ZodType;
  stream?: true;
  /** Answers 304 to a matching If-None-Match. */
  etag?: true;
}>;

const idParams = z.object({ id: positiveId }).strict();

export const publicRoutes = {
  customersList: {
    method: 'GET',
    path: '/customers',
    scope: 'customers:read',
    summary: 'List customers changed since a time, oldest change first (incremental sync)',
    description:
      'Ordered by last change (updatedAt, else createdAt) then id. Keep the nextCursor of the last page and pass it next time to get only what changed since. Records merged into another carry mergedInto.',
    query: z.object({ updated_since: time.optional(), cursor: Cursor.optional(), limit: limit(500, 100) }).strict(),
    response: page(CustomerProfile),
  },
  customersSearch: {
    method: 'GET',
    path: '/customers/search',
    scope: 'customers:read',
    summary: 'Find customers by phone, email or name',
    query: z.object({ q: z.string().trim().min(1).max(200), limit: limit(50, 20) }).strict(),
    response: z.object({ items: z.array(CustomerSearchHit) }),
  },
  customerGet: {
    method: 'GET',
    path: '/customers/:id',
    scope: 'customers:read',
    summary: 'One customer',
    params: idParams,
    response: CustomerProfile,
    etag: true,
  },
  customerIdentities: {
    method: 'GET',
    path: '/customers/:id/identities',
    scope: 'customers:read',
    summary: "A customer's phone numbers, email addresses and other identities",
    params: idParams,
    response: z.object({ items: z.array(CustomerIdentity) }),
    etag: true,
  },
  customerTimeline: {
    method: 'GET',
    path: '/customers/:id/timeline',
    scope: 'customers:read',
    summary: "A customer's conversations on every channel, newest first",
    params: idParams,
    query: z.object({ cursor: Cursor.optional(), limit: limit(200, 50) }).strict(),
    response: page(TimelineItem),
  },
  customerExport: {
    method: 'GET',
    path: '/customers/:id/export',
    scope: 'customers:export',
    summary: 'Everything stored about one customer, machine-readable (data-subject access request)',
    params: idParams,
    query: z.object({ token: z.string().max(400).optional() }).strict(),
    response: CustomerExport,
  },
  customerErase: {
    method: 'DELETE',
    path: '/customers/:id',
    scope: 'customers:erase',
    summary: 'Erase one customer: messages, identities, attachments, notes, search index rows',
    description: 'Only anonymous metrics events (no customer, no text) are kept. Written to the audit log with the reason.',
    params: idParams,
    query: z.object({ reason: z.string().trim().min(1).max(200) }).strict(),
    response: ErasureReport,
  },
  conversationsList: {
    method: 'GET',
    path: '/conversations',
    scope: 'conversations:read',
    summary: 'Conversations in the order they changed (incremental sync)',
    description:
      'Every conversation that changed after the cursor (created, queued, answered, messaged, closed), each once per page, in the order of its first change after the cursor. Start without a cursor to read them all.',
    query: z.object({ cursor: Cursor.optional(), limit: limit(500, 100) }).strict(),
    response: page(Conversation),
  },
  conversationGet: {
    method: 'GET',
    path: '/conversations/:id',
    scope: 'conversations:read',
    summary: 'One conversation',
    params: idParams,
    response: Conversation,
    etag: true,
  },
  conversationMessages: {
    method: 'GET',
    path: '/conversations/:id/messages',
    scope: 'conversations:read',
    summary: "A conversation's messages, oldest first",
    params: idParams,
    query: z.object({ cursor: Cursor.optional(), limit: limit(500, 100) }).strict(),
    response: page(Message),
  },
  conversationCreate: {
    method: 'POST',
    path: '/conversations',
    scope: 'messages:write',
    summary: 'Start an SMS or email conversation with a customer, held by the given agent',
    description: 'The same path as an agent starting one from the desk: the conversation is active and held by agentId.',
    body: z
      .object({
        customerId: z.number().int().positive(),
        channel: OutboundChannel,
        agentId: z.number().int().positive(),
        queueId: QueueId.optional(),
        subject: z.string().trim().min(1).max(200).optional(),
      })
      .strict(),
    response: Conversation,
  },
  messageCreate: {
    method: 'POST',
    path: '/conversations/:id/messages',
    scope: 'messages:write',
    summary: 'Send a message to the customer as the agent who holds the conversation',
    params: idParams,
    body: z.object({ bodyText: z.string().min(1).max(MAX_MESSAGE_CHARS) }).strict(),
    response: Message,
  },
  messagesList: {
    method: 'GET',
    path: '/messages',
    scope: 'conversations:read',
    summary: 'Every message stored after the cursor, in the order stored (incremental sync)',
    query: z.object({ cursor: Cursor.optional(), limit: limit(1000, 200) }).strict(),
    response: page(Message),
  },
  queuesList: {
    method: 'GET',
    path: '/queues',
    scope: 'queues:read',
    summary: 'Queues with their live figures (waiting, oldest wait, agents)',
    response: z.object({ items: z.array(z.object({ queue: Queue, stats: QueueStats })) }),
  },
  agentsList: {
    method: 'GET',
    path: '/agents',
    scope: 'agents:read',
    summary: 'Agents and their current state',
    response: z.object({ items: z.array(ApiAgent) }),
  },
  reportGet: {
    method: 'GET',
    path: '/reports',
    scope: 'metrics:read',
    summary: 'Figures for a window of at most 31 days (service level, waits, handle time, occupancy)',
    query: window.refine((w) => w.to - w.from <= 31 * 86_400_000, 'a window of at most 31 days'),
    response: MetricsReport,
  },
  exportConversations: {
    method: 'GET',
    path: '/exports/conversations',
    scope: 'exports:read',
    summary: 'Conversations created in [from, to), streamed as CSV or a JSON array',
    query: exportQuery,
    response: ConversationRow,
    stream: true,
  },
  exportMessages: {
    method: 'GET',
    path: '/exports/messages',
    scope: 'exports:read',
    summary: 'Messages (not internal notes) created in [from, to), streamed as CSV or a JSON array',
    query: exportQuery,
    response: MessageRow,
    stream: true,
  },
  exportReport: {
    method: 'GET',
    path: '/exports/report',
    scope: 'exports:read',
    summary: 'Report figures per UTC day, queue and channel for [from, to), streamed as CSV or a JSON array',
    query: exportQuery,
    response: ReportRow,
    stream: true,
  },
} as const satisfies Record<string, PublicRouteSpec>;

export type PublicRouteName = keyof typeof publicRoutes;
export type PublicRouteReply<N extends PublicRouteName> = z.infer<(typeof publicRoutes)[N]['response']>;
