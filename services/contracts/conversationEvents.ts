import { z } from 'zod';
import type { Message } from './domain';

/**
 * Lines in a conversation that nobody typed: what happened to it (today, the web visitor ending the chat).
 * They are stored as messages with `meta.system` so they keep their place in the thread, and every screen
 * shows them as events, never as something the customer or an agent said.
 */
export const SystemEvent = z.enum(['ended']);
export type SystemEvent = z.infer<typeof SystemEvent>;

export function systemEventOf(message: Pick<Message, 'meta'>): SystemEvent | null {
  const parsed = SystemEvent.safeParse(message.meta.system);
  return parsed.success ? parsed.data : null;
}

/** When the customer ended the conversation from their side (the visitor's "End chat"), or null. */
export function customerEndedAt(messages: readonly Pick<Message, 'meta' | 'createdAt'>[]): number | null {
  return messages.findLast((m) => systemEventOf(m) === 'ended')?.createdAt ?? null;
}

/**
 * A supervisor's line in an agent's conversation: a whisper (a note only the agent sees) or a barge (a reply
 * to the customer). `byName` is the supervisor's display name at the time.
 */
export const SupervisorLine = z.object({ kind: z.enum(['whisper', 'barge']), byName: z.string().max(200).nullish() });
export type SupervisorLine = z.infer<typeof SupervisorLine>;

export function supervisorLineOf(message: Pick<Message, 'meta'>): SupervisorLine | null {
  const parsed = SupervisorLine.safeParse(message.meta);
  return parsed.success ? parsed.data : null;
}

/**
 * What a web visitor typed into the pre-chat form, stored on the chat's first line. `verified` is true only
 * when the visitor proved an identity (a history code); otherwise these are claims anyone could type.
 */
export const PrechatDetails = z.object({
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  verified: z.boolean(),
});
export type PrechatDetails = z.infer<typeof PrechatDetails>;

export function prechatOf(messages: readonly Pick<Message, 'meta'>[]): PrechatDetails | null {
  for (const m of messages) {
    const parsed = PrechatDetails.safeParse(m.meta.prechat);
    if (parsed.success) return parsed.data;
  }
  return null;
}
