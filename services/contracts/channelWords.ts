import type { ChannelKind } from './domain';

/**
 * The words agents, supervisors and customers read when a channel is off or missing a part. One home, so no
 * config key name (`config.twilio`, `email.smtp`) ever reaches a person: those stay in the hub's log, for
 * whoever runs the hub. Machine-readable error codes are unchanged; only these messages are for people.
 */

/** A channel's name as a person says it, in a sentence ("Email isn't set up…"). */
export const channelNames: Readonly<Record<ChannelKind, string>> = {
  voice: 'Phone calls',
  sms: 'Text messages',
  email: 'Email',
  chat: 'Web chat',
};

/** Where an administrator fixes it (the admin console's channel settings). */
export const WHERE_TO_FIX = 'An administrator can set it up under Admin → Channels.';

const plural = (kind: ChannelKind): boolean => kind === 'voice' || kind === 'sms';

/** "Email isn't set up on this hub yet. An administrator can set it up under Admin → Channels." */
export function channelNotSetUp(kind: ChannelKind): string {
  return `${channelNames[kind]} ${plural(kind) ? "aren't" : "isn't"} set up on this hub yet. ${WHERE_TO_FIX}`;
}

/** A module's settings exist but could not be used; the details (with key paths) go to the hub log. */
export function channelSettingsUnusable(what: string): string {
  const many = /s$/.test(what);
  return `${what} ${many ? 'are' : 'is'} off: ${many ? 'their' : 'its'} settings could not be used. An administrator can see why in the hub log and fix them under Admin → Channels.`;
}

/** Reasons a channel module gives for being off, in words (ModuleOff.reason, status details). */
export const offReasons = {
  emailAbsent: channelNotSetUp('email'),
  emailInvalid: channelSettingsUnusable('Email'),
  emailNoMailbox: 'Email has no mailbox to send from. An administrator can add one under Admin → Channels.',
  phoneAbsent: "Phone calls and text messages aren't set up on this hub yet. An administrator can set them up under Admin → Channels.",
  phoneInvalid: channelSettingsUnusable('Phone calls and text messages'),
  phoneNoPublicUrl:
    'Phone calls and text messages are off: the hub has no public web address for Twilio to reach it. An administrator can set one under Admin → Channels.',
  smsNoNumber:
    "Text messages aren't set up on this hub yet: no phone number can send them. An administrator can set one up under Admin → Channels.",
  voiceNoNumber:
    "Phone calls aren't set up on this hub yet: no phone number takes calls. An administrator can set one up under Admin → Channels.",
  voiceNoApiKey:
    'Calls wait in the queue, but agents cannot answer them from the desk yet: the Twilio account needs an API key and secret. An administrator can add them under Admin → Channels.',
  chatAbsent: channelNotSetUp('chat'),
  chatInvalid: channelSettingsUnusable('Web chat'),
} as const;

/**
 * Config key names as they would leak into a sentence: `config.email`, `twilio.apiKey`, `webchat.smtp`,
 * `email.smtp.host`. Used by the test that scans every message meant for people.
 */
export const CONFIG_KEY_PATTERN =
  /\bconfig\.[a-z]|\b(email|twilio|webchat|smtp|imap|mailboxes|publicUrl|numbers|codes|hours)\.[a-zA-Z]+\b|\b(apiKey|apiSecret|authToken|accountSid|publicUrl|twimlAppSid|restBaseUrl)\b/;
