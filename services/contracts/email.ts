import { z } from 'zod';
import { Message } from './domain';

const id = z.number().int().positive();
const Address = z.email().max(320);
/** The socket carries at most ~1 MB per frame; base64 attachments from the composer stay well below it. */
export const MAX_COMPOSER_ATTACHMENT_BYTES = 700_000;

export const EmailAttachmentInput = z
  .object({
    filename: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .regex(/^[^/\\\0]+$/, 'a file name, not a path'),
    contentType: z
      .string()
      .trim()
      .min(3)
      .max(127)
      .regex(/^[\w.+-]+\/[\w.+-]+$/),
    contentBase64: z
      .string()
      .max(Math.ceil((MAX_COMPOSER_ATTACHMENT_BYTES * 4) / 3) + 4)
      .regex(/^[A-Za-z0-9+/=\s]*$/),
  })
  .strict();

/** 'new': a fresh mail to the customer (an outbound conversation nobody has written in yet). */
export const EmailSendMode = z.enum(['reply', 'replyAll', 'forward', 'new']);
export type EmailSendMode = z.infer<typeof EmailSendMode>;

export const EmailSendInput = z
  .object({
    conversationId: id,
    mode: EmailSendMode,
    /** The message answered or forwarded; defaults to the newest inbound email of the conversation. */
    messageId: id.optional(),
    /** Reply/replyAll: replaces the computed recipients when given. Forward: required. */
    to: z.array(Address).max(50).optional(),
    cc: z.array(Address).max(50).optional(),
    bcc: z.array(Address).max(50).optional(),
    bodyText: z.string().min(1).max(64_000),
    /** Agent-written HTML (from the composer); without it an HTML part is made from bodyText. */
    bodyHtml: z.string().max(256_000).optional(),
    attachments: z.array(EmailAttachmentInput).max(10).optional(),
    /** Quote the answered message below the reply (default true). */
    quote: z.boolean().optional(),
  })
  .strict()
  .refine((v) => v.mode !== 'forward' || (v.to?.length ?? 0) > 0, { message: 'forward needs at least one recipient', path: ['to'] });

export const OutboxState = z.enum(['queued', 'sending', 'sent', 'failed']);
export type OutboxState = z.infer<typeof OutboxState>;

export const EmailSendOutput = z.object({ message: Message, outboxId: z.number().int(), state: OutboxState });

export const MailboxStatus = z.object({
  id: z.string(),
  address: z.string(),
  queueId: z.string(),
  state: z.enum(['connecting', 'connected', 'auth_failed', 'error', 'stopped']),
  detail: z.string(),
  since: z.number(),
  lastSyncAt: z.number().nullable(),
  uidValidity: z.string().nullable(),
  lastUid: z.number().int().nullable(),
  nextRetryAt: z.number().nullable(),
});
export type MailboxStatus = z.infer<typeof MailboxStatus>;

export const EmailStatus = z.object({
  enabled: z.boolean(),
  detail: z.string(),
  mailboxes: z.array(MailboxStatus),
  smtp: z.object({ ok: z.boolean(), detail: z.string(), since: z.number() }),
  outbox: z.object({ queued: z.number().int(), sending: z.number().int(), sent: z.number().int(), failed: z.number().int() }),
});
export type EmailStatus = z.infer<typeof EmailStatus>;

export const emailCommands = {
  'email/send': {
    roles: ['agent', 'supervisor', 'admin'],
    input: EmailSendInput,
    output: EmailSendOutput,
  },
  'email/status': {
    roles: ['supervisor', 'admin'],
    input: z.object({}).strict(),
    output: EmailStatus,
  },
  /** Puts a failed outbound email back in the outbox (same Message-ID, attempts reset). */
  'email/retry': {
    roles: ['agent', 'supervisor', 'admin'],
    input: z.object({ messageId: id }).strict(),
    output: z.object({ state: OutboxState }),
  },
} as const;

export const emailEvents = {
  /** Pushed to supervisors whenever a mailbox or the relay changes state. */
  'email/status': EmailStatus,
} as const;
