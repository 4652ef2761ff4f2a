import type { AdminAgent, Role } from '../../../../services/contracts';

export type AgentStatusFilter = 'all' | 'active' | 'disabled' | 'temporary' | 'online';
export type AgentFilter = Readonly<{ text: string; role: Role | 'all'; status: AgentStatusFilter }>;

/** The status filter's choices, in order; each one's words are the catalogue's `filter.status.<value>`. */
export const statusFilters: readonly AgentStatusFilter[] = ['all', 'active', 'disabled', 'temporary', 'online'];

/** The rows the Agents list shows: words match name, username or a skill; role and status narrow it. Sorted by name. */
export function filterAgents(agents: readonly AdminAgent[], f: AgentFilter): AdminAgent[] {
  const words = f.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return agents
    .filter((a) => f.role === 'all' || a.role === f.role)
    .filter((a) => {
      switch (f.status) {
        case 'all':
          return true;
        case 'active':
          return !a.disabled;
        case 'disabled':
          return a.disabled;
        case 'temporary':
          return a.mustChangePassword;
        case 'online':
          return a.connected;
      }
    })
    .filter((a) => {
      const haystack = [a.displayName, a.username, ...Object.keys(a.skills)].join(' ').toLowerCase();
      return words.every((w) => haystack.includes(w));
    })
    .sort((x, y) => x.displayName.localeCompare(y.displayName) || x.username.localeCompare(y.username));
}
