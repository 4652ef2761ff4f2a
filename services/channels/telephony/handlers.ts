import { HubError, type telephonyCommands } from '../../contracts';
import type { HandlerTable } from '../../hub/commands';
import { optOutOf, SmsOptedOutError } from './sms/adapter';
import { mintVoiceToken } from './voice/token';
import { TELEPHONY, telephonyOff } from './service';

async function requireChannel(
  conversationId: number,
  channel: 'sms' | 'voice',
  center: { requireConversation(id: number): Promise<{ channel: string }> },
): Promise<void> {
  const c = await center.requireConversation(conversationId);
  if (c.channel !== channel) throw new HubError('invalid_input', `conversation ${conversationId} is ${c.channel}, not ${channel}`);
}

export const telephonyHandlers: HandlerTable<keyof typeof telephonyCommands> = {
  'telephony/status': async (_input, { services }) => {
    return services.find(TELEPHONY)?.status() ?? telephonyOff(services.whyOff(TELEPHONY));
  },

  'sms/optOutStatus': async (input, { services, center }) => {
    const { runtime: rt } = services.require(TELEPHONY);
    await requireChannel(input.conversationId, 'sms', center);
    return optOutOf(rt, await center.requireConversation(input.conversationId));
  },

  'sms/send': async (input, { services, center, agentId }) => {
    const { runtime: rt } = services.require(TELEPHONY);
    await requireChannel(input.conversationId, 'sms', center);
    center.requireHeldBy(agentId, input.conversationId);
    const state = await optOutOf(rt, await center.requireConversation(input.conversationId));
    if (state.optedOut) throw new SmsOptedOutError(state);
    return center.sendMessage(agentId, input.conversationId, input.bodyText, false);
  },

  'voice/token': async (_input, { services, agentId }) => mintVoiceToken(services.require(TELEPHONY).runtime, agentId),

  'voice/call': async (input, { services, center, agentId }) => {
    const { calls } = services.require(TELEPHONY);
    await requireChannel(input.conversationId, 'voice', center);
    const conversation = await center.requireConversation(input.conversationId);
    const caller = center.agent(agentId);
    if (caller?.role === 'agent' && conversation.assignedAgentId !== agentId)
      throw new HubError('forbidden', 'this call is assigned to another agent');
    return calls.state(input.conversationId);
  },

  'voice/hold': async (input, { services, agentId }) => services.require(TELEPHONY).calls.hold(agentId, input.conversationId, input.hold),
  'voice/mute': async (input, { services, agentId }) => services.require(TELEPHONY).calls.mute(agentId, input.conversationId, input.muted),
  'voice/hangup': async (input, { services, agentId }) => services.require(TELEPHONY).calls.hangup(agentId, input.conversationId),
  'voice/transfer': async (input, { services, agentId }) =>
    services.require(TELEPHONY).calls.transfer(agentId, input.conversationId, input.mode, input.to, input.note),
  'voice/transferComplete': async (input, { services, agentId }) =>
    services.require(TELEPHONY).calls.transferComplete(agentId, input.conversationId),
  'voice/transferCancel': async (input, { services, agentId }) =>
    services.require(TELEPHONY).calls.transferCancel(agentId, input.conversationId),
  'voice/dial': async (input, { services, agentId }) => services.require(TELEPHONY).calls.dial(agentId, input),
  'voice/monitor': async (input, { services, center, agentId }) => {
    const { calls } = services.require(TELEPHONY);
    await requireChannel(input.conversationId, 'voice', center);
    return calls.monitor(agentId, input.conversationId, input.mode);
  },
};
