import { z } from 'zod';
import { ChannelKind, ConversationState, IdentityKind } from './domain';

const id = z.number().int().positive();
const slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, "-" and "_"');

export const CustomerIdentity = z.object({
  id: z.number().int(),
  kind: IdentityKind,
  value: z.string(),
  /** A household phone or shared mailbox: never auto-merged, never raises duplicate suggestions. */
  shared: z.boolean(),
  createdAt: z.number(),
});
export type CustomerIdentity = z.infer<typeof CustomerIdentity>;

export const AttributeType = z.enum(['text', 'number', 'date', 'choice']);
export type AttributeType = z.infer<typeof AttributeType>;

/** A custom profile field defined by an admin (demographic, geographic, segment, VIP...). */
export const AttributeDef = z
  .object({
    key: slug,
    label: z.string().trim().min(1).max(120),
    type: AttributeType,
    /** Allowed values for type "choice"; empty for the other types. */
    choices: z.array(z.string().trim().min(1).max(120)).max(200).default([]),
    category: z.string().trim().max(60).nullish(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.type === 'choice' && d.choices.length === 0)
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'a choice attribute needs choices' });
    if (d.type !== 'choice' && d.choices.length > 0)
      ctx.addIssue({ code: 'custom', path: ['choices'], message: 'only choice attributes have choices' });
  });
export type AttributeDef = z.output<typeof AttributeDef>;

/** Stored attribute values: text/date/choice as strings (dates YYYY-MM-DD), numbers as numbers. */
export const AttributeValue = z.union([z.string().max(1000), z.number().finite()]);
export type AttributeValue = z.infer<typeof AttributeValue>;

export const Tag = z.string().trim().min(1).max(40);

export const CustomerProfile = z.object({
  id: z.number().int(),
  displayName: z.string(),
  company: z.string().nullable(),
  attributes: z.record(z.string(), AttributeValue),
  tags: z.array(z.string()),
  createdAt: z.number(),
  updatedAt: z.number().nullable(),
  /** Set when this record was merged into another; follow it to the surviving record. */
  mergedInto: z.number().int().nullable(),
  identities: z.array(CustomerIdentity),
});
export type CustomerProfile = z.infer<typeof CustomerProfile>;

export const CustomerNote = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  authorAgentId: z.number().int().nullable(),
  authorName: z.string().nullable(),
  body: z.string(),
  createdAt: z.number(),
});
export type CustomerNote = z.infer<typeof CustomerNote>;

/** Exactly what a merge moved from the merged record to the survivor; unmerge moves these back. */
export const MergeMoved = z.object({
  identities: z.array(z.object({ id: z.number().int(), kind: IdentityKind, value: z.string() })),
  conversations: z.array(z.number().int()),
  notes: z.array(z.number().int()),
  /** Tags the survivor gained. */
  tags: z.array(z.string()),
  /** Attribute keys the survivor gained (it had no value for them). */
  attributes: z.array(z.string()),
  /** Profile fields the survivor took from the merged record because its own were empty. */
  company: z.string().nullable(),
});
export type MergeMoved = z.infer<typeof MergeMoved>;

export const MergeRecord = z.object({
  id: z.number().int(),
  at: z.number(),
  /** null when a configured rule merged. */
  byAgentId: z.number().int().nullable(),
  rule: z.string().nullable(),
  reason: z.string(),
  survivorId: z.number().int(),
  mergedId: z.number().int(),
  moved: MergeMoved,
  undoneAt: z.number().nullable(),
  undoneByAgentId: z.number().int().nullable(),
  undoReason: z.string().nullable(),
});
export type MergeRecord = z.infer<typeof MergeRecord>;

export const SuggestionStatus = z.enum(['open', 'merged', 'dismissed']);
export const DuplicateSuggestion = z.object({
  id: z.number().int(),
  customerA: z.object({ id: z.number().int(), displayName: z.string() }),
  customerB: z.object({ id: z.number().int(), displayName: z.string() }),
  /** Human-readable why, e.g. 'chat visitor gave email ann@x.com, which belongs to customer #12'. */
  reason: z.string(),
  identity: z.object({ kind: IdentityKind, value: z.string() }).nullable(),
  status: SuggestionStatus,
  createdAt: z.number(),
  resolvedAt: z.number().nullable(),
});
export type DuplicateSuggestion = z.infer<typeof DuplicateSuggestion>;

export const TimelineNote = z.object({
  id: z.number().int(),
  authorAgentId: z.number().int().nullable(),
  body: z.string(),
  createdAt: z.number(),
});

/** One conversation in a customer's history, with what an agent needs at a glance. */
export const TimelineItem = z.object({
  conversationId: z.number().int(),
  channel: ChannelKind,
  state: ConversationState,
  queueId: z.string(),
  subject: z.string().nullable(),
  /** First line of the conversation's first message (up to 200 chars). */
  firstLine: z.string().nullable(),
  agentId: z.number().int().nullable(),
  agentName: z.string().nullable(),
  disposition: z.string().nullable(),
  createdAt: z.number(),
  closedAt: z.number().nullable(),
  messageCount: z.number().int(),
  noteCount: z.number().int(),
  /** Newest internal notes first (at most 3; noteCount tells if there are more). */
  notes: z.array(TimelineNote),
});
export type TimelineItem = z.infer<typeof TimelineItem>;

const cursor = z.string().regex(/^\d{1,16}:\d{1,16}$/, 'a cursor returned by customer/timeline');

export const CustomerSearchHit = z.object({
  customerId: z.number().int(),
  displayName: z.string(),
  company: z.string().nullable(),
  identities: z.array(z.object({ kind: IdentityKind, value: z.string() })),
  /** Higher is better: exact identity 100, identity prefix 60, name match 10..50. */
  score: z.number(),
  matched: z.enum(['identity', 'identity_prefix', 'name']),
});
export type CustomerSearchHit = z.infer<typeof CustomerSearchHit>;

export const MessageSearchHit = z.object({
  messageId: z.number().int(),
  conversationId: z.number().int(),
  channel: ChannelKind,
  direction: z.enum(['in', 'out', 'note']),
  createdAt: z.number(),
  /** Plain text with the matched words wrapped in [ and ]. Never HTML. */
  snippet: z.string(),
});
export type MessageSearchHit = z.infer<typeof MessageSearchHit>;

/** Where a CSV column goes. attribute:<key> and external:<system> name the target. */
export const ImportField = z.union([
  z.enum(['ignore', 'displayName', 'firstName', 'lastName', 'company', 'phone', 'email', 'tags', 'note']),
  z.string().regex(/^attribute:[a-z0-9][a-z0-9_-]{0,63}$/),
  z.string().regex(/^external:[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/),
]);
export type ImportField = z.infer<typeof ImportField>;

export const ImportReport = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  /** Rows that matched an existing customer and added something to it. */
  merged: z.number().int(),
  /** Rows that matched an existing customer and changed nothing (re-import of the same file). */
  unchanged: z.number().int(),
  rejected: z.number().int(),
  suggestions: z.number().int(),
  /** First 500 of each: row numbers are 1-based data rows (the header is row 0). */
  mergedRows: z.array(z.object({ row: z.number().int(), customerId: z.number().int(), reason: z.string() })),
  /**
   * values: the row's cells as the file had them (at most 100 cells of 500 characters; longer ones end in
   * "…"), so the rejected rows can be handed back as a CSV to fix and import again.
   */
  rejectedRows: z.array(z.object({ row: z.number().int(), reason: z.string(), values: z.array(z.string()) })),
  suggestionRows: z.array(z.object({ row: z.number().int(), reason: z.string() })),
  /** E.g. the same file was imported before. */
  warnings: z.array(z.string()),
  /** The file's header, for the rejected-rows download. */
  columns: z.array(z.string()),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const ImportProgress = z.object({
  jobId: z.string(),
  dryRun: z.boolean(),
  state: z.enum(['running', 'done', 'failed']),
  rowsDone: z.number().int(),
  rowsTotal: z.number().int(),
  error: z.string().nullable(),
  report: ImportReport.nullable(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

/** What POST /api/customers/imports answers: enough to map the columns before anything runs. */
export const ImportUpload = z.object({
  uploadId: z.string().regex(/^[a-f0-9]{32}$/),
  columns: z.array(z.string()),
  bytes: z.number().int(),
  /** Guessed from the header line; pass it back to customer/importStart. */
  delimiter: z.enum([',', ';', '\t', '|']),
  /** The first data rows as parsed (at most 5), for the mapping preview. */
  preview: z.array(z.array(z.string())),
});
export type ImportUpload = z.infer<typeof ImportUpload>;

export const BackOfficeItem = z.object({
  kind: z.enum(['order', 'quote', 'invoice', 'shipment', 'other']),
  ref: z.string(),
  title: z.string().nullable(),
  status: z.string().nullable(),
  amount: z.string().nullable(),
  date: z.string().nullable(),
  /** https link into the back-office system, or null. */
  url: z.string().nullable(),
});
export type BackOfficeItem = z.infer<typeof BackOfficeItem>;

export const BackOfficePanel = z.object({
  connectorId: z.string(),
  label: z.string(),
  /** not_applicable: the customer has no identity the connector's URL needs. */
  state: z.enum(['ok', 'error', 'not_applicable']),
  items: z.array(BackOfficeItem),
  error: z.string().nullable(),
  fetchedAt: z.number(),
  cached: z.boolean(),
});
export type BackOfficePanel = z.infer<typeof BackOfficePanel>;

const reason = z.string().trim().min(3).max(500);
/**
 * Search text. Control characters other than tab/newline are refused up front (a NUL ends the string inside
 * SQLite's FTS5 query parser, which made the whole command fail as `internal`); quotes, `*`, `-`, AND/OR/NEAR
 * and parentheses are allowed and searched as plain words (see ftsQuery).
 */
const searchText = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine(
    // eslint-disable-next-line no-control-regex -- the point is to find them
    (s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(s),
    'must not contain control characters (NUL, U+0001-U+001F, U+007F-U+009F)',
  );
const anyone = ['agent', 'supervisor', 'admin'] as const;
const leads = ['supervisor', 'admin'] as const;

export const customerCommands = {
  'customer/get': {
    roles: anyone,
    input: z.object({ customerId: id }).strict(),
    output: z.object({
      customer: CustomerProfile,
      notes: z.array(CustomerNote),
      merges: z.array(MergeRecord),
      suggestions: z.array(DuplicateSuggestion),
      attributeDefs: z.array(AttributeDef),
    }),
  },
  'customer/timeline': {
    roles: anyone,
    input: z
      .object({
        customerId: id,
        cursor: cursor.optional(),
        limit: z.number().int().min(1).max(200).default(50),
        channels: z.array(ChannelKind).min(1).max(4).optional(),
        states: z.array(ConversationState).min(1).max(6).optional(),
      })
      .strict(),
    output: z.object({ items: z.array(TimelineItem), nextCursor: cursor.nullable() }),
  },
  'customer/search': {
    roles: anyone,
    input: z.object({ query: searchText, limit: z.number().int().min(1).max(50).default(20) }).strict(),
    output: z.object({ hits: z.array(CustomerSearchHit) }),
  },
  'customer/messageSearch': {
    roles: anyone,
    input: z.object({ customerId: id, query: searchText, limit: z.number().int().min(1).max(100).default(30) }).strict(),
    output: z.object({ hits: z.array(MessageSearchHit) }),
  },
  'customer/update': {
    roles: anyone,
    input: z
      .object({
        customerId: id,
        displayName: z.string().trim().min(1).max(200).optional(),
        company: z.string().trim().max(200).nullable().optional(),
        /** Partial: a key set to null removes that attribute. */
        attributes: z.record(slug, AttributeValue.nullable()).optional(),
        /** Replaces the tag set. */
        tags: z.array(Tag).max(50).optional(),
      })
      .strict(),
    output: CustomerProfile,
  },
  'customer/merge': {
    roles: anyone,
    input: z.object({ survivorId: id, mergedId: id, reason, suggestionId: id.optional() }).strict(),
    output: MergeRecord,
  },
  'customer/unmerge': {
    roles: anyone,
    input: z.object({ mergeId: id, reason }).strict(),
    output: z.object({ merge: MergeRecord, survivor: CustomerProfile, restored: CustomerProfile }),
  },
  'customer/suggestions': {
    roles: anyone,
    input: z
      .object({ status: SuggestionStatus.default('open'), customerId: id.optional(), limit: z.number().int().min(1).max(200).default(50) })
      .strict(),
    output: z.array(DuplicateSuggestion),
  },
  'customer/dismissSuggestion': {
    roles: anyone,
    input: z.object({ suggestionId: id }).strict(),
    output: DuplicateSuggestion,
  },
  'customer/addNote': {
    roles: anyone,
    input: z.object({ customerId: id, body: z.string().trim().min(1).max(4000) }).strict(),
    output: CustomerNote,
  },
  'customer/addIdentity': {
    roles: anyone,
    input: z.object({ customerId: id, kind: IdentityKind, value: z.string().trim().min(1).max(320) }).strict(),
    output: z.object({
      outcome: z.enum(['attached', 'already_attached', 'suggested', 'merged', 'shared_elsewhere']),
      identity: CustomerIdentity.nullable(),
      suggestion: DuplicateSuggestion.nullable(),
      merge: MergeRecord.nullable(),
    }),
  },
  'customer/markShared': {
    roles: anyone,
    input: z.object({ identityId: id, shared: z.boolean() }).strict(),
    output: CustomerIdentity,
  },
  'customer/attributeDefs': {
    roles: anyone,
    input: z.object({}).strict(),
    output: z.array(AttributeDef),
  },
  'customer/attributeDefine': {
    roles: leads,
    input: AttributeDef,
    output: AttributeDef,
  },
  'customer/importStart': {
    roles: leads,
    input: z
      .object({
        /** Returned by POST /api/customers/imports (the CSV body is too large for a socket message). */
        uploadId: z.string().regex(/^[a-f0-9]{32}$/),
        /** CSV header -> field. Columns not named here are ignored. */
        mapping: z.record(z.string().min(1).max(200), ImportField),
        dryRun: z.boolean(),
        delimiter: z.enum([',', ';', '\t', '|']).default(','),
        tag: Tag.optional(),
      })
      .strict(),
    output: z.object({ jobId: z.string() }),
  },
  'customer/importLimits': {
    roles: leads,
    input: z.object({}).strict(),
    /** Shown on the import screen before a file is chosen. */
    output: z.object({ maxBytes: z.number().int() }),
  },
  'customer/importStatus': {
    roles: leads,
    input: z.object({ jobId: z.string().min(1).max(64) }).strict(),
    output: ImportProgress,
  },
  'customer/backOffice': {
    roles: anyone,
    input: z.object({ customerId: id, refresh: z.boolean().default(false) }).strict(),
    output: z.object({ panels: z.array(BackOfficePanel) }),
  },
} as const;

export const customerEvents = {
  /** To the agent who started the import, at most every 250 ms, and once at the end. */
  'customer/importProgress': ImportProgress,
  /** A customer record changed (update, merge, unmerge, identity added): refresh an open 360 view. */
  'customer/changed': z.object({
    customerIds: z.array(z.number().int()),
    reason: z.enum(['updated', 'merged', 'unmerged', 'identity', 'note']),
  }),
} as const;
