import { assertNever, type ChannelKind, type SkillLevels } from '../contracts';
import type { RouterConfig, RoutingAgent } from './types';

/** Has the agent the skills (at the required levels) a queue asks for? */
export function meetsSkills(agentSkills: SkillLevels, required: SkillLevels): boolean {
  for (const [skill, level] of Object.entries(required)) {
    if ((agentSkills[skill] ?? 0) < level) return false;
  }
  return true;
}

/** Sum of the agent's levels on the required skills: the better-fitting agent scores higher. */
export function skillScore(agentSkills: SkillLevels, required: SkillLevels): number {
  let score = 0;
  for (const skill of Object.keys(required)) score += agentSkills[skill] ?? 0;
  return score;
}

/** Room for one more conversation on `channel` given the agent's current load (capacity across channels). */
export function hasRoom(agent: RoutingAgent, channel: ChannelKind, config: RouterConfig): boolean {
  const { load, capacity } = agent;
  switch (channel) {
    case 'voice':
      if (capacity.voice < 1 || load.voice > 0 || load.chat > 0 || load.sms > 0) return false;
      return load.email === 0 || config.voiceInterruptsEmail;
    case 'chat':
    case 'sms':
    case 'email':
      return load.voice === 0 && load[channel] < capacity[channel];
    default:
      return assertNever(channel);
  }
}

/** Free room on a channel, as a share of capacity: prefer the agent with most room left. */
export function freeShare(agent: RoutingAgent, channel: ChannelKind): number {
  const cap = agent.capacity[channel];
  return cap === 0 ? 0 : (cap - agent.load[channel]) / cap;
}

export function canBeOffered(agent: RoutingAgent): boolean {
  return agent.connected && agent.presence === 'available' && agent.pendingOfferId === null;
}
