import type { ChannelAvailability, channelAvailabilityCommands } from '../contracts';
import { EMAIL } from '../channels/email/service';
import { SMS_SENDER, TELEPHONY } from '../channels/telephony/service';
import { WEBCHAT } from '../channels/webchat';
import type { HandlerTable } from '../hub/commands';
import type { HubModule } from '../hub/module';
import type { ServiceRegistry } from '../hub/services';

/** Each channel as it runs now: read from the services the channel modules publish (none when off). */
export function channelAvailability(services: ServiceRegistry): ChannelAvailability[] {
  const telephony = services.find(TELEPHONY)?.status();
  const phoneOff = services.whyOff(TELEPHONY);
  const email = services.find(EMAIL) !== undefined;
  const sms = services.find(SMS_SENDER) !== undefined;
  const chat = services.find(WEBCHAT) !== undefined;
  return [
    { kind: 'voice', on: telephony?.voice.ok ?? false, why: telephony ? (telephony.voice.ok ? null : telephony.voice.detail) : phoneOff },
    { kind: 'sms', on: sms, why: sms ? null : (telephony?.sms.detail ?? phoneOff) },
    { kind: 'email', on: email, why: email ? null : services.whyOff(EMAIL) },
    { kind: 'chat', on: chat, why: chat ? null : services.whyOff(WEBCHAT) },
  ];
}

const handlers: HandlerTable<keyof typeof channelAvailabilityCommands> = {
  'channels/available': async (_input, ctx) => ({ channels: channelAvailability(ctx.services) }),
};

/** `channels/available`: which channels this hub runs, so the desk offers only those. */
export function channelAvailabilityModule(): HubModule<keyof typeof channelAvailabilityCommands> {
  return { name: 'channelAvailability', handlers, setup: () => ({ enabled: true }) };
}
