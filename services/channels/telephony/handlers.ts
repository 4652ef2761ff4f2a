import { HubError, type telephonyCommands, type VoiceSettings } from '../../contracts';
import type { HandlerTable } from '../../hub/commands';
import { optOutOf, SmsOptedOutError } from './sms/adapter';
import { mintVoiceToken } from './voice/token';
import { TELEPHONY, telephonyOff } from './service';
import { toE164 } from './numbers';
import { getAgentVoice, saveAgentVoice, type AgentVoiceRow } from './repo';

function toVoiceSettings(row: AgentVoiceRow): VoiceSettings {
  if (row.leg === 'softphone' || row.address === null) return { leg: 'softphone', autoAnswer: row.autoAnswer };
  return { leg: row.leg, address: row.address, autoAnswer: row.autoAnswer };
}

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

  'voice/settings': async (input, { services, center, agentId }) => {
    const { runtime: rt } = services.require(TELEPHONY);
    const target = input.agentId ?? agentId;
    if (target !== agentId && center.agent(agentId)?.role === 'agent')
      throw new HubError('forbidden', "only supervisors see other agents' call settings");
    return toVoiceSettings(await getAgentVoice(rt.store, target));
  },

  'voice/settingsSet': async (input, { services, center, agentId }) => {
    const { runtime: rt } = services.require(TELEPHONY);
    const target = input.agentId ?? agentId;
    if (target !== agentId && center.agent(agentId)?.role !== 'admin')
      throw new HubError('forbidden', "only admins change another agent's call settings");
    if (!center.agent(target)) throw new HubError('not_found', `agent ${target} does not exist`);
    const s = input.settings;
    let address: string | null = null;
    if (s.leg === 'phone') {
      address = toE164(s.address, rt.region) ?? null;
      if (!address) throw new HubError('invalid_input', `not a phone number: ${s.address}`);
      if (rt.numbers.get(address))
        throw new HubError('invalid_input', "that is one of this hub's own numbers; give the phone the agent answers");
    } else if (s.leg === 'sip') address = s.address;
    const row = { leg: s.leg, address, autoAnswer: s.autoAnswer };
    await rt.store.write((tx) => saveAgentVoice(tx, target, row, rt.now()));
    return toVoiceSettings(row);
  },

  'voice/recordings': async (input, { services, center, agentId }) => {
    const { recordings } = services.require(TELEPHONY);
    await requireChannel(input.conversationId, 'voice', center);
    return recordings.list(input.conversationId, agentId);
  },

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
