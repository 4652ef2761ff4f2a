import { z } from 'zod';
import { getMessageById, messageStatusOf } from '../repo';
import { toE164 } from '../numbers';
import type { TwilioRuntime } from '../runtime';
import { refusal, type WebhookRoute } from '../webhook';
import { recordOptOut } from './optOut';

export const SmsStatus = z.enum([
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'read',
  'undelivered',
  'failed',
  'canceled',
  'partially_delivered',
]);
export type SmsStatus = z.infer<typeof SmsStatus>;

/** Callbacks can arrive out of order; a status never moves back to an earlier one. */
const rank: Readonly<Record<string, number>> = {
  accepted: 1,
  scheduled: 1,
  queued: 2,
  sending: 3,
  sent: 4,
  partially_delivered: 5,
  delivered: 6,
  read: 7,
  undelivered: 8,
  failed: 8,
  canceled: 8,
};

/** Twilio: the recipient replied STOP earlier; sending is blocked until they text START. */
export const TWILIO_OPTED_OUT = 21610;

const StatusCallback = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/),
  MessageStatus: SmsStatus,
  ErrorCode: z.coerce.number().int().min(0).optional(),
  To: z.string().max(64).optional(),
  From: z.string().max(64).optional(),
});

const MessageIdQuery = z.coerce.number().int().positive();

/** POST /twilio/sms/status?messageId=N: delivery progress of one outbound SMS. */
export function smsStatusRoute(rt: TwilioRuntime): WebhookRoute<typeof StatusCallback> {
  return {
    path: '/sms/status',
    schema: StatusCallback,
    async handle(cb, { query }) {
      const messageId = MessageIdQuery.safeParse(query.get('messageId'));
      if (!messageId.success) return refusal(400, 'invalid_input', 'messageId query parameter is missing');
      const message = await getMessageById(rt.store, messageId.data);
      if (!message || message.direction !== 'out') {
        // Signed, so it is Twilio's news about a message we no longer have (deleted, or a restored database).
        // A 4xx would only count as a failed delivery on Twilio's side: acknowledge it and keep nothing.
        rt.log.warn({ messageId: messageId.data, sid: cb.MessageSid }, 'sms status callback for an unknown outbound message ignored');
        return {};
      }
      const knownSid = message.meta.sid;
      if (typeof knownSid === 'string' && knownSid !== cb.MessageSid)
        return refusal(409, 'sid_mismatch', 'MessageSid does not belong to this message');

      if (cb.ErrorCode === TWILIO_OPTED_OUT && cb.To) {
        const phone = toE164(cb.To, rt.region);
        if (phone)
          await recordOptOut(rt, { phone, optedOut: true, keyword: 'carrier', ourNumber: cb.From ?? null, messageSid: cb.MessageSid });
      }
      const meta: Record<string, unknown> = { sid: cb.MessageSid };
      if (cb.ErrorCode !== undefined) meta.errorCode = cb.ErrorCode;
      await advanceStatus(rt, message.id, cb.MessageStatus, meta);
      return {};
    },
  };
}

/** Sets a message's status unless it already holds a later one (the meta is merged either way). */
export async function advanceStatus(rt: TwilioRuntime, messageId: number, status: string, meta: Record<string, unknown>): Promise<void> {
  const current = (await messageStatusOf(rt.store, messageId)) ?? '';
  const keep = (rank[current] ?? 0) > (rank[status] ?? 0);
  await rt.center.setMessageStatus(messageId, keep ? current : status, meta);
}
