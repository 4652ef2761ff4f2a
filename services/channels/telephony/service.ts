import { HubError, type TelephonyStatus } from '../../contracts';
import type { VoiceCalls } from './voice/calls';
import type { TwilioRuntime } from './runtime';

export const TELEPHONY_SERVICE = 'telephony';

/** What the telephony command handlers reach through ctx.services; present even when disabled (for status). */
export type TelephonyService = Readonly<{
  status(): TelephonyStatus;
  runtime: TwilioRuntime | null;
  calls: VoiceCalls | null;
}>;

export function requireEnabled(service: TelephonyService | undefined): { rt: TwilioRuntime; calls: VoiceCalls } {
  if (!service?.runtime || !service.calls) {
    const detail = service?.status().sms.detail ?? 'the telephony module is not loaded';
    throw new HubError('channel_unavailable', `phone and SMS are not available: ${detail}`);
  }
  return { rt: service.runtime, calls: service.calls };
}
