import type { TelephonyStatus } from '../../contracts';
import { serviceKey } from '../../hub/services';
import type { OutboundSms } from './outboundSms';
import type { TwilioRuntime } from './runtime';
import type { VoiceCalls } from './voice/calls';
import type { RecordingLinks } from './voice/recordings';

/** What the telephony command handlers reach once config.twilio is valid. */
export type TelephonyService = Readonly<{
  status(): TelephonyStatus;
  runtime: TwilioRuntime;
  calls: VoiceCalls;
  recordings: RecordingLinks;
}>;

/**
 * Text messages for phone one-time codes (the web widget's "My history"), sent from the first SMS-enabled
 * number; without it, proving a phone number answers `unavailable`.
 */
export type SmsSender = Readonly<{ sendSms(to: string, body: string): Promise<void> }>;

export const TELEPHONY = serviceKey<TelephonyService>('telephony');
/** Published only when some number has SMS enabled. */
export const OUTBOUND_SMS = serviceKey<OutboundSms>('telephony', 'outboundSms');
/** Published only when some number has SMS enabled. */
export const SMS_SENDER = serviceKey<SmsSender>('telephony', 'smsSender');

/** Status when the module is off: both channels say why. */
export function telephonyOff(reason: string): TelephonyStatus {
  const off = { ok: false, detail: reason };
  return { enabled: false, sms: off, voice: off, numbers: [] };
}
