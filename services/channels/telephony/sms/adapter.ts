import { HubError, type Conversation, type Message, type SmsOptOut } from '../../../contracts';
import type { ChannelAdapter } from '../../../hub/channels';
import { getCustomerSummary } from '../../../store/repos/customers';
import type { TwilioRuntime } from '../runtime';
import { callbackUrl, restError } from '../runtime';
import { getOptOut } from '../repo';
import { recordOptOut } from './optOut';
import { advanceStatus, TWILIO_OPTED_OUT } from './status';

/** Refusal to text a number that opted out; the wire shape is a HubError 'conflict' whose message says why. */
export class SmsOptedOutError extends HubError {
  readonly reason = 'opted_out' as const;
  constructor(state: SmsOptOut) {
    super(
      'conflict',
      `opted_out: ${state.phone} replied ${state.keyword ?? 'STOP'}${state.changedAt ? ` at ${new Date(state.changedAt).toISOString()}` : ''}; ` +
        'no SMS can be sent until they text START',
    );
  }
}

/** Customer and our number of an SMS conversation: from its thread key, else the customer's phone identity. */
export async function smsEndpoints(rt: TwilioRuntime, conversation: Conversation): Promise<{ customer: string; ours: string }> {
  const match = /^sms:(\+\d+):(\+\d+)$/.exec(conversation.threadKey ?? '');
  if (match) return { customer: match[1]!, ours: match[2]! };
  const summary = await getCustomerSummary(rt.store, conversation.customerId);
  const phone = summary?.identities.find((i) => i.kind === 'phone')?.value;
  const ours = rt.numbers.forQueue(conversation.queueId, 'sms')?.number;
  if (!phone || !ours) throw new HubError('invalid_input', 'this conversation has no phone number to text');
  return { customer: phone, ours };
}

export async function optOutOf(rt: TwilioRuntime, conversation: Conversation): Promise<SmsOptOut> {
  const { customer } = await smsEndpoints(rt, conversation);
  return getOptOut(rt.store, customer);
}

/** Delivers an agent's SMS (already stored as 'queued') through the REST client with a status callback. */
export function smsAdapter(rt: TwilioRuntime): ChannelAdapter {
  return {
    kind: 'sms',
    status: () => ({ ok: true, detail: `sending from ${rt.numbers.all().filter((n) => n.sms).length} number(s)` }),
    async deliver({ conversation, message }: Readonly<{ conversation: Conversation; message: Message }>) {
      const { customer, ours } = await smsEndpoints(rt, conversation);
      const optOut = await getOptOut(rt.store, customer);
      if (optOut.optedOut) {
        // message/send skips the warning sms/send gives; the message is kept, marked failed with the reason.
        await rt.center.setMessageStatus(message.id, 'failed', { errorCode: 'opted_out', error: new SmsOptedOutError(optOut).message });
        return;
      }
      try {
        const sent = await rt.client.messages.create({
          from: ours,
          to: customer,
          body: message.bodyText,
          statusCallback: callbackUrl(rt, '/sms/status', { messageId: message.id }),
        });
        await advanceStatus(rt, message.id, sent.status, { sid: sent.sid, to: customer, from: ours });
      } catch (error) {
        const { code, message: text } = restError(error);
        if (code === TWILIO_OPTED_OUT)
          await recordOptOut(rt, { phone: customer, optedOut: true, keyword: 'carrier', ourNumber: ours, messageSid: null });
        await rt.center.setMessageStatus(message.id, 'failed', { errorCode: code, error: text });
      }
    },
  };
}
