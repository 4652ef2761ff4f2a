import type { AgentState } from './domain';

/**
 * How an agent state reads to people: the desktop tray, the agent's presence control and the supervisor's
 * agent grid all show these words. Here because contracts are what main/ and renderer/ both import.
 */
export const agentStateLabel: Readonly<Record<AgentState, string>> = {
  available: 'Available',
  busy: 'Busy',
  wrap_up: 'Wrap-up',
  away: 'Away',
  away_missed: 'Away (missed offers)',
  offline: 'Offline',
};
