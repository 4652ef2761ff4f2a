import { z } from 'zod';
import { ChannelKind, QueueId } from './domain';

/** A key phrase found in a customer message, and what it names. */
export const VocPhraseKind = z.enum(['phrase', 'order', 'product', 'place', 'name', 'email', 'url', 'money']);
export const VocPhrase = z.object({ text: z.string().max(200), kind: VocPhraseKind });
export type VocPhrase = z.infer<typeof VocPhrase>;

const id = z.number().int().positive();
const TopicId = id;

/** One analysed customer message as the UI shows it (text capped: the full body is in the conversation). */
export const VocMessage = z.object({
  messageId: id,
  conversationId: id,
  customerId: id,
  customerName: z.string(),
  channel: ChannelKind,
  queueId: z.string(),
  at: z.number(),
  text: z.string(),
  language: z.string(),
  sentiment: z.number().nullable(),
  phrases: z.array(VocPhrase),
});
export type VocMessage = z.infer<typeof VocMessage>;

/** A topic with its figures for a period and the period before it. */
export const TopicFigure = z.object({
  topicId: TopicId,
  label: z.string(),
  count: z.number().int(),
  previous: z.number().int(),
  /** count - previous, scaled to the same length of time. */
  change: z.number(),
  /** Mean sentiment of its messages in the period (-1..1), null if none could be scored. */
  sentiment: z.number().nullable(),
  pinned: z.boolean(),
  hidden: z.boolean(),
});
export type TopicFigure = z.infer<typeof TopicFigure>;

export const TopicSpike = z.object({
  topicId: TopicId,
  label: z.string(),
  /** Messages in the last hour. */
  lastHour: z.number().int(),
  /** Mean per hour over the previous 7 days. */
  baselinePerHour: z.number(),
  queueId: z.string().nullable(),
  at: z.number(),
});
export type TopicSpike = z.infer<typeof TopicSpike>;

export const VocPeriod = z.enum(['today', 'week']);
export type VocPeriod = z.infer<typeof VocPeriod>;

/** How far the analyser has read, and a re-analysis in progress. */
export const VocProgress = z.object({
  analysedTo: z.number().int(),
  newestMessage: z.number().int(),
  pending: z.number().int(),
  reanalysis: z.object({ done: z.number().int(), total: z.number().int(), startedAt: z.number() }).nullable(),
});
export type VocProgress = z.infer<typeof VocProgress>;

export const VocBoard = z.object({
  period: VocPeriod,
  from: z.number(),
  to: z.number(),
  previousFrom: z.number(),
  queueId: z.string().nullable(),
  channel: ChannelKind.nullable(),
  top: z.array(TopicFigure),
  rising: z.array(TopicFigure),
  spikes: z.array(TopicSpike),
  progress: VocProgress,
});
export type VocBoard = z.infer<typeof VocBoard>;

export const CustomerTopic = z.object({
  topicId: TopicId,
  label: z.string(),
  count: z.number().int(),
  lastAt: z.number(),
  sentiment: z.number().nullable(),
  messageIds: z.array(id),
});
export type CustomerTopic = z.infer<typeof CustomerTopic>;

export const CustomerVoice = z.object({
  topics: z.array(CustomerTopic),
  /** The customer's analysed messages, oldest first (sentiment trend; each opens the words behind it). */
  messages: z.array(VocMessage),
  /** Key phrases of the current conversation's customer messages. */
  current: z.array(VocMessage),
});
export type CustomerVoice = z.infer<typeof CustomerVoice>;

const scope = { queueId: QueueId.optional(), channel: ChannelKind.optional() };

export const vocCommands = {
  /** The topics board: top and rising topics of today or this week against the period before, and spikes. */
  'voc/board': {
    roles: ['supervisor', 'admin'],
    input: z.object({ period: VocPeriod.default('today'), ...scope, includeHidden: z.boolean().default(false) }).strict(),
    output: VocBoard,
  },
  /** The messages behind a topic figure, newest first (`before`: a message id from the previous page). */
  'voc/topicMessages': {
    roles: ['supervisor', 'admin'],
    input: z
      .object({
        topicId: TopicId,
        period: VocPeriod.optional(),
        ...scope,
        before: id.optional(),
        limit: z.number().int().min(1).max(100).default(30),
      })
      .strict(),
    output: z.object({
      topic: TopicFigure.pick({ topicId: true, label: true, pinned: true, hidden: true }),
      messages: z.array(VocMessage),
    }),
  },
  /** What this customer has told us: recurring topics, sentiment over time, this conversation's key phrases. */
  'voc/customer': {
    roles: ['agent', 'supervisor', 'admin'],
    input: z.object({ customerId: id, conversationId: id.optional() }).strict(),
    output: CustomerVoice,
  },
  /** Rename, hide or pin a topic; kept, and applied to every message analysed after. */
  'voc/topicUpdate': {
    roles: ['supervisor', 'admin'],
    input: z
      .object({
        topicId: TopicId,
        label: z.string().trim().min(1).max(80).optional(),
        hidden: z.boolean().optional(),
        pinned: z.boolean().optional(),
      })
      .strict(),
    output: TopicFigure.pick({ topicId: true, label: true, pinned: true, hidden: true }),
  },
  /** Folds topics into one: their messages count for the target, and new messages of theirs go to it. */
  'voc/topicMerge': {
    roles: ['supervisor', 'admin'],
    input: z.object({ targetId: TopicId, sourceIds: z.array(TopicId).min(1).max(50) }).strict(),
    output: z.object({ targetId: TopicId, merged: z.number().int() }),
  },
  /** Reads every stored customer message again (after an analyser upgrade); progress is pushed. */
  'voc/reanalyse': {
    roles: ['admin', 'supervisor'],
    input: z.object({}).strict(),
    output: VocProgress,
  },
} as const;

export const vocEvents = {
  /** New analyses were stored: boards and 360s refresh (coalesced, at most every couple of seconds). */
  'voc/changed': z.object({ analysedTo: z.number().int(), customerIds: z.array(id).max(500), at: z.number() }),
  /** A topic's last hour runs far above its usual rate (or it is new and busy). */
  'voc/spike': TopicSpike,
  'voc/progress': VocProgress,
} as const;
