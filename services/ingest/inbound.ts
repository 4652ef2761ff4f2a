import { z } from 'zod';
import { ChannelKind, IdentityKind, QueueId } from '../contracts';
import { wellFormed } from '../store/sql';

/** A table or column name a follow-up row names: plain identifiers only (they are spliced into the SQL). */
const SqlName = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL identifier');

/** What ingest allocates for the message, for a follow-up row to point at: its row id, its conversation, its time. */
export const FollowUpRef = z.enum(['messageId', 'conversationId', 'at']);
export type FollowUpRef = z.infer<typeof FollowUpRef>;

/**
 * A row another table gets together with the message, in the same write unit: the message and its
 * follow-ups commit together or not at all (an MMS's media, an email's attachments and its Message-ID in the
 * thread map). The channel that owns the table describes the row (its repo builds it); ingest only fills in
 * what it allocates (`{ ref: 'messageId' }`…) and inserts it. Ingest sits below the channels and cannot
 * know their tables (an email table exists only where the email module's migrations ran), so the row's
 * shape is data here rather than a field per channel. A replay of a known provider id stores neither the
 * message nor its follow-ups again.
 */
export const FollowUpRow = z.object({
  table: SqlName,
  values: z.record(
    SqlName,
    z.union([z.string().max(10_000).overwrite(wellFormed), z.number().finite(), z.null(), z.object({ ref: FollowUpRef })]),
  ),
  /** 'ignore': INSERT OR IGNORE, for a key the table may hold already (the same Message-ID in two mailboxes). */
  onConflict: z.enum(['fail', 'ignore']).default('fail'),
});
export type FollowUpRow = z.input<typeof FollowUpRow>;
export type ParsedFollowUpRow = z.output<typeof FollowUpRow>;

/**
 * The normalised inbound event every channel adapter produces. Adapters validate provider input with
 * their own schemas; this schema is the last gate before anything is stored. Strings are made well-formed
 * here (lone surrogates, which a chat visitor can send, become U+FFFD): that is what SQLite would store
 * anyway, and provider ids, thread keys and identities must compare equal to what is stored. `overwrite`
 * rather than `transform`: the same result as a check on the string, without a pipe per field (zod's
 * transforms cost about a microsecond each, and this runs on every inbound message).
 */
export const InboundEvent = z.object({
  channel: ChannelKind,
  /** Unique per message at the provider (Twilio SID, Message-ID, chat client id): the idempotency key. */
  providerId: z.string().min(1).max(512).overwrite(wellFormed),
  from: z.object({
    kind: IdentityKind,
    value: z.string().min(1).max(320).overwrite(wellFormed),
    displayName: z.string().max(200).overwrite(wellFormed).nullish(),
  }),
  /** Further identities the contact gave (a chat visitor typed an email): attached or suggested as duplicates. */
  alsoKnownAs: z
    .array(z.object({ kind: IdentityKind, value: z.string().min(1).max(320).overwrite(wellFormed) }))
    .max(5)
    .optional(),
  queueId: QueueId,
  /** Conversation already known to the adapter (chat session, In-Reply-To match). */
  conversationId: z.number().int().positive().optional(),
  /** Channel-specific thread identity, e.g. `sms:+1555…:+1666…`; matches the newest conversation on it. */
  threadKey: z.string().min(1).max(512).overwrite(wellFormed).optional(),
  subject: z.string().max(998).overwrite(wellFormed).nullish(),
  bodyText: z.string().max(1_000_000).overwrite(wellFormed),
  bodyHtml: z.string().max(5_000_000).overwrite(wellFormed).nullish(),
  meta: z.record(z.string(), z.unknown()).optional(),
  priority: z.number().int().min(0).max(100).optional(),
  /** false for auto-replies and similar: stored on the thread, never routed as new work. */
  routable: z.boolean().default(true),
  receivedAt: z.number().optional(),
  /** Rows committed with the message (see FollowUpRow); none on a replay of a stored provider id. */
  followUps: z.array(FollowUpRow).max(2000).optional(),
});
export type InboundEvent = z.input<typeof InboundEvent>;
export type ParsedInboundEvent = z.output<typeof InboundEvent>;
