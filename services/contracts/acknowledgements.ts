import { z } from 'zod';
import type { CommandTable } from './commandSpec';
import type { BusinessHours } from './businessHours';
import { expectedReply, openingLabel } from './businessHoursClock';
import { QueueId } from './domain';

/**
 * Automatic acknowledgements: the first message of a new SMS or email conversation gets a reply saying when
 * an agent will answer (the queue's service-level target counted in its business hours). Set per queue.
 */
export const ackPlaceholders = {
  expectedReply: 'when to expect a reply: "within 2 hours", or "by Mon 09:30" when closed',
  'queue.name': "the queue's name",
  reference: 'the conversation reference, e.g. SB-1234',
  opensAt: 'when the queue opens next, e.g. "Mon 09:00" (empty while open)',
} as const;
export type AckPlaceholder = keyof typeof ackPlaceholders;

/** The acknowledged channels; other channels answer live (chat) or by voice. */
export const AckChannel = z.enum(['sms', 'email']);
export type AckChannel = z.infer<typeof AckChannel>;

const template = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'write the message, or turn this channel off')
    .max(max, `at most ${max} characters`)
    .refine((t) => [...t.matchAll(/\{\{\s*([A-Za-z.]+)\s*\}\}/g)].every((m) => (m[1] ?? '') in ackPlaceholders), {
      message: `only these placeholders: ${Object.keys(ackPlaceholders)
        .map((p) => `{{${p}}}`)
        .join(', ')}`,
    });

export const AckChannelSettings = z.object({
  enabled: z.boolean(),
  /** Sent while the queue is open. */
  open: template(1600),
  /** Sent while it is closed (evenings, weekends, holidays). */
  closed: template(1600),
});
export type AckChannelSettings = z.infer<typeof AckChannelSettings>;

export const AckSettings = z
  .object({
    sms: AckChannelSettings,
    email: AckChannelSettings,
    /** At most one acknowledgement per customer address in this many minutes (two autoresponders cannot ping-pong). */
    perAddressMinutes: z
      .number({ error: 'whole minutes from 1 to 10080 (a week)' })
      .int({ error: 'whole minutes from 1 to 10080 (a week)' })
      .min(1, { error: 'whole minutes from 1 to 10080 (a week)' })
      .max(7 * 24 * 60, { error: 'whole minutes from 1 to 10080 (a week)' }),
  })
  .strict();
export type AckSettings = z.infer<typeof AckSettings>;

/** What a queue that never saved settings has: off, with wording ready to switch on. */
export const defaultAckSettings: AckSettings = {
  sms: {
    enabled: false,
    open: 'Thanks, we got your message ({{reference}}). {{queue.name}} will reply {{expectedReply}}.',
    closed: "Thanks, we got your message ({{reference}}). We're closed now; {{queue.name}} will reply {{expectedReply}}.",
  },
  email: {
    enabled: false,
    open: 'Hello,\n\nThank you for writing to {{queue.name}}. We have your message ({{reference}}) and will reply {{expectedReply}}.\n\nPlease keep the reference in the subject if you write again.',
    closed:
      'Hello,\n\nThank you for writing to {{queue.name}}. We are closed right now and open again {{opensAt}}; we will reply {{expectedReply}}. Your reference is {{reference}}.\n\nPlease keep the reference in the subject if you write again.',
  },
  perAddressMinutes: 60,
};

export const acknowledgementCommands = {
  'admin/queueAckGet': {
    roles: ['supervisor', 'admin'],
    input: z.object({ queueId: QueueId }).strict(),
    output: z.object({ queueId: QueueId, settings: AckSettings, saved: z.boolean() }),
  },
  'admin/queueAckSet': {
    roles: ['admin'],
    input: z.object({ queueId: QueueId, settings: AckSettings }).strict(),
    output: z.object({ queueId: QueueId, settings: AckSettings, saved: z.boolean() }),
  },
} as const satisfies CommandTable;

/** "within 2 hours" / "within 30 minutes" for a span of open time. */
export function withinLabel(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 60) return `within ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round((minutes / 60) * 2) / 2;
  if (hours < 24) return `within ${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.round(hours / 24);
  return `within ${days} day${days === 1 ? '' : 's'}`;
}

export type AckQueue = Readonly<{ name: string; slaSeconds: number; hours?: BusinessHours }>;

/**
 * The words renderAck puts into the placeholders. English here (the admin form's preview); the hub passes
 * the queue's language from its catalogues (services/phrases).
 */
export type AckWords = Readonly<{
  within: (seconds: number) => string;
  asSoonAsWeCan: string;
  by: (when: string) => string;
  /** For dates and times ("Mon 09:00" / "lun 09:00"). */
  locale: string;
}>;

export const englishAckWords: AckWords = {
  within: withinLabel,
  asSoonAsWeCan: 'as soon as we can',
  by: (when) => `by ${when}`,
  locale: 'en-GB',
};

/**
 * The acknowledgement text for one message: the open or closed wording, its placeholders filled. While open
 * the promise is the SLA ("within 2 hours"); while closed it is an instant in the queue's time zone ("by Mon
 * 09:30"), the SLA counted in open time. Shared by the hub (what is sent) and the form (its preview).
 */
export function renderAck(
  settings: AckChannelSettings,
  queue: AckQueue,
  now: number,
  reference: string,
  words: AckWords = englishAckWords,
): Readonly<{ text: string; openNow: boolean }> {
  const expected = expectedReply(queue, now);
  const zone = queue.hours?.timeZone ?? 'UTC';
  const replyText = expected.openNow
    ? words.within(queue.slaSeconds)
    : expected.replyBy === null
      ? words.asSoonAsWeCan
      : words.by(openingLabel(expected.replyBy, zone, now, words.locale));
  const values: Record<AckPlaceholder, string> = {
    expectedReply: replyText,
    'queue.name': queue.name,
    reference,
    opensAt: expected.opensAt === null ? '' : openingLabel(expected.opensAt, zone, now, words.locale),
  };
  const template = expected.openNow ? settings.open : settings.closed;
  const text = template.replace(/\{\{\s*([A-Za-z.]+)\s*\}\}/g, (whole, name: string) =>
    name in values ? values[name as AckPlaceholder] : whole,
  );
  return { text, openNow: expected.openNow };
}
