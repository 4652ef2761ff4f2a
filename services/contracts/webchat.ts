import { z } from 'zod';
import { ChannelKind, CustomerLanguage, QueueId } from './domain';

/**
 * The web-chat visitor protocol on the hub's `/visitor` socket.io namespace. Same shape as the agent
 * protocol: `emit('command', {name, input}, ack)` with a typed reply, plus server pushes by event name.
 * Everything a visitor sends is hostile: the hub validates it against these schemas before anything runs.
 */

export const VisitorErrorCode = z.enum([
  'invalid_input',
  'unknown_command',
  /** Missing, unknown or expired visitor/history token. */
  'unauthenticated',
  'not_found',
  'forbidden',
  'conflict',
  'rate_limited',
  'too_large',
  /** An upload quota (per address, per conversation, or all uploads together) is used up; text still works. */
  'quota_exceeded',
  'unsupported_type',
  /** No agent can take chats now or outside opening hours: use the offline form. */
  'offline',
  /** The hub has this feature switched off (no SMTP, no SMS sender). */
  'unavailable',
  'code_wrong',
  'code_expired',
  'too_many_tries',
  'internal',
]);
export type VisitorErrorCode = z.infer<typeof VisitorErrorCode>;

export const VisitorError = z.object({ code: VisitorErrorCode, message: z.string() });
export type VisitorError = z.infer<typeof VisitorError>;
export type VisitorReply<T> = { ok: true; data: T } | { ok: false; error: VisitorError };

/** A client-chosen id per message: the hub's idempotency key for resends after a reconnect. */
export const ClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8-64 letters, digits, "-" or "_"');
/** Opaque bearer tokens the hub hands out (visitor resume, history access). */
export const VisitorToken = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'malformed token');

const name = z.string().trim().min(1).max(120);
const email = z.string().trim().toLowerCase().max(320).pipe(z.email('not an email address'));
const phone = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^[+\d\s().-]+$/, 'not a phone number');

export const ChatState = z.enum(['none', 'queued', 'offered', 'active', 'ended']);
export type ChatState = z.infer<typeof ChatState>;

export const VisitorAttachment = z.object({
  fileId: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  /** Capability URL on the hub (unguessable id); served as a download, never rendered inline as HTML. */
  url: z.string(),
});
export type VisitorAttachment = z.infer<typeof VisitorAttachment>;

/** A chat line as the visitor sees it: no internal notes, no agent ids. Text is plain text, always. */
export const VisitorMessage = z.object({
  id: z.number().int(),
  clientId: z.string().nullable(),
  from: z.enum(['visitor', 'agent', 'system']),
  agentName: z.string().nullable(),
  text: z.string(),
  attachment: VisitorAttachment.nullable(),
  status: z.string().nullable(),
  createdAt: z.number(),
});
export type VisitorMessage = z.infer<typeof VisitorMessage>;

export const QueueInfo = z.object({
  state: ChatState,
  /** 1-based while waiting; null once an agent is being connected or has joined. */
  position: z.number().int().nullable(),
  /** Rough estimate from this queue's recent pace; null when there is nothing to base it on. */
  expectedWaitSeconds: z.number().int().nullable(),
  agentName: z.string().nullable(),
});
export type QueueInfo = z.infer<typeof QueueInfo>;

export const ChatLimits = z.object({
  maxMessageChars: z.number().int(),
  maxFileBytes: z.number().int(),
  allowedFileTypes: z.array(z.string()),
  transcript: z.boolean(),
  historyByEmail: z.boolean(),
  historyBySms: z.boolean(),
  /**
   * A queue takes offline messages (they wait as email work) and agents can answer them (email or SMS runs):
   * the widget offers its offline form only then.
   */
  offlineMessages: z.boolean(),
  /** Agents can answer by email on this hub: only then does the widget promise an answer by email. */
  replyByEmail: z.boolean(),
});
export type ChatLimits = z.infer<typeof ChatLimits>;

/** Each pre-chat field: not asked, asked, or needed before a chat starts (set in the admin console). */
export const PreChatNeed = z.enum(['off', 'optional', 'required']);
export type PreChatNeed = z.infer<typeof PreChatNeed>;
export const PreChatFields = z.object({ name: PreChatNeed, email: PreChatNeed, phone: PreChatNeed });
export type PreChatFields = z.infer<typeof PreChatFields>;

export const SessionView = z.object({
  token: z.string(),
  conversationId: z.number().int().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  queue: QueueInfo,
  /** Messages after the `afterMessageId` the client passed (all of the chat when it passed none). */
  messages: z.array(VisitorMessage),
});
export type SessionView = z.infer<typeof SessionView>;

export const HistoryItem = z.object({
  conversationId: z.number().int(),
  channel: ChannelKind,
  startedAt: z.number(),
  lastActivityAt: z.number(),
  subject: z.string().nullable(),
  firstLine: z.string(),
  status: z.enum(['waiting', 'in_progress', 'closed', 'abandoned']),
  open: z.boolean(),
  handledBy: z.string().nullable(),
  /** Email and SMS threads can be continued from the widget. */
  canReply: z.boolean(),
});
export type HistoryItem = z.infer<typeof HistoryItem>;

export const HistoryMessage = z.object({
  id: z.number().int(),
  from: z.enum(['customer', 'agent']),
  agentName: z.string().nullable(),
  text: z.string(),
  createdAt: z.number(),
});
export type HistoryMessage = z.infer<typeof HistoryMessage>;

const historyToken = VisitorToken;
const conversationId = z.number().int().positive();
const ProofKind = z.enum(['email', 'phone']);

export const visitorCommands = {
  /** Is chat open on this queue now? Also the limits the widget enforces before sending. */
  'chat/availability': {
    input: z.object({ queueId: QueueId }).strict(),
    output: z.object({
      open: z.boolean(),
      reason: z.enum(['open', 'no_agents', 'outside_hours']),
      queueName: z.string(),
      /** Outside hours: when the queue opens next (ms), so the widget can say so; null when not within a year. */
      opensAt: z.number().nullable().optional(),
      limits: ChatLimits,
      /** Which pre-chat fields the form shows and which it needs. */
      preChat: PreChatFields,
    }),
  },
  /** Starts a visitor session (pre-chat form optional). Fails with `offline` when chat is closed. */
  'chat/start': {
    input: z
      .object({
        queueId: QueueId,
        name: name.optional(),
        email: email.optional(),
        phone: phone.optional(),
        /** A verified "My history" session: the chat is then filed under that customer. */
        historyToken: historyToken.optional(),
      })
      .strict(),
    output: SessionView,
  },
  /** Binds this socket to an existing session and replays what the client missed. */
  'session/resume': {
    input: z.object({ token: VisitorToken, afterMessageId: z.number().int().min(0).optional() }).strict(),
    output: SessionView,
  },
  /** Acked only after the message is committed; a resend with the same clientId is acked, not stored twice. */
  'message/send': {
    input: z.object({ clientId: ClientId, text: z.string().min(1).max(1_000_000) }).strict(),
    output: z.object({ message: VisitorMessage, duplicate: z.boolean() }),
  },
  'typing/set': {
    input: z.object({ typing: z.boolean() }).strict(),
    output: z.object({}),
  },
  /** The visitor has seen agent messages up to this id (read receipts for the agent). */
  'message/read': {
    input: z.object({ upToMessageId: z.number().int().positive() }).strict(),
    output: z.object({ updated: z.number().int() }),
  },
  'file/upload': {
    input: z
      .object({
        clientId: ClientId,
        name: z.string().trim().min(1).max(200),
        contentType: z.string().trim().min(3).max(100),
        data: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'file data must be binary'),
      })
      .strict(),
    output: z.object({ message: VisitorMessage, duplicate: z.boolean() }),
  },
  'chat/end': {
    input: z.object({}).strict(),
    output: QueueInfo,
  },
  'transcript/email': {
    input: z.object({ email: email.optional() }).strict(),
    output: z.object({ sentTo: z.string() }),
  },
  /** Chat closed or nobody available: leaves a message that becomes an email work item in the queue. */
  'offline/submit': {
    input: z
      .object({
        queueId: QueueId,
        clientId: ClientId,
        name,
        email,
        phone: phone.optional(),
        message: z.string().trim().min(1).max(1_000_000),
      })
      .strict(),
    output: z.object({ received: z.literal(true), reference: z.number().int() }),
  },
  'history/requestCode': {
    input: z
      .object({
        kind: ProofKind,
        value: z.string().trim().min(3).max(320),
        /** The widget's language: the code message is written in it (absent = English). */
        language: CustomerLanguage.optional(),
      })
      .strict(),
    output: z.object({ sentTo: z.string(), expiresAt: z.number() }),
  },
  'history/verify': {
    input: z
      .object({
        kind: ProofKind,
        value: z.string().trim().min(3).max(320),
        code: z
          .string()
          .trim()
          .regex(/^\d{6}$/, 'the code has 6 digits'),
      })
      .strict(),
    output: z.object({ historyToken: z.string(), expiresAt: z.number(), displayName: z.string() }),
  },
  'history/list': {
    input: z.object({ historyToken }).strict(),
    output: z.object({ displayName: z.string(), items: z.array(HistoryItem) }),
  },
  'history/get': {
    input: z.object({ historyToken, conversationId }).strict(),
    output: z.object({ item: HistoryItem, messages: z.array(HistoryMessage) }),
  },
  'history/reply': {
    input: z.object({ historyToken, conversationId, clientId: ClientId, text: z.string().min(1).max(1_000_000) }).strict(),
    output: z.object({ messageId: z.number().int(), duplicate: z.boolean() }),
  },
} as const;

export type VisitorCommandName = keyof typeof visitorCommands;
export type VisitorCommandInput<N extends VisitorCommandName> = z.input<(typeof visitorCommands)[N]['input']>;
export type VisitorCommandOutput<N extends VisitorCommandName> = z.infer<(typeof visitorCommands)[N]['output']>;

export const VisitorEnvelope = z.object({ name: z.string().max(64), input: z.unknown() }).strict();

/** What the hub pushes to a visitor's sockets. */
export const visitorEvents = {
  message: VisitorMessage,
  typing: z.object({ typing: z.boolean(), agentName: z.string().nullable() }),
  /** The agent has read the visitor's messages up to this id. */
  read: z.object({ upToMessageId: z.number().int() }),
  queue: QueueInfo,
} as const;

export type VisitorEventName = keyof typeof visitorEvents;
export type VisitorEventPayload<N extends VisitorEventName> = z.infer<(typeof visitorEvents)[N]>;
export type VisitorServerToClient = { [N in VisitorEventName]: (payload: VisitorEventPayload<N>) => void };

// ---- agent side: commands and pushes the web chat adds to the /agent protocol --------------------

export const webchatCommands = {
  /** The agent is typing (or stopped) in a chat they hold; shown to the visitor. */
  'chat/typing': {
    roles: ['agent', 'supervisor', 'admin'],
    input: z.object({ conversationId, typing: z.boolean() }).strict(),
    output: z.object({ delivered: z.boolean() }),
  },
  /** The agent has read the visitor's messages up to this id (read receipt for the visitor). */
  'chat/read': {
    roles: ['agent', 'supervisor', 'admin'],
    input: z.object({ conversationId, upToMessageId: z.number().int().positive() }).strict(),
    output: z.object({ delivered: z.boolean() }),
  },
} as const;

export const webchatEvents = {
  /** The visitor is typing in a chat the agent holds. */
  'chat/visitorTyping': z.object({ conversationId: z.number().int(), typing: z.boolean() }),
} as const;
