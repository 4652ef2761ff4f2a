import { commandEndpoints, hubApi, noInput } from '../../../app/api';

/**
 * The Agents screen's commands. Every change refetches the list (admins are few; the list is one command)
 * and the supervisor grid, which shows the same people.
 */
export const agentsAdminApi = hubApi.enhanceEndpoints({ addTagTypes: ['AdminAgents', 'SupervisorAgents'] }).injectEndpoints({
  endpoints: (build) => {
    const { commandQuery, commandMutation } = commandEndpoints(build);
    const changes = { invalidatesTags: ['AdminAgents' as const, 'SupervisorAgents' as const, 'Agents' as const] };
    return {
      adminAgentList: commandQuery('admin/agentList', noInput, { providesTags: ['AdminAgents'] }),
      agentUpsert: commandMutation('admin/agentUpsert', changes),
      agentSetDisabled: commandMutation('admin/agentSetDisabled', changes),
      agentResetPassword: commandMutation('admin/agentResetPassword', changes),
    };
  },
});

export const { useAdminAgentListQuery, useAgentUpsertMutation, useAgentSetDisabledMutation, useAgentResetPasswordMutation } =
  agentsAdminApi;
