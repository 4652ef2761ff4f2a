import type { NumberBook } from './numbers';
import { threadKey } from './numbers';

/** How an agent-started SMS conversation is threaded; published only when some number has SMS enabled. */
export type OutboundSms = Readonly<{
  /** The queue used when the agent names none: that of the first SMS number. */
  defaultQueueId(): string | undefined;
  /**
   * The thread key inbound SMS uses (`sms:<customer>:<our number>`) for the number that sends for the
   * queue, so the customer's reply lands in the same conversation.
   */
  threadKeyFor(customerPhone: string, queueId: string): string | undefined;
}>;

export function outboundSms(numbers: NumberBook): OutboundSms {
  return {
    defaultQueueId: () => numbers.all().find((n) => n.sms)?.queueId,
    threadKeyFor(customerPhone, queueId) {
      const ours = numbers.forQueue(queueId, 'sms');
      return ours ? threadKey('sms', customerPhone, ours.number) : undefined;
    },
  };
}
