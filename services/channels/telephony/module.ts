import type { z } from 'zod';
import { migration0004 } from './migrations/0004-twilio';
import type { TelephonyStatus, telephonyCommands } from '../../contracts';
import type { HubModule } from '../../hub/module';
import { provide, type ServiceBinding } from '../../hub/services';
import { createTwilioClient } from './client';
import { parseTwilioConfig, TwilioConfig, twilioNeedsPublicUrl } from './config';
import { telephonyHandlers } from './handlers';
import { NumberBook } from './numbers';
import { outboundSms } from './outboundSms';
import { WEBHOOK_PREFIX, type TwilioRuntime } from './runtime';
import { OUTBOUND_SMS, SMS_SENDER, TELEPHONY } from './service';
import { smsAdapter } from './sms/adapter';
import { smsAckSender } from './sms/acknowledgement';
import { AckWorker } from '../../acknowledgements/worker';
import { inboundSmsRoute } from './sms/inbound';
import { smsStatusRoute } from './sms/status';
import { VoiceCalls } from './voice/calls';
import { voiceInboundRoutes } from './voice/inbound';
import { voiceStatusRoutes } from './voice/status';
import { registerWebhooks, type WebhookRoute, type WebhookSet } from './webhook';

/**
 * Phone and SMS over Twilio. Without a valid config.twilio it is off with the reason (telephony/status
 * says it, so the desktop can), and the hub runs on.
 */
export function telephonyModule(): HubModule<keyof typeof telephonyCommands> {
  // What the webhooks answer with: the latest setup's account and routes (null while off).
  let webhooks: WebhookSet | null = null;
  return {
    name: 'telephony',
    migrations: [migration0004],
    handlers: telephonyHandlers,
    configSection: { key: 'twilio', live: 'twilio', schema: TwilioConfig, check: twilioNeedsPublicUrl },
    routes: (app, ctx) => registerWebhooks(app, { prefix: WEBHOOK_PREFIX, log: ctx.log }, () => webhooks),
    setup(ctx) {
      webhooks = null;
      const parsed = parseTwilioConfig(ctx.config.twilio, ctx.config.publicUrl);
      if (!parsed.enabled) {
        ctx.log.info(`twilio: ${parsed.reason}`);
        return { enabled: false, reason: parsed.reason };
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
        push: ctx.push,
      };
      const calls = new VoiceCalls(rt);
      const unsubscribe = calls.listen();
      const routes: Array<WebhookRoute<z.ZodType>> = [
        inboundSmsRoute(rt),
        smsStatusRoute(rt),
        ...voiceInboundRoutes(rt, calls),
        ...voiceStatusRoutes(rt, calls),
      ];
      const smsNumbers = numbers.all().filter((n) => n.sms);
      const voiceNumbers = numbers.all().filter((n) => n.voice).length;
      const status = (): TelephonyStatus => ({
        enabled: true,
        sms:
          smsNumbers.length > 0
            ? { ok: true, detail: `${smsNumbers.length} number(s); webhooks at ${publicUrl}${WEBHOOK_PREFIX}/sms/inbound` }
            : { ok: false, detail: 'no number has sms enabled' },
        voice:
          voiceNumbers === 0
            ? { ok: false, detail: 'no number has voice enabled' }
            : config.apiKey
              ? { ok: true, detail: `${voiceNumbers} number(s); webhooks at ${publicUrl}${WEBHOOK_PREFIX}/voice/incoming` }
              : {
                  ok: false,
                  detail: 'inbound calls are queued, but agents cannot get softphone tokens without config.twilio.apiKey/apiSecret',
                },
        numbers: numbers.all().map((n) => ({ number: n.number, queueId: n.queueId, sms: n.sms, voice: n.voice })),
      });
      const services: ServiceBinding[] = [provide(TELEPHONY, { status, runtime: rt, calls })];
      // Automatic acknowledgements of new SMS conversations (per queue; see services/acknowledgements).
      const acks = new AckWorker({
        store: ctx.store,
        queue: (id) => ctx.center.queue(id),
        sender: smsAckSender(rt),
        now: ctx.now,
        log: ctx.log,
      });
      const unlistenAcks = ctx.center.onMessage((c, m) => {
        if (c.channel === 'sms' && m.direction === 'in') acks.wake();
      });
      // One-time codes for the web widget's "My history" go out from the first SMS-enabled number.
      const codeNumber = smsNumbers[0];
      if (codeNumber) {
        services.push(
          provide(SMS_SENDER, {
            async sendSms(to, body) {
              await rt.client.messages.create({ to, from: codeNumber.number, body });
            },
          }),
          provide(OUTBOUND_SMS, outboundSms(numbers)),
        );
      }
      ctx.log.info(`twilio: enabled for ${numbers.all().length} number(s)`);
      const set: WebhookSet = {
        publicUrl,
        authToken: config.authToken,
        accountSid: config.accountSid,
        bodyLimit: config.webhookBodyLimit,
        routes,
      };
      webhooks = set;
      return {
        enabled: true,
        services,
        adapters: [smsAdapter(rt)],
        start() {
          acks.start();
          return Promise.resolve();
        },
        async stop() {
          unlistenAcks();
          await acks.stop();
          // Webhooks arriving while the next setup runs are refused (Twilio retries them), never half-handled.
          if (webhooks === set) webhooks = null;
          unsubscribe();
          await calls.drain();
        },
      };
    },
  };
}
