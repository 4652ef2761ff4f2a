import { z } from 'zod';
import type { CommandTable } from './commandSpec';
import { Agent, AgentState, Presence, SkillName } from './domain';

const id = z.number().int().positive();

/** A password someone chooses or an administrator hands out: long enough to resist guessing, never echoed back. */
export const NewPassword = z.string().min(8, 'at least 8 characters').max(256);

/** An agent as the admin console's Agents screen sees it: the record plus what only an administrator needs. */
export const AdminAgent = Agent.extend({
  disabled: z.boolean(),
  /** Set after an administrator reset the password (or on the generated first admin): changed at next sign-in. */
  mustChangePassword: z.boolean(),
  presence: Presence,
  state: AgentState,
  connected: z.boolean(),
});
export type AdminAgent = z.infer<typeof AdminAgent>;

/** Agents and their passwords, for administrators. (admin/agentUpsert and admin/agentSetDisabled are core commands.) */
export const accountCommands = {
  /**
   * Every agent, enabled or not, and the skills the center knows: those queues require and those agents
   * have, so the console offers them instead of asking for a name to be typed right.
   */
  'admin/agentList': {
    roles: ['admin'],
    input: z.object({}).strict(),
    output: z.object({ agents: z.array(AdminAgent), knownSkills: z.array(SkillName) }),
  },
  /**
   * Sets a temporary password the administrator tells the agent; every session of that agent ends, and
   * their next sign-in must choose a new password before anything else.
   */
  'admin/agentResetPassword': {
    roles: ['admin'],
    input: z.object({ agentId: id, temporaryPassword: NewPassword }).strict(),
    output: z.object({ id, mustChangePassword: z.literal(true) }),
  },
} as const satisfies CommandTable;
