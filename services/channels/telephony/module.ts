import type { z } from 'zod';
import { migration0004 } from './migrations/0004-twilio';
import { migration0017 } from './migrations/0017-voice-recordings';
import { migration0018 } from './migrations/0018-agent-voice-settings';
import { offReasons, type TelephonyStatus, type telephonyCommands } from '../../contracts';
import type { HubModule } from '../../hub/module';
import { METRICS } from '../../metrics/module';
import { provide, type ServiceBinding } from '../../hub/services';
import { createTwilioClient, type TwilioClient } from './client';
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
import { RecordingLinks, registerRecordingRoute } from './voice/recordings';
import { voiceStatusRoutes } from './voice/status';
import { registerWebhooks, type WebhookRoute, type WebhookSet } from './webhook';

/**
 * Phone and SMS over Twilio. Without a valid config.twilio it is off with the reason (telephony/status
 * says it, so the desktop can), and the hub runs on.
 */
export function telephonyModule(): HubModule<keyof typeof telephonyCommands> {
  // What the webhooks answer with: the latest setup's account and routes (null while off).
  let webhooks: WebhookSet | null = null;
  let recordingLinks: RecordingLinks | null = null;
  return {
    name: 'telephony',
    migrations: [migration0004, migration0017, migration0018],
    handlers: telephonyHandlers,
    configSection: { key: 'twilio', live: 'twilio', schema: TwilioConfig, check: twilioNeedsPublicUrl },
    routes: (app, ctx) => {
      registerRecordingRoute(app, () => recordingLinks);
      return registerWebhooks(app, { prefix: WEBHOOK_PREFIX, log: ctx.log }, () => webhooks);
    },
    setup(ctx) {
      webhooks = null;
      recordingLinks = null;
      const parsed = parseTwilioConfig(ctx.config.twilio, ctx.config.publicUrl);
      if (!parsed.enabled) {
        ctx.log.info(`twilio: off, ${parsed.logDetail}`);
        return { enabled: false, reason: parsed.reason };
      }
      const { config, publicUrl } = parsed;
      const numbers = new NumberBook(config.numbers);
      let client: TwilioClient | undefined;
      const rt: TwilioRuntime = {
        config,
        publicUrl,
        // Made on first outbound use (a send, a call): the twilio package is not loaded to answer webhooks.
        get client() {
          client ??= createTwilioClient(config);
          return client;
        },
        numbers,
        center: ctx.center,
        store: ctx.store,
        log: ctx.log,
        now: ctx.now,
        region: ctx.config.defaultRegion,
        push: ctx.push,
        metrics: () => ctx.services.find(METRICS),
      };
      const calls = new VoiceCalls(rt);
      const recordings = new RecordingLinks(rt);
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
            : { ok: false, detail: offReasons.smsNoNumber },
        voice:
          voiceNumbers === 0
            ? { ok: false, detail: offReasons.voiceNoNumber }
            : config.apiKey
              ? { ok: true, detail: `${voiceNumbers} number(s); webhooks at ${publicUrl}${WEBHOOK_PREFIX}/voice/incoming` }
              : { ok: false, detail: offReasons.voiceNoApiKey },
        numbers: numbers.all().map((n) => ({ number: n.number, queueId: n.queueId, sms: n.sms, voice: n.voice })),
      });
      const services: ServiceBinding[] = [provide(TELEPHONY, { status, runtime: rt, calls, recordings })];
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
      recordingLinks = recordings;
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
          if (recordingLinks === recordings) recordingLinks = null;
          unsubscribe();
          await calls.drain();
        },
      };
    },
  };
}
