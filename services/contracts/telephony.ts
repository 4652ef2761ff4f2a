import { z } from 'zod';
import { Message, QueueId } from './domain';

/** Phone and SMS over Twilio: shapes shared by the hub (services/channels/{sms,voice,twilio}) and the desktop. */

const id = z.number().int().positive();
/** Twilio refuses longer message bodies (error 21617). */
export const SMS_MAX_CHARS = 1600;
const everyone = ['agent', 'supervisor', 'admin'] as const;

/** A number as typed by an agent; the hub normalises it to E.164 and refuses what is not a phone number. */
export const DialNumber = z
  .string()
  .trim()
  .min(3)
  .max(32)
  .regex(/^\+?[\d\s().-]+$/, 'digits, spaces, + ( ) . - only');

export const ChannelHealth = z.object({ ok: z.boolean(), detail: z.string() });
export type ChannelHealth = z.infer<typeof ChannelHealth>;

export const TelephonyStatus = z.object({
  enabled: z.boolean(),
  sms: ChannelHealth,
  voice: ChannelHealth,
  numbers: z.array(z.object({ number: z.string(), queueId: QueueId, sms: z.boolean(), voice: z.boolean() })),
});
export type TelephonyStatus = z.infer<typeof TelephonyStatus>;

export const SmsOptOut = z.object({
  phone: z.string(),
  customerId: z.number().int().nullable(),
  optedOut: z.boolean(),
  /** The keyword that changed the state (STOP, START, …) or `carrier` for Twilio error 21610. */
  keyword: z.string().nullable(),
  changedAt: z.number().nullable(),
});
export type SmsOptOut = z.infer<typeof SmsOptOut>;

export const CallRole = z.enum(['caller', 'agent', 'consult', 'supervisor', 'outbound', 'voicemail']);
export type CallRole = z.infer<typeof CallRole>;

export const CallLeg = z.object({
  callSid: z.string(),
  role: CallRole,
  agentId: z.number().int().nullable(),
  status: z.string(),
  onHold: z.boolean(),
  muted: z.boolean(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
});
export type CallLeg = z.infer<typeof CallLeg>;

/** The live (or finished) call behind a voice conversation. */
export const CallState = z.object({
  conversationId: z.number().int(),
  conference: z.string().nullable(),
  legs: z.array(CallLeg),
  recordingUrl: z.string().nullable(),
  /** Set while a warm transfer waits for the consulted agent. */
  consultAgentId: z.number().int().nullable(),
});
export type CallState = z.infer<typeof CallState>;

/**
 * How an agent's call leg reaches them: the desk's softphone (Voice SDK, client identity `agent-<id>`), a
 * phone number (E.164) or a SIP address (sip:user@host), for agents without a headset on this computer.
 * autoAnswer: the softphone answers every call the hub rings it with, not only the one the agent accepted.
 */
export const VoiceSettings = z.discriminatedUnion('leg', [
  z.object({ leg: z.literal('softphone'), autoAnswer: z.boolean() }).strict(),
  z.object({ leg: z.literal('phone'), address: DialNumber, autoAnswer: z.boolean() }).strict(),
  z
    .object({
      leg: z.literal('sip'),
      address: z
        .string()
        .trim()
        .max(200)
        .regex(/^sips?:[^\s@<>"]+@[A-Za-z0-9.-]+(:\d{1,5})?(;[^\s<>"]*)?$/, 'a SIP address such as sip:ann@pbx.example.com'),
      autoAnswer: z.boolean(),
    })
    .strict(),
]);
export type VoiceSettings = z.infer<typeof VoiceSettings>;

/** A stored call recording or voicemail, with a short-lived hub link the desk's audio player streams. */
export const VoiceRecording = z.object({
  recordingSid: z.string(),
  conversationId: z.number().int(),
  kind: z.enum(['call', 'voicemail']),
  durationS: z.number().int().nullable(),
  createdAt: z.number(),
  /** Hub-relative URL with a ticket valid for a few minutes; the hub fetches the audio from Twilio. */
  url: z.string(),
});
export type VoiceRecording = z.infer<typeof VoiceRecording>;

/** What the desk's Voice SDK Device is created with, besides the token. */
export const VoiceDeviceOptions = z.object({
  /** Twilio edge to connect through; null lets Twilio choose. */
  edge: z.string().nullable(),
  /** Signalling host instead of Twilio's (a local stand-in in tests); null in production. */
  signallingHost: z.string().nullable(),
});
export type VoiceDeviceOptions = z.infer<typeof VoiceDeviceOptions>;

export const telephonyCommands = {
  'telephony/status': { roles: everyone, input: z.object({}).strict(), output: TelephonyStatus },
  /** Ask before composing: the desktop warns the agent when the customer texted STOP. */
  'sms/optOutStatus': { roles: everyone, input: z.object({ conversationId: id }).strict(), output: SmsOptOut },
  /** Like message/send on an SMS conversation, but refuses an opted-out number before anything is stored. */
  'sms/send': {
    roles: everyone,
    input: z.object({ conversationId: id, bodyText: z.string().min(1).max(SMS_MAX_CHARS) }).strict(),
    output: Message,
  },
  /** A Twilio Voice SDK access token for the signed-in agent (identity `agent-<id>`). */
  'voice/token': {
    roles: everyone,
    input: z.object({}).strict(),
    output: z.object({ token: z.string(), identity: z.string(), expiresAt: z.number(), device: VoiceDeviceOptions }),
  },
  /** How the signed-in agent's (or, for supervisors and admins, any agent's) call leg reaches them. */
  'voice/settings': {
    roles: everyone,
    input: z.object({ agentId: id.optional() }).strict(),
    output: VoiceSettings,
  },
  /** Agents change their own; admins anyone's. */
  'voice/settingsSet': {
    roles: everyone,
    input: z.object({ agentId: id.optional(), settings: VoiceSettings }).strict(),
    output: VoiceSettings,
  },
  /** The recordings and voicemails of a voice conversation, each with a short-lived link to play it. */
  'voice/recordings': {
    roles: everyone,
    input: z.object({ conversationId: id }).strict(),
    output: z.array(VoiceRecording),
  },
  'voice/call': { roles: everyone, input: z.object({ conversationId: id }).strict(), output: CallState },
  'voice/hold': { roles: everyone, input: z.object({ conversationId: id, hold: z.boolean() }).strict(), output: CallState },
  'voice/mute': { roles: everyone, input: z.object({ conversationId: id, muted: z.boolean() }).strict(), output: CallState },
  'voice/hangup': { roles: everyone, input: z.object({ conversationId: id }).strict(), output: CallState },
  /**
   * cold: the caller waits on hold in the conference while the conversation is offered to the target.
   * warm: the target agent is rung into the conference to talk first; then voice/transferComplete or
   * voice/transferCancel.
   */
  'voice/transfer': {
    roles: everyone,
    input: z
      .object({
        conversationId: id,
        mode: z.enum(['cold', 'warm']),
        to: z.union([z.object({ agentId: id }).strict(), z.object({ queueId: QueueId }).strict()]),
        note: z.string().trim().max(4000).optional(),
      })
      .strict(),
    output: CallState,
  },
  'voice/transferComplete': { roles: everyone, input: z.object({ conversationId: id }).strict(), output: CallState },
  'voice/transferCancel': { roles: everyone, input: z.object({ conversationId: id }).strict(), output: CallState },
  /**
   * Click-to-call / call back: rings the agent's softphone and the number into one conference. With a
   * conversationId (held by the caller) the call belongs to it and the number defaults to the customer's.
   */
  'voice/dial': {
    roles: everyone,
    input: z
      .object({ to: DialNumber.optional(), conversationId: id.optional(), fromNumber: DialNumber.optional() })
      .strict()
      .refine((v) => v.to !== undefined || v.conversationId !== undefined, 'give a number (to) or a conversationId'),
    output: z.object({ callSid: z.string(), conference: z.string(), conversationId: z.number().int().nullable() }),
  },
  /** Supervisor joins a live call: listen (muted), coach (only the agent hears) or barge (everyone hears). */
  'voice/monitor': {
    roles: ['supervisor', 'admin'],
    input: z.object({ conversationId: id, mode: z.enum(['listen', 'coach', 'barge']) }).strict(),
    output: CallState,
  },
} as const;

export const telephonyEvents = {
  /** A customer texted STOP/START; pushed to supervisors and the agent holding their conversation. */
  'sms/optOut': SmsOptOut,
  /** The call behind a voice conversation changed (legs, hold, mute, recording). */
  'voice/call': CallState,
} as const;
