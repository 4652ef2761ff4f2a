import { assertNever, channelNotSetUp, HubError, offReasons, type OutboundChannel, type outboundCommands } from '../contracts';
import { OUTBOUND_SMS } from '../channels/telephony/service';
import type { CommandContext, HandlerTable } from '../hub/commands';
import { listIdentities, requireLiveCustomer } from '../identity/repo';

type Route = { queueId: string; threadKey: string | null };

/** Which queue the conversation belongs to and how the customer's reply finds it. */
function routeFor(channel: OutboundChannel, phone: string, queueId: string | undefined, ctx: CommandContext): Route {
  switch (channel) {
    case 'sms': {
      const sms = ctx.services.find(OUTBOUND_SMS);
      if (!sms) throw new HubError('channel_unavailable', offReasons.smsNoNumber);
      const queue = queueId ?? sms.defaultQueueId();
      const threadKey = queue ? sms.threadKeyFor(phone, queue) : undefined;
      if (!queue || !threadKey) throw new HubError('channel_unavailable', 'no SMS number to send from');
      return { queueId: queue, threadKey };
    }
    case 'email': {
      // Email replies thread by Message-ID / subject token, not by a key: each outbound mail starts a thread.
      const queue = queueId ?? ctx.center.listQueues().find((q) => q.channels.includes('email'))?.id;
      if (!queue) throw new HubError('channel_unavailable', 'no queue serves email on this hub');
      return { queueId: queue, threadKey: null };
    }
    default:
      return assertNever(channel);
  }
}

export const outboundHandlers: HandlerTable<keyof typeof outboundCommands> = {
  'conversation/startOutbound': async (input, ctx) => {
    const customer = await requireLiveCustomer(ctx.store, input.customerId);
    const kind = input.channel === 'sms' ? 'phone' : 'email';
    const identity = (await listIdentities(ctx.store, customer.id)).find((i) => i.kind === kind);
    if (!identity) {
      throw new HubError('invalid_input', `customer ${customer.id} has no ${kind === 'phone' ? 'phone number' : 'email address'}`, [
        { path: 'customerId', message: `no ${kind} identity` },
      ]);
    }
    // The email channel is checked here too: an email queue may exist while no mailbox is configured.
    if (!ctx.center.hasChannel(input.channel)) throw new HubError('channel_unavailable', channelNotSetUp(input.channel));
    const route = routeFor(input.channel, identity.value, input.queueId, ctx);
    return ctx.center.openOutbound(ctx.agentId, {
      customerId: customer.id,
      channel: input.channel,
      queueId: route.queueId,
      subject: input.subject ?? null,
      threadKey: route.threadKey,
    });
  },
};
