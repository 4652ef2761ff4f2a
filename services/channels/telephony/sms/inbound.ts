import { z } from 'zod';
import { findMessageByProviderId } from '../../../store/repos/messages';
import { sql } from '../../../store/sql';
import { threadKey, toE164 } from '../numbers';
import type { TwilioRuntime } from '../runtime';
import { refusal, type WebhookRoute } from '../webhook';
import { optKeyword } from './keywords';
import { recordOptOut } from './optOut';

const MAX_MEDIA = 10;

/** The fields of Twilio's inbound message webhook we rely on; others are signed but ignored. */
export const InboundSms = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'a Twilio message SID'),
  AccountSid: z.string().min(1),
  From: z.string().min(1).max(64),
  To: z.string().min(1).max(64),
  Body: z.string().max(10_000).default(''),
  NumMedia: z.coerce.number().int().min(0).max(MAX_MEDIA).default(0),
  NumSegments: z.coerce.number().int().min(0).max(100).optional(),
  OptOutType: z.string().max(20).optional(),
});

const MediaUrl = z.string().url().max(2048).refine((u) => u.startsWith('https://'), 'media URLs are https');

/** POST /twilio/sms/inbound: one inbound SMS/MMS, committed before it is acknowledged. */
export function inboundSmsRoute(rt: TwilioRuntime): WebhookRoute<typeof InboundSms> {
  return {
    path: '/sms/inbound',
    schema: InboundSms,
    async handle(sms, { params }) {
      const ours = toE164(sms.To, rt.region);
      const number = ours ? rt.numbers.get(ours) : undefined;
      if (!ours || !number?.sms) return refusal(404, 'unknown_number', `${sms.To.slice(0, 32)} is not an SMS number of this hub`);
      const from = toE164(sms.From, rt.region);
      if (!from) return refusal(422, 'invalid_from', 'From is not a phone number (short codes and sender IDs are not served)');

      const media: Array<{ url: string; contentType: string | null }> = [];
      for (let i = 0; i < sms.NumMedia; i += 1) {
        const url = MediaUrl.safeParse(params[`MediaUrl${i}`]);
        if (!url.success) return refusal(400, 'invalid_input', `MediaUrl${i} is missing or not an https URL`);
        const type = params[`MediaContentType${i}`];
        media.push({ url: url.data, contentType: typeof type === 'string' ? type.slice(0, 100) : null });
      }
      const keyword = optKeyword(sms.Body, sms.OptOutType);
      // center.ingest dedupes every message; the early look-up is only needed so a retried STOP/START does
      // not record the opt-out change twice (a read on every webhook would cost the common case).
      if (keyword && (await findMessageByProviderId(rt.store, sms.MessageSid))) {
        return refusal(409, 'duplicate', `message ${sms.MessageSid} was already received; nothing stored`);
      }
      // Opt-out first: if we crash before the message commits, Twilio's retry records the message.
      if (keyword) await recordOptOut(rt, { phone: from, optedOut: keyword.optedOut, keyword: keyword.keyword, ourNumber: ours, messageSid: sms.MessageSid });

      const result = await rt.center.ingest({
        channel: 'sms',
        providerId: sms.MessageSid,
        from: { kind: 'phone', value: from },
        queueId: number.queueId,
        threadKey: threadKey('sms', from, ours),
        bodyText: sms.Body,
        meta: {
          from,
          to: ours,
          ...(sms.NumSegments !== undefined ? { segments: sms.NumSegments } : {}),
          ...(media.length > 0 ? { attachments: media } : {}),
          ...(keyword ? { optKeyword: keyword.keyword, optedOut: keyword.optedOut } : {}),
        },
        // STOP/START are stored on the thread but never open work.
        routable: keyword === undefined,
      });
      if (result.outcome === 'duplicate') return refusal(409, 'duplicate', `message ${sms.MessageSid} was already received; nothing stored`);
      if (media.length > 0) {
        await rt.store.write(async (tx) => {
          for (const m of media) {
            await tx.run(sql`INSERT INTO attachment (message_id, content_type, url) VALUES (${result.message.id}, ${m.contentType}, ${m.url})`);
          }
        });
      }
      return {};
    },
  };
}
