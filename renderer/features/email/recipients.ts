import { z } from 'zod';
import type { EmailSendMode, Message } from '../../../services/contracts';
import { formatDateTime } from '../../common/time';
import { i18n } from '../../i18n';

const say = (key: string, values: Readonly<Record<string, string>> = {}): string => i18n.t(key, { ns: 'email', ...values });

const Address = z.object({ address: z.string(), name: z.string().optional() });
const InboundEmailMeta = z.object({
  from: Address,
  to: z.array(Address).default([]),
  cc: z.array(Address).default([]),
  replyTo: z.array(Address).default([]),
  subject: z.string().optional(),
  date: z.number().nullable().optional(),
});
export type InboundEmailMeta = z.infer<typeof InboundEmailMeta>;

/** The email being answered: the newest inbound one with the channel's metadata. */
export function answeredEmail(messages: readonly Message[]): { message: Message; meta: InboundEmailMeta | null } | null {
  const message = messages.findLast((m) => m.direction === 'in');
  if (!message) return null;
  const parsed = InboundEmailMeta.safeParse(message.meta['email']);
  return { message, meta: parsed.success ? parsed.data : null };
}

/** "a@x, b@y;c@z" -> ['a@x','b@y','c@z'] (validation is the contract's job). */
export function splitAddresses(text: string): string[] {
  return text
    .split(/[,;\s]+/)
    .map((a) => a.trim())
    .filter((a) => a.length > 0);
}

/**
 * What the hub will use when a field is left empty, as a hint. The hub computes the real list (it also
 * drops our own mailbox addresses), so an empty field is sent as "use the default".
 */
export function defaultRecipientsHint(mode: EmailSendMode, meta: InboundEmailMeta | null): { to: string; cc: string } {
  if (mode === 'forward') return { to: say('hint.forwardTo'), cc: '' };
  if (!meta) return { to: say('hint.customer'), cc: '' };
  const sender = (meta.replyTo.length > 0 ? meta.replyTo : [meta.from]).map((a) => a.address);
  if (mode === 'reply') return { to: sender.join(', '), cc: '' };
  return {
    to: say('hint.replyAllTo', { senders: sender.join(', ') }),
    cc: meta.cc.length > 0 ? meta.cc.map((a) => a.address).join(', ') : '',
  };
}

/**
 * A preview of the quoted history the hub will put under the reply (it quotes the customer's text, never
 * their HTML); in the agent's language here, the hub writes the sent one.
 */
export function quotedPreview(message: Message, meta: InboundEmailMeta | null): string {
  const who = meta ? (meta.from.name ? `${meta.from.name} <${meta.from.address}>` : meta.from.address) : say('quote.theCustomer');
  const when = formatDateTime(meta?.date ?? message.createdAt);
  const quoted = message.bodyText
    .trimEnd()
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join('\n');
  return `${say('quote.wrote', { when, who })}\n${quoted}`;
}
