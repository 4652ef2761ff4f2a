import { z } from 'zod';
import type { CommandTable } from './commandSpec';
import { ChannelKind, QueueId } from './domain';

/**
 * Canned responses ("answers"): a shared library per queue (or for every queue) kept by supervisors, and
 * each agent's personal ones. Bodies may hold placeholders that the hub fills for one conversation.
 */
export const answerPlaceholders = {
  'customer.name': "the customer's name",
  'customer.firstName': "the customer's first name",
  'agent.name': 'your name',
  'agent.firstName': 'your first name',
  'queue.name': 'the queue',
  'order.number': "the customer's latest order number (from the back office)",
} as const;
export type AnswerPlaceholder = keyof typeof answerPlaceholders;

/** `{{customer.firstName}}`; spaces inside the braces are allowed. */
export const PLACEHOLDER_PATTERN = /\{\{\s*([A-Za-z.]+)\s*\}\}/g;

export function placeholdersIn(body: string): string[] {
  return [...body.matchAll(PLACEHOLDER_PATTERN)].map((m) => m[1] ?? '');
}

const id = z.number().int().positive();

export const AnswerScope = z.enum(['shared', 'personal']);
export type AnswerScope = z.infer<typeof AnswerScope>;

export const CannedResponse = z.object({
  id,
  scope: AnswerScope,
  /** Shared answers: the queue they belong to, or null for every queue. Personal: always null. */
  queueId: QueueId.nullable(),
  ownerAgentId: id.nullable(),
  title: z.string(),
  /** Typed after `/` in a composer: `/refund`. */
  shortcut: z.string(),
  body: z.string(),
  /** Channels it suits; empty = every channel. */
  channels: z.array(ChannelKind),
  updatedAt: z.number(),
});
export type CannedResponse = z.infer<typeof CannedResponse>;

export const AnswerInput = z
  .object({
    /** Absent: a new answer. */
    id: id.optional(),
    scope: AnswerScope,
    queueId: QueueId.nullable().default(null),
    title: z.string().trim().min(1, 'a title is needed').max(120),
    shortcut: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'letters, digits and dashes, up to 32, e.g. "refund-status"'),
    body: z.string().trim().min(1, 'the answer is empty').max(8000),
    channels: z.array(ChannelKind).max(4).default([]),
  })
  .strict()
  .superRefine((input, ctx) => {
    for (const name of placeholdersIn(input.body)) {
      if (!(name in answerPlaceholders))
        ctx.addIssue({
          code: 'custom',
          path: ['body'],
          message: `unknown placeholder {{${name}}}; use one of ${Object.keys(answerPlaceholders)
            .map((p) => `{{${p}}}`)
            .join(', ')}`,
        });
    }
    if (input.scope === 'personal' && input.queueId !== null)
      ctx.addIssue({ code: 'custom', path: ['queueId'], message: 'personal answers belong to you, not to a queue' });
  });
export type AnswerInput = z.input<typeof AnswerInput>;

export const RenderedAnswer = z.object({
  text: z.string(),
  /** Placeholders with no value for this conversation, in words ("the customer's first name"): left as [..] in text. */
  missing: z.array(z.string()),
});
export type RenderedAnswer = z.infer<typeof RenderedAnswer>;

const anyone = ['agent', 'supervisor', 'admin'] as const;

export const answerCommands = {
  /** With a conversation: the answers that fit its queue and channel. Without: every shared one and yours. */
  'answers/list': {
    roles: anyone,
    input: z.object({ conversationId: id.optional() }).strict(),
    output: z.object({ answers: z.array(CannedResponse) }),
  },
  /** Shared answers are kept by supervisors and admins; everyone keeps their own personal ones. */
  'answers/save': { roles: anyone, input: AnswerInput, output: CannedResponse },
  'answers/delete': { roles: anyone, input: z.object({ id }).strict(), output: z.object({ deleted: z.literal(true) }) },
  /** The body with its placeholders filled for one conversation. */
  'answers/render': {
    roles: anyone,
    input: z.object({ answerId: id, conversationId: id }).strict(),
    output: RenderedAnswer,
  },
} as const satisfies CommandTable;

export const answerEvents = {
  /** The library changed (shared answers go to everyone; personal ones to their owner). */
  'answers/changed': z.object({ scope: AnswerScope }),
} as const;
