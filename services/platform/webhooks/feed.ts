import type { WebhookEventType, WebhookPayload } from '../../contracts';
import type { EventRow } from '../../store/repos/events';
import type { Store } from '../../store/store';
import {
  liveSubscriptions,
  conversationFacts,
  eventsAfter,
  insertDeliveries,
  mergesAfter,
  messageBodies,
  queueSlaSeconds,
  setWatermark,
  watermark,
  type NewDelivery,
} from '../repo';

/** Event-log types the feed reads, and the webhook each becomes. */
const FROM_EVENT: Readonly<Record<string, WebhookEventType>> = {
  'conversation/created': 'conversation.created',
  'conversation/closed': 'conversation.closed',
  'conversation/abandoned': 'conversation.abandoned',
  'message/in': 'message.in',
  'message/out': 'message.out',
  'conversation/offerTimeout': 'offer.missed',
};
const READ_TYPES = [...Object.keys(FROM_EVENT), 'conversation/accepted'];
const BATCH = 1000;

/**
 * Turns committed rows into webhook deliveries. Why derive from the event log instead of writing an outbox
 * row next to every event: the event log already is an outbox committed in the same transaction as the
 * change (every path that changes a conversation appends to it), so reading it from a watermark gives the
 * same guarantee without touching ingest or the center. The watermark moves in the same transaction that
 * inserts the deliveries it read, so a crash either queued them and moved it, or did neither.
 * Merges append no event; they are read the same way from customer_merge's ids.
 */
export async function feedOnce(store: Store, now: number): Promise<number> {
  return store.write(async (tx) => {
    const subscriptions = await liveSubscriptions(tx);
    const fromSeq = await watermark(tx, 'event');
    const fromMerge = await watermark(tx, 'merge');
    const { rows, last } = await eventsAfter(tx, fromSeq, READ_TYPES, BATCH);
    const merges = await mergesAfter(tx, fromMerge, BATCH);
    if (last === fromSeq && merges.length === 0) return 0;
    const payloads: WebhookPayload[] = [];
    if (subscriptions.length > 0) {
      payloads.push(...(await eventPayloads(tx, rows)));
      for (const m of merges) {
        payloads.push({
          id: `merge_${m.id}`,
          type: 'customer.merged',
          createdAt: m.at,
          data: { mergeId: m.id, survivorId: m.survivorId, mergedId: m.mergedId, customerId: m.survivorId, rule: m.rule },
        });
      }
    }
    const deliveries: NewDelivery[] = [];
    for (const p of payloads) {
      for (const s of subscriptions) {
        if (s.events.includes(p.type))
          deliveries.push({ subscriptionId: s.id, eventId: p.id, eventType: p.type, payload: JSON.stringify(p) });
      }
    }
    await insertDeliveries(tx, deliveries, now);
    await setWatermark(tx, 'event', last);
    if (merges.length > 0) await setWatermark(tx, 'merge', merges.at(-1)!.id);
    return deliveries.length;
  });
}

async function eventPayloads(tx: Parameters<typeof conversationFacts>[0], rows: readonly EventRow[]): Promise<WebhookPayload[]> {
  const facts = await conversationFacts(tx, [...new Set(rows.flatMap((r) => (r.conversationId === null ? [] : [r.conversationId])))]);
  const messageIds = rows.flatMap((r) => (r.type.startsWith('message/') && typeof r.data.messageId === 'number' ? [r.data.messageId] : []));
  const bodies = await messageBodies(tx, messageIds);
  const sla = await queueSlaSeconds(tx);
  const out: WebhookPayload[] = [];
  for (const r of rows) {
    const conversation = r.conversationId === null ? undefined : facts.get(r.conversationId);
    const base = {
      conversationId: r.conversationId,
      customerId: conversation?.customerId ?? null,
      channel: r.channel,
      queueId: r.queueId,
      agentId: r.agentId,
    };
    const id = `evt_${r.seq}`;
    const type = FROM_EVENT[r.type];
    if (type === 'message.in' || type === 'message.out') {
      const messageId = typeof r.data.messageId === 'number' ? r.data.messageId : null;
      const body = messageId === null ? undefined : bodies.get(messageId);
      out.push({ id, type, createdAt: r.at, data: { ...base, messageId, bodyText: body?.bodyText ?? null } });
    } else if (type === 'conversation.closed') {
      out.push({
        id,
        type,
        createdAt: r.at,
        data: { ...base, disposition: typeof r.data.disposition === 'string' ? r.data.disposition : null },
      });
    } else if (type === 'offer.missed') {
      out.push({ id, type, createdAt: r.at, data: { ...base, offerId: r.data.offerId ?? null } });
    } else if (type) {
      out.push({ id, type, createdAt: r.at, data: { ...base, ...(typeof r.data.waitMs === 'number' ? { waitMs: r.data.waitMs } : {}) } });
    }
    // Answered or abandoned after the queue's service-level time: the breach, known at that moment.
    if ((r.type === 'conversation/accepted' || r.type === 'conversation/abandoned') && typeof r.data.waitMs === 'number' && r.queueId) {
      const limitSeconds = sla.get(r.queueId);
      if (limitSeconds !== undefined && r.data.waitMs > limitSeconds * 1000) {
        out.push({
          id: `${id}_sla`,
          type: 'sla.breached',
          createdAt: r.at,
          data: {
            ...base,
            outcome: r.type === 'conversation/accepted' ? 'answered' : 'abandoned',
            waitMs: r.data.waitMs,
            slaSeconds: limitSeconds,
          },
        });
      }
    }
  }
  return out;
}
