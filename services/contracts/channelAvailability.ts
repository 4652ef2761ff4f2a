import { z } from 'zod';
import { ChannelKind } from './domain';

/** Whether a channel runs on this hub and, when it does not, why in words a person can act on. */
export const ChannelAvailability = z.object({
  kind: ChannelKind,
  on: z.boolean(),
  /** Plain words (never a config key): why it is off, or what part is missing. Null when on. */
  why: z.string().nullable(),
});
export type ChannelAvailability = z.infer<typeof ChannelAvailability>;

export const channelAvailabilityCommands = {
  /**
   * The channels this hub runs now. The desk lists a queue's channels through it, so a chat-only hub never
   * shows "Call · SMS · Email · Chat" for a queue configured with all four.
   */
  'channels/available': {
    roles: ['agent', 'supervisor', 'admin'],
    input: z.object({}).strict(),
    output: z.object({ channels: z.array(ChannelAvailability) }),
  },
} as const;
