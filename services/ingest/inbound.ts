import { z } from 'zod';
import { ChannelKind, IdentityKind, QueueId } from '../contracts';
import { wellFormed } from '../store/sql';

/**
 * The normalised inbound event every channel adapter produces. Adapters validate provider input with
 * their own schemas; this schema is the last gate before anything is stored. Strings are made well-formed
 * here (lone surrogates, which a chat visitor can send, become U+FFFD): that is what SQLite would store
 * anyway, and provider ids, thread keys and identities must compare equal to what is stored.
 */
export const InboundEvent = z.object({
  channel: ChannelKind,
  /** Unique per message at the provider (Twilio SID, Message-ID, chat client id): the idempotency key. */
  providerId: z.string().min(1).max(512).transform(wellFormed),
  from: z.object({
    kind: IdentityKind,
    value: z.string().min(1).max(320).transform(wellFormed),
    displayName: z.string().max(200).transform(wellFormed).nullish(),
  }),
  /** Further identities the contact gave (a chat visitor typed an email): attached or suggested as duplicates. */
  alsoKnownAs: z
    .array(z.object({ kind: IdentityKind, value: z.string().min(1).max(320).transform(wellFormed) }))
    .max(5)
    .optional(),
  queueId: QueueId,
  /** Conversation already known to the adapter (chat session, In-Reply-To match). */
  conversationId: z.number().int().positive().optional(),
  /** Channel-specific thread identity, e.g. `sms:+1555…:+1666…`; matches the newest conversation on it. */
  threadKey: z.string().min(1).max(512).transform(wellFormed).optional(),
  subject: z.string().max(998).transform(wellFormed).nullish(),
  bodyText: z.string().max(1_000_000).transform(wellFormed),
  bodyHtml: z.string().max(5_000_000).transform(wellFormed).nullish(),
  meta: z.record(z.string(), z.unknown()).optional(),
  priority: z.number().int().min(0).max(100).optional(),
  /** false for auto-replies and similar: stored on the thread, never routed as new work. */
  routable: z.boolean().default(true),
  receivedAt: z.number().optional(),
});
export type InboundEvent = z.input<typeof InboundEvent>;
export type ParsedInboundEvent = z.output<typeof InboundEvent>;
