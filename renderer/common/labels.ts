import type { AgentState, Role } from '../../services/contracts';
import { i18n } from '../i18n';

/*
 * Words for the hub's enum values in the language in use. services/contracts keeps the English ones for
 * main/ (the tray); the renderer reads these. Called during render, so a language change re-renders them.
 */
export function agentStateText(state: AgentState | 'offered'): string {
  return i18n.t(`agentState.${state}`, { ns: 'common' });
}

export function roleText(role: Role): string {
  return i18n.t(`role.${role}`, { ns: 'common' });
}
