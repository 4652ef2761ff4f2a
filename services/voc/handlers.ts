import { HubError, type CustomerTopic, type VocMessage, type VocPhrase, type vocCommands } from '../contracts';
import type { HandlerTable } from '../hub/commands';
import { buildBoard, periodDays } from './board';
import {
  conversationMessages,
  customerMessages,
  customerOfConversation,
  mergeTopics,
  topicMessages,
  topicsByIds,
  topicsOfMessages,
  updateTopic,
  type VocMessageRow,
} from './repo';
import { VOC } from './service';

/** How many of a customer's analysed messages the 360 reads (their recurring topics come from these). */
const CUSTOMER_MESSAGES = 200;

function toMessage(row: VocMessageRow): VocMessage {
  let phrases: VocPhrase[] = [];
  try {
    phrases = JSON.parse(row.phrases) as VocPhrase[];
  } catch {
    /* a damaged row shows no phrases rather than failing the view */
  }
  return {
    messageId: row.message_id,
    conversationId: row.conversation_id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    channel: row.channel,
    queueId: row.queue_id,
    at: row.at,
    text: row.body_text,
    language: row.language,
    sentiment: row.sentiment,
    phrases,
  };
}

async function liveTopic(ctx: Parameters<HandlerTable<'voc/topicUpdate'>['voc/topicUpdate']>[1], id: number) {
  const [topic] = await topicsByIds(ctx.store, [id]);
  if (!topic) throw new HubError('not_found', `no topic ${id}`);
  if (topic.merged_into !== null) throw new HubError('conflict', `topic ${id} was merged into topic ${topic.merged_into}`);
  return topic;
}

export const vocHandlers: HandlerTable<keyof typeof vocCommands> = {
  'voc/board': async (input, ctx) => {
    const job = ctx.services.require(VOC);
    return buildBoard(ctx.store, input, ctx.now(), await job.progress());
  },

  'voc/topicMessages': async (input, ctx) => {
    const topic = await liveTopic(ctx, input.topicId);
    const since = input.period ? periodDays(input.period, ctx.now()).from : undefined;
    const rows = await topicMessages(ctx.store, {
      topicId: topic.id,
      limit: input.limit,
      ...(since !== undefined ? { since } : {}),
      ...(input.before !== undefined ? { before: input.before } : {}),
      ...(input.queueId !== undefined ? { queueId: input.queueId } : {}),
      ...(input.channel !== undefined ? { channel: input.channel } : {}),
    });
    return {
      topic: { topicId: topic.id, label: topic.label, pinned: topic.pinned === 1, hidden: topic.hidden === 1 },
      messages: rows.map(toMessage),
    };
  },

  'voc/customer': async (input, ctx) => {
    ctx.services.require(VOC);
    // The conversation on screen, if it is this customer's (a record being merged may briefly show another's).
    const currentId =
      input.conversationId !== undefined && (await customerOfConversation(ctx.store, input.conversationId)) === input.customerId
        ? input.conversationId
        : undefined;
    const rows = await customerMessages(ctx.store, input.customerId, CUSTOMER_MESSAGES);
    const links = await topicsOfMessages(
      ctx.store,
      rows.map((r) => r.message_id),
    );
    const byTopic = new Map<number, CustomerTopic & { sum: number; scored: number }>();
    for (const l of links) {
      const t = byTopic.get(l.topic_id) ?? {
        topicId: l.topic_id,
        label: l.label,
        count: 0,
        lastAt: 0,
        sentiment: null,
        messageIds: [],
        sum: 0,
        scored: 0,
      };
      t.count += 1;
      t.lastAt = Math.max(t.lastAt, l.at);
      t.messageIds.push(l.message_id);
      if (l.sentiment !== null) {
        t.sum += l.sentiment;
        t.scored += 1;
      }
      byTopic.set(l.topic_id, t);
    }
    const topics = [...byTopic.values()]
      .map(({ sum, scored, ...t }) => ({
        ...t,
        messageIds: t.messageIds.sort((a, b) => b - a),
        sentiment: scored > 0 ? Math.round((sum / scored) * 100) / 100 : null,
      }))
      // Recurring first, then the most recent.
      .sort((a, b) => b.count - a.count || b.lastAt - a.lastAt)
      .slice(0, 20);
    const current = currentId !== undefined ? await conversationMessages(ctx.store, currentId, 20) : [];
    return { topics, messages: rows.map(toMessage).reverse(), current: current.map(toMessage).reverse() };
  },

  'voc/topicUpdate': async (input, ctx) => {
    const topic = await liveTopic(ctx, input.topicId);
    const now = ctx.now();
    await ctx.store.write((tx) => updateTopic(tx, topic.id, input, ctx.agentId, now));
    await ctx.audit.record(
      { kind: 'agent', agentId: ctx.agentId },
      {
        action: 'voc.topic.updated',
        target: `topic:${topic.id}`,
        detail: { before: { label: topic.label, hidden: topic.hidden === 1, pinned: topic.pinned === 1 }, change: input },
      },
    );
    const [after] = await topicsByIds(ctx.store, [topic.id]);
    return { topicId: topic.id, label: after!.label, pinned: after!.pinned === 1, hidden: after!.hidden === 1 };
  },

  'voc/topicMerge': async (input, ctx) => {
    const sources = [...new Set(input.sourceIds)].filter((id) => id !== input.targetId);
    if (sources.length === 0) throw new HubError('invalid_input', 'choose at least one other topic to merge into this one');
    await liveTopic(ctx, input.targetId);
    for (const id of sources) await liveTopic(ctx, id);
    const now = ctx.now();
    await ctx.store.write((tx) => mergeTopics(tx, input.targetId, sources, ctx.agentId, now));
    await ctx.audit.record(
      { kind: 'agent', agentId: ctx.agentId },
      { action: 'voc.topic.merged', target: `topic:${input.targetId}`, detail: { sources } },
    );
    return { targetId: input.targetId, merged: sources.length };
  },

  'voc/reanalyse': async (_input, ctx) => {
    const job = ctx.services.require(VOC);
    await ctx.audit.record({ kind: 'agent', agentId: ctx.agentId }, { action: 'voc.reanalysed' });
    return job.reanalyse();
  },
};
