import { z } from 'zod';
import type { CommandTable } from './commandSpec';
import { telephonyCommands } from './telephony';
import { emailCommands } from './email';
import {
  Agent,
  AgentSnapshot,
  Capacity,
  ChannelKind,
  Conversation,
  CustomerSummary,
  Message,
  Offer,
  Presence,
  Queue,
  QueueId,
  QueueStats,
  Role,
  SkillLevels,
} from './domain';
import { supervisionCommands } from './supervision';
import { conversationLookupCommands } from './conversationLookup';
import { customerCommands } from './customers';
import { webchatCommands } from './webchat';
import { outboundCommands } from './outbound';
import { acknowledgementCommands } from './acknowledgements';
import { answerCommands } from './answers';
import { reportCommands } from './reports';
import { QueueUpsertInput } from './queueAdmin';
import { settingsCommands } from './settings';
import { accountCommands } from './accounts';
import { auditCommands } from './audit';
import { channelAvailabilityCommands } from './channelAvailability';
import { vocCommands } from './voc';
import { platformCommands } from './platform';

/** Longest text an agent may send in one message; longer input is refused, not truncated. */
export const MAX_MESSAGE_CHARS = 64_000;

const id = z.number().int().positive();
const note = z.string().trim().max(4000);

export type { CommandSpec, CommandTable } from './commandSpec';

/** Core commands (routing, conversations, admin). Feature contracts add their own tables below. */
export const coreCommands = {
  'session/me': {
    roles: ['agent', 'supervisor', 'admin'],
    input: z.object({}).strict(),
    output: z.object({ agent: AgentSnapshot, dispositions: z.array(z.string()) }),
  },
  'presence/set': {
    roles: ['agent', 'supervisor', 'admin'],
    input: z.object({ presence: Presence.exclude(['away_missed']), reason: z.string().trim().max(120).optional() }).strict(),
    output: AgentSnapshot,
  },
  'queue/list': {
    roles: ['agent', 'supervisor', 'admin'],
    input: z.object({}).strict(),
    output: z.array(z.object({ queue: Queue, stats: QueueStats, eligible: z.boolean() })),
  },
  'offer/accept': {
    roles: ['agent', 'supervisor', 'admin'],
    input: z.object({ offerId: z.string().min(1).max(64) }).strict(),
    output: Conversation,
  },
  'offer/reject': {
    roles: ['agent', 'supervisor', 'admin'],
    input: z.object({ offerId: z.string().min(1).max(64), reason: z.string().max(200).optional() }).strict(),
    output: z.object({ rejected: z.literal(true) }),
  },
  'conversation/mine': {
    roles: ['agent', 'supervisor', 'admin'],
    input: z.object({}).strict(),
    output: z.object({ conversations: z.array(Conversation), offers: z.array(Offer) }),
  },
  'conversation/get': {
    roles: ['agent', 'supervisor', 'admin'],
    input: z.object({ conversationId: id }).strict(),
    output: z.object({ conversation: Conversation, customer: CustomerSummary, messages: z.array(Message) }),
  },
  'conversation/transfer': {
    roles: ['agent', 'supervisor', 'admin'],
    input: z
      .object({
        conversationId: id,
        to: z.union([z.object({ agentId: id }).strict(), z.object({ queueId: QueueId }).strict()]),
        note: note.optional(),
      })
      .strict(),
    output: Conversation,
  },
  'conversation/wrapUp': {
    roles: ['agent', 'supervisor', 'admin'],
    input: z.object({ conversationId: id }).strict(),
    output: Conversation,
  },
  'conversation/close': {
    roles: ['agent', 'supervisor', 'admin'],
    input: z.object({ conversationId: id, disposition: z.string().min(1).max(64), note: note.optional() }).strict(),
    output: Conversation,
  },
  'message/send': {
    roles: ['agent', 'supervisor', 'admin'],
    input: z
      .object({
        conversationId: id,
        bodyText: z.string().min(1).max(MAX_MESSAGE_CHARS),
        /** Internal note: stored on the conversation, never sent to the customer. */
        internal: z.boolean().optional(),
      })
      .strict(),
    output: Message,
  },
  'admin/agentUpsert': {
    roles: ['admin'],
    input: z
      .object({
        username: z
          .string()
          .trim()
          .min(1)
          .max(64)
          .regex(/^[\w.@+-]+$/),
        displayName: z.string().trim().min(1).max(120),
        role: Role,
        skills: SkillLevels.default({}),
        capacity: Capacity.optional(),
        password: z.string().min(8).max(256).optional(),
        /** With a password: the agent must choose their own at the next sign-in (the console's default). */
        mustChangePassword: z.boolean().optional(),
        /** "create" refuses a username that is taken, "update" one that does not exist; absent: either. */
        mode: z.enum(['create', 'update']).optional(),
      })
      .strict(),
    output: Agent,
  },
  /** The caller changes their own password; every other session of theirs ends, this one stays. */
  'session/changePassword': {
    roles: ['agent', 'supervisor', 'admin'],
    input: z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(8).max(256) }).strict(),
    output: z.object({ changed: z.literal(true) }),
  },
  /** A disabled agent cannot sign in; their sessions end and their sockets are cut at once. */
  'admin/agentSetDisabled': {
    roles: ['admin'],
    input: z.object({ agentId: id, disabled: z.boolean() }).strict(),
    output: z.object({ id, disabled: z.boolean() }),
  },
  'admin/queueUpsert': {
    roles: ['admin'],
    input: QueueUpsertInput,
    output: Queue,
  },
  'agent/list': {
    roles: ['supervisor', 'admin'],
    input: z.object({}).strict(),
    output: z.array(AgentSnapshot),
  },
} as const satisfies CommandTable;

/**
 * Every command the agent socket accepts: input and output schema plus the roles allowed to call it.
 * The hub validates input against this table before any handler runs. One spread per feature contract.
 */
export const HubCommands = {
  ...coreCommands,
  ...supervisionCommands,
  ...conversationLookupCommands,
  ...telephonyCommands,
  ...customerCommands,
  ...webchatCommands,
  ...emailCommands,
  ...outboundCommands,
  ...answerCommands,
  ...acknowledgementCommands,
  ...reportCommands,
  ...settingsCommands,
  ...accountCommands,
  ...auditCommands,
  ...channelAvailabilityCommands,
  ...vocCommands,
  ...platformCommands,
} as const satisfies CommandTable;

export type HubCommandName = keyof typeof HubCommands;
export type CommandInput<N extends HubCommandName> = z.input<(typeof HubCommands)[N]['input']>;
export type CommandParsedInput<N extends HubCommandName> = z.output<(typeof HubCommands)[N]['input']>;
export type CommandOutput<N extends HubCommandName> = z.infer<(typeof HubCommands)[N]['output']>;

/** The one socket event that carries commands: emit('command', {name, input}, ack). */
export const CommandEnvelope = z.object({ name: z.string().max(64), input: z.unknown() }).strict();

export const LoginRequest = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) }).strict();
export const LoginResponse = z.object({
  token: z.string(),
  agent: Agent,
  expiresAt: z.number(),
  /** This session may only choose a new password (generated first admin password, or reset by an administrator). */
  mustChangePassword: z.boolean().default(false),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export { ChannelKind };
