import { z } from 'zod';
import { findMessageByProviderId } from '../../../store/repos/messages';
import { threadKey, toE164 } from '../numbers';
import type { TwilioRuntime } from '../runtime';
import { refusal, type WebhookRoute } from '../webhook';
import { mediaRows, storeMissingMedia, type InboundMedia } from '../repo';
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

const MediaUrl = z
  .string()
  .url()
  .max(2048)
  .refine((u) => u.startsWith('https://'), 'media URLs are https');

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

      const media: InboundMedia[] = [];
      for (let i = 0; i < sms.NumMedia; i += 1) {
        const url = MediaUrl.safeParse(params[`MediaUrl${i}`]);
        if (!url.success) return refusal(400, 'invalid_input', `MediaUrl${i} is missing or not an https URL`);
        const type = params[`MediaContentType${i}`];
        media.push({ url: url.data, contentType: typeof type === 'string' ? type.slice(0, 100) : null });
      }
      const keyword = optKeyword(sms.Body, sms.OptOutType);
      // A re-post (Twilio retries anything that was not a 2xx in time) is answered like the first post: 200
      // and empty TwiML, nothing stored twice. center.ingest dedupes every message; the early look-up is only
      // needed so a retried STOP/START does not record the opt-out change twice (a read on every webhook
      // would cost the common case).
      if (keyword && (await findMessageByProviderId(rt.store, sms.MessageSid))) return {};
      // Opt-out first: if we crash before the message commits, Twilio's retry records the message (and
      // recordOptOut sees the change already carries this MessageSid, so it is not recorded twice).
      if (keyword)
        await recordOptOut(rt, {
          phone: from,
          optedOut: keyword.optedOut,
          keyword: keyword.keyword,
          ourNumber: ours,
          messageSid: sms.MessageSid,
        });

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
        // The media rows commit with the message, in one write unit: both or neither.
        ...(media.length > 0 ? { followUps: mediaRows(media) } : {}),
      });
      // A replay stores nothing again, but a message the previous hub stored may lack its media (it wrote
      // them in a second transaction): the retry completes them. Costs a write only on replayed MMS.
      if (result.outcome === 'duplicate' && media.length > 0) await storeMissingMedia(rt.store, result.message.id, media);
      return {};
    },
  };
}
