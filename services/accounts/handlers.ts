import { HubError, type AdminAgent, type accountCommands } from '../contracts';
import type { HandlerTable } from '../hub/commands';
import { setAgentPassword } from '../store/repos/agents';

const RESET_MESSAGE = 'An administrator reset your password; sign in with the temporary password they gave you.';

/** Administrators' agent commands beyond the core's upsert and disable: the full list and password resets. */
export const accountHandlers: HandlerTable<keyof typeof accountCommands> = {
  'admin/agentList': async (_input, { center }) => {
    const agents: AdminAgent[] = [];
    for (const s of center.snapshots()) {
      const stored = center.agent(s.id);
      if (!stored) continue;
      agents.push({
        id: s.id,
        username: s.username,
        displayName: s.displayName,
        role: s.role,
        skills: s.skills,
        capacity: s.capacity,
        disabled: stored.disabledAt !== null,
        mustChangePassword: stored.mustChangePassword,
        presence: s.presence,
        state: s.state,
        connected: s.connected,
      });
    }
    const skills = new Set<string>();
    for (const queue of center.listQueues()) for (const name of Object.keys(queue.skills)) skills.add(name);
    for (const agent of agents) for (const name of Object.keys(agent.skills)) skills.add(name);
    return { agents, knownSkills: [...skills].sort() };
  },

  'admin/agentResetPassword': async (input, { center, store, auth, audit, agentId }) => {
    const agent = center.agent(input.agentId);
    if (!agent) throw new HubError('not_found', `agent ${input.agentId} not found`);
    // Your own password is changed with the current one (session/changePassword), never reset around it.
    if (input.agentId === agentId) throw new HubError('conflict', 'use "Change password" for your own account');
    const hash = await auth.passwords.hash(input.temporaryPassword);
    await store.write((tx) => setAgentPassword(tx, input.agentId, hash, true));
    await center.refreshAgent(input.agentId);
    await auth.endAgent(input.agentId, 'password_changed', undefined, RESET_MESSAGE);
    // Not offered work while they sit on "Choose a new password".
    if (agent.presence !== 'offline') await center.setPresence(input.agentId, 'offline', null);
    await audit.record(
      { kind: 'agent', agentId },
      { action: 'agent.passwordReset', target: `agent:${input.agentId}`, detail: { username: agent.username } },
    );
    return { id: input.agentId, mustChangePassword: true as const };
  },
};
