import twilio from 'twilio';
import { recordsQueue } from '../config';
import type { TwilioRuntime } from '../runtime';
import { callbackUrl } from '../runtime';

const { VoiceResponse } = twilio.twiml;

/** The conference a voice conversation's call is bridged in: one per conversation. */
export const conferenceName = (conversationId: number): string => `sb-conv-${conversationId}`;
/** The Twilio Client identity the Voice SDK registers for an agent. */
export const agentIdentity = (agentId: number): string => `agent-${agentId}`;
/** Twilio queue that holds callers of one Switchboard queue; who is answered next is our router's decision. */
export const holdQueueName = (queueId: string): string => `sb-${queueId}`;

/** `announce`: the first answer to a call that will be recorded tells the caller so before they wait. */
export function enqueueTwiml(rt: TwilioRuntime, conversationId: number, queueId: string, announce = false): string {
  const r = new VoiceResponse();
  if (announce && recordsQueue(rt.config, queueId)) r.say(rt.config.voice.recordingAnnouncement);
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

/** "about 3 minutes", "less than a minute": an expected wait as a caller hears it. */
export function spokenWait(seconds: number): string {
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes === 1 ? 'about 1 minute' : `about ${minutes} minutes`;
  const hours = Math.round(minutes / 6) / 10;
  return hours === 1 ? 'about 1 hour' : `about ${hours} hours`;
}

/**
 * Played while waiting; Twilio requests the wait URL again when it ends, so position and expected wait are
 * fresh each time. `expectedWaitS` is null when there is nothing to estimate from (no handled calls yet).
 */
export function waitTwiml(rt: TwilioRuntime, position: number | null, first: boolean, expectedWaitS: number | null = null): string {
  const r = new VoiceResponse();
  const where =
    position === null
      ? 'An agent will be with you shortly.'
      : position === 1
        ? 'You are next in line.'
        : `You are number ${position} in line.`;
  const wait = expectedWaitS === null ? '' : ` Your expected wait is ${spokenWait(expectedWaitS)}.`;
  r.say(`${first ? `${rt.config.voice.holdMessage} ` : ''}${where}${wait}`);
  if (rt.config.voice.holdMusicUrl) r.play(rt.config.voice.holdMusicUrl);
  else r.pause({ length: rt.config.voice.announceEverySeconds });
  return r.toString();
}

export function leaveQueueTwiml(): string {
  const r = new VoiceResponse();
  r.leave();
  return r.toString();
}

export const voicemailReasons = ['closed', 'unstaffed', 'timeout', 'queue_error'] as const;
export type VoicemailReason = (typeof voicemailReasons)[number];

export function voicemailTwiml(rt: TwilioRuntime, reason: VoicemailReason, conversationId?: number): string {
  const r = new VoiceResponse();
  r.say(reason === 'closed' ? rt.config.voice.closedGreeting : rt.config.voice.voicemailGreeting);
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
  r.say('We did not get a message. Goodbye.');
  r.hangup();
  return r.toString();
}

export function sayHangupTwiml(text: string): string {
  const r = new VoiceResponse();
  r.say(text);
  r.hangup();
  return r.toString();
}

/** After a voicemail was recorded (and the answer to a re-post of that webhook). */
export function voicemailThanksTwiml(): string {
  return sayHangupTwiml('Thank you. We will call you back. Goodbye.');
}

/** Ends a call that is already over (a late re-post of its incoming webhook). */
export function hangupTwiml(): string {
  const r = new VoiceResponse();
  r.hangup();
  return r.toString();
}

/** Moves the caller into the conversation's conference; their leaving ends it. Recorded when the queue is. */
export function conferenceTwiml(rt: TwilioRuntime, conversationId: number, queueId: string): string {
  const r = new VoiceResponse();
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
  const r = new VoiceResponse();
  r.dial().conference({ startConferenceOnEnter: true, endConferenceOnExit: true, beep: 'false' }, name);
  return r.toString();
}
