import { z } from 'zod';
import { Conversation, QueueId } from './domain';

/** Channels an agent can start a conversation on from a customer profile (calls go through voice/dial). */
export const OutboundChannel = z.enum(['sms', 'email']);
export type OutboundChannel = z.infer<typeof OutboundChannel>;

export const StartOutboundInput = z
  .object({
    customerId: z.number().int().positive(),
    channel: OutboundChannel,
    /** Default: the queue of the channel's first number/mailbox. */
    queueId: QueueId.optional(),
    /** Email subject (the conversation token is added when the mail is sent). */
    subject: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type StartOutboundInput = z.infer<typeof StartOutboundInput>;

export const outboundCommands = {
  /**
   * Opens a conversation with a customer, already active and assigned to the caller. The customer's
   * reply threads into it. Refused: unknown customer (not_found), no phone/email on the profile
   * (invalid_input), channel not configured (channel_unavailable), queue not serving the channel (invalid_input).
   */
  'conversation/startOutbound': {
    roles: ['agent', 'supervisor', 'admin'],
    input: StartOutboundInput,
    output: Conversation,
  },
} as const;
