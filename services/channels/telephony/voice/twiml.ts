import type Twilio from 'twilio';
import type { CustomerLanguage } from '../../../contracts';
import { formatNumber, phrase } from '../../../phrases';
import { recordsQueue } from '../config';
import type { TwilioRuntime } from '../runtime';
import { callbackUrl } from '../runtime';
import { twilioLib } from '../twilioLib';

/** The conference a voice conversation's call is bridged in: one per conversation. */
export const conferenceName = (conversationId: number): string => `sb-conv-${conversationId}`;
/** The Twilio Client identity the Voice SDK registers for an agent. */
export const agentIdentity = (agentId: number): string => `agent-${agentId}`;
/** Twilio queue that holds callers of one Switchboard queue; who is answered next is our router's decision. */
export const holdQueueName = (queueId: string): string => `sb-${queueId}`;

type VoiceResponse = InstanceType<typeof Twilio.twiml.VoiceResponse>;
/** twilio's TwiML builder; the package loads on the first call that needs it (twilioLib.ts). */
const newVoiceResponse = (): VoiceResponse => new (twilioLib().twiml.VoiceResponse)();

/** The speech engine's language for each language a queue can speak (Twilio's <Say language>). */
export const sayLanguage: Readonly<Record<CustomerLanguage, 'en-US' | 'es-ES'>> = { en: 'en-US', es: 'es-ES' };

/** The language callers of this queue hear (English when the queue is unknown). */
export function queueLanguage(rt: Pick<TwilioRuntime, 'center'>, queueId: string | null | undefined): CustomerLanguage {
  return (queueId ? rt.center.queue(queueId)?.language : undefined) ?? 'en';
}

/** Every prompt goes through here: spoken in the queue's language, by a voice for that language. */
function say(r: VoiceResponse, language: CustomerLanguage, text: string): void {
  r.say({ language: sayLanguage[language] }, text);
}

/**
 * A configurable prompt: the hub's configured text as typed (the admin chose those words), else the built-in
 * one in the caller's language.
 */
function prompt(language: CustomerLanguage, configured: string | undefined, key: string): string {
  return configured ?? phrase(language, key);
}

/** `announce`: the first answer to a call that will be recorded tells the caller so before they wait. */
export function enqueueTwiml(rt: TwilioRuntime, conversationId: number, queueId: string, announce = false): string {
  const r = newVoiceResponse();
  const language = queueLanguage(rt, queueId);
  if (announce && recordsQueue(rt.config, queueId))
    say(r, language, prompt(language, rt.config.voice.recordingAnnouncement, 'voice.recordingAnnouncement'));
  r.enqueue(
    {
      waitUrl: callbackUrl(rt, '/voice/wait', { conversationId }),
      waitUrlMethod: 'POST',
      action: callbackUrl(rt, '/voice/queue-result', { conversationId }),
      method: 'POST',
    },
    holdQueueName(queueId),
  );
  return r.toString();
}

/** "about 3 minutes", "less than a minute" (or "aproximadamente 3 minutos"): an expected wait as a caller hears it. */
export function spokenWait(seconds: number, language: CustomerLanguage = 'en'): string {
  if (seconds < 60) return phrase(language, 'voice.wait.underMinute');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return phrase(language, 'voice.wait.minutes', { count: minutes });
  const hours = Math.round(minutes / 6) / 10;
  return phrase(language, 'voice.wait.hours', { count: hours, hours: formatNumber(language, hours) });
}

/**
 * Played while waiting; Twilio requests the wait URL again when it ends, so position and expected wait are
 * fresh each time. `expectedWaitS` is null when there is nothing to estimate from (no handled calls yet).
 */
export function waitTwiml(
  rt: TwilioRuntime,
  position: number | null,
  first: boolean,
  expectedWaitS: number | null = null,
  language: CustomerLanguage = 'en',
): string {
  const r = newVoiceResponse();
  const where =
    position === null
      ? phrase(language, 'voice.shortly')
      : position === 1
        ? phrase(language, 'voice.next')
        : phrase(language, 'voice.position', { position });
  const wait = expectedWaitS === null ? '' : ` ${phrase(language, 'voice.expectedWait', { wait: spokenWait(expectedWaitS, language) })}`;
  const hold = first ? `${prompt(language, rt.config.voice.holdMessage, 'voice.holdMessage')} ` : '';
  say(r, language, `${hold}${where}${wait}`);
  if (rt.config.voice.holdMusicUrl) r.play(rt.config.voice.holdMusicUrl);
  else r.pause({ length: rt.config.voice.announceEverySeconds });
  return r.toString();
}

export function leaveQueueTwiml(): string {
  const r = newVoiceResponse();
  r.leave();
  return r.toString();
}

export const voicemailReasons = ['closed', 'unstaffed', 'timeout', 'queue_error'] as const;
export type VoicemailReason = (typeof voicemailReasons)[number];

export function voicemailTwiml(
  rt: TwilioRuntime,
  reason: VoicemailReason,
  conversationId?: number,
  language: CustomerLanguage = 'en',
): string {
  const r = newVoiceResponse();
  say(
    r,
    language,
    reason === 'closed'
      ? prompt(language, rt.config.voice.closedGreeting, 'voice.closedGreeting')
      : prompt(language, rt.config.voice.voicemailGreeting, 'voice.voicemailGreeting'),
  );
  const query: Record<string, string | number> = { reason };
  if (conversationId !== undefined) query.conversationId = conversationId;
  r.record({
    action: callbackUrl(rt, '/voice/voicemail', query),
    method: 'POST',
    maxLength: rt.config.voice.voicemailMaxSeconds,
    playBeep: true,
    finishOnKey: '#',
    transcribe: true,
    transcribeCallback: callbackUrl(rt, '/voice/transcription'),
  });
  say(r, language, phrase(language, 'voice.noMessage'));
  r.hangup();
  return r.toString();
}

/** One of the built-in goodbyes (`voice.noMessage`, `voice.lineUnavailable`), then the call ends. */
export function sayHangupTwiml(
  key: 'voice.noMessage' | 'voice.lineUnavailable' | 'voice.voicemailThanks',
  language: CustomerLanguage = 'en',
): string {
  const r = newVoiceResponse();
  say(r, language, phrase(language, key));
  r.hangup();
  return r.toString();
}

/** After a voicemail was recorded (and the answer to a re-post of that webhook). */
export function voicemailThanksTwiml(language: CustomerLanguage = 'en'): string {
  return sayHangupTwiml('voice.voicemailThanks', language);
}

/** Ends a call that is already over (a late re-post of its incoming webhook). */
export function hangupTwiml(): string {
  const r = newVoiceResponse();
  r.hangup();
  return r.toString();
}

/** Moves the caller into the conversation's conference; their leaving ends it. Recorded when the queue is. */
export function conferenceTwiml(rt: TwilioRuntime, conversationId: number, queueId: string): string {
  const r = newVoiceResponse();
  const dial = r.dial();
  dial.conference(
    {
      startConferenceOnEnter: false,
      endConferenceOnExit: true,
      beep: 'false',
      ...(rt.config.voice.holdMusicUrl ? { waitUrl: rt.config.voice.holdMusicUrl } : {}),
      ...(recordsQueue(rt.config, queueId)
        ? {
            record: 'record-from-start',
            recordingStatusCallback: callbackUrl(rt, '/voice/recording', { conversationId }),
            recordingStatusCallbackMethod: 'POST',
          }
        : {}),
    },
    conferenceName(conversationId),
  );
  return r.toString();
}

/** Both legs of a click-to-call meet in this conference; either leaving ends it. */
export function outboundConferenceTwiml(name: string): string {
  const r = newVoiceResponse();
  r.dial().conference({ startConferenceOnEnter: true, endConferenceOnExit: true, beep: 'false' }, name);
  return r.toString();
}
