import type { z } from 'zod';
import type { TelephonyStatus } from '../../contracts';
import type { HubModule } from '../../hub/module';
import { smsAdapter } from './sms/adapter';
import { inboundSmsRoute } from './sms/inbound';
import { smsStatusRoute } from './sms/status';
import { VoiceCalls } from './voice/calls';
import { voiceInboundRoutes } from './voice/inbound';
import { voiceStatusRoutes } from './voice/status';
import { createTwilioClient } from './client';
import { parseTwilioConfig } from './config';
import { NumberBook } from './numbers';
import { WEBHOOK_PREFIX, type TwilioRuntime } from './runtime';
import { TELEPHONY_SERVICE, type TelephonyService } from './service';
import { registerWebhooks, type WebhookRoute } from './webhook';
import { SMS_SENDER_KEY, type SmsSender } from '../webchat/mailer';
import { OUTBOUND_SMS_SERVICE, outboundSms, type OutboundSms } from './outboundSms';

/**
 * Phone and SMS over Twilio. Without a valid config.twilio it registers nothing but its status (so the
 * desktop can say why), and the hub runs on.
 */
export function twilioModule(): HubModule {
  let calls: VoiceCalls | null = null;
  let unsubscribe: (() => void) | null = null;
  return {
    name: 'twilio',
    async register(ctx) {
      const parsed = parseTwilioConfig(ctx.config.twilio, ctx.config.publicUrl);
      if (!parsed.enabled) {
        ctx.log.info(`twilio: ${parsed.reason}`);
        const off = { ok: false, detail: parsed.reason };
        ctx.services.provide<TelephonyService>(TELEPHONY_SERVICE, { status: () => ({ enabled: false, sms: off, voice: off, numbers: [] }), runtime: null, calls: null });
        return;
      }
      const { config, publicUrl } = parsed;
      const numbers = new NumberBook(config.numbers);
      const rt: TwilioRuntime = {
        config,
        publicUrl,
        client: createTwilioClient(config),
        numbers,
        center: ctx.center,
        store: ctx.store,
        log: ctx.log,
        now: ctx.now,
        region: ctx.config.defaultRegion,
        push: { to: (rooms) => ctx.io.of('/agent').to(rooms as string | string[]) },
      };
      calls = new VoiceCalls(rt);
      unsubscribe = calls.listen();
      const routes: Array<WebhookRoute<z.ZodType>> = [
        inboundSmsRoute(rt),
        smsStatusRoute(rt),
        ...voiceInboundRoutes(rt, calls),
        ...voiceStatusRoutes(rt, calls),
      ];
      await registerWebhooks(
        ctx.app,
        { prefix: WEBHOOK_PREFIX, publicUrl, authToken: config.authToken, accountSid: config.accountSid, bodyLimit: config.webhookBodyLimit, log: ctx.log },
        routes,
      );
      ctx.channels.register(smsAdapter(rt));
      // One-time codes for the web widget's "My history" go out from the first SMS-enabled number.
      const codeNumber = numbers.all().find((n) => n.sms);
      if (codeNumber) {
        ctx.services.provide<SmsSender>(SMS_SENDER_KEY, {
          async sendSms(to, body) {
            await rt.client.messages.create({ to, from: codeNumber.number, body });
          },
        });
      }
      const smsNumbers = numbers.all().filter((n) => n.sms).length;
      if (smsNumbers > 0) ctx.services.provide<OutboundSms>(OUTBOUND_SMS_SERVICE, outboundSms(numbers));
      const voiceNumbers = numbers.all().filter((n) => n.voice).length;
      const status = (): TelephonyStatus => ({
        enabled: true,
        sms: smsNumbers > 0 ? { ok: true, detail: `${smsNumbers} number(s); webhooks at ${publicUrl}${WEBHOOK_PREFIX}/sms/inbound` } : { ok: false, detail: 'no number has sms enabled' },
        voice:
          voiceNumbers === 0
            ? { ok: false, detail: 'no number has voice enabled' }
            : config.apiKey
              ? { ok: true, detail: `${voiceNumbers} number(s); webhooks at ${publicUrl}${WEBHOOK_PREFIX}/voice/incoming` }
              : { ok: false, detail: 'inbound calls are queued, but agents cannot get softphone tokens without config.twilio.apiKey/apiSecret' },
        numbers: numbers.all().map((n) => ({ number: n.number, queueId: n.queueId, sms: n.sms, voice: n.voice })),
      });
      ctx.services.provide<TelephonyService>(TELEPHONY_SERVICE, { status, runtime: rt, calls });
      ctx.log.info(`twilio: enabled for ${numbers.all().length} number(s)`);
    },
    async stop() {
      unsubscribe?.();
      await calls?.drain();
    },
  };
}
