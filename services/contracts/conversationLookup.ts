import { z } from 'zod';
import type { CommandTable } from './commandSpec';
import { Conversation, IdentityKind } from './domain';

/** One conversation found for the supervisor's conversation control, with enough to recognise it. */
export const ConversationLookupHit = z.object({
  conversation: Conversation,
  customer: z.object({
    id: z.number().int(),
    displayName: z.string(),
    identities: z.array(z.object({ kind: IdentityKind, value: z.string() })),
  }),
  /** The conversation's first line (subject or first message), plain text. */
  preview: z.string().nullable(),
  /** Who holds it now, or held it last. */
  agentName: z.string().nullable(),
});
export type ConversationLookupHit = z.infer<typeof ConversationLookupHit>;

/** Conversation control finds its target by customer (name, number, email) or by #number. */
export const conversationLookupCommands = {
  'supervisor/findConversations': {
    roles: ['supervisor', 'admin'],
    input: z
      .object({
        query: z.string().trim().min(1).max(200),
        limit: z.number().int().min(1).max(50).default(12),
      })
      .strict(),
    output: z.array(ConversationLookupHit),
  },
} as const satisfies CommandTable;
