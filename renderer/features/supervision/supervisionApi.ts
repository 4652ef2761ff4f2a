import { commandEndpoints, hubApi, noInput } from '../../app/api';
import { channelApi } from '../channels/channelApi';

/**
 * Supervisor commands, injected into the shared API. Reads are queries; the board itself arrives pushed
 * ('metrics/live', kept in supervisionSlice) and the agent grid's cache is patched by pushes
 * (supervisionPatches.ts).
 */
export const supervisionApi = hubApi.enhanceEndpoints({ addTagTypes: ['SupervisorAgents'] }).injectEndpoints({
  endpoints: (build) => {
    const { commandQuery, commandMutation } = commandEndpoints(build);
    // A supervisor's own change refetches the grid, as before; everyone else's arrives pushed.
    const grid = { invalidatesTags: ['SupervisorAgents' as const] };
    return {
      metricsLive: commandQuery('metrics/live', noInput),
      supervisorAgents: commandQuery('supervisor/agents', noInput, { providesTags: ['SupervisorAgents'] }),
      setAgentPresence: commandMutation('supervisor/setAgentPresence', grid),
      updateAgent: commandMutation('supervisor/updateAgent', grid),
      forceLogout: commandMutation('supervisor/forceLogout', grid),
      moveConversation: commandMutation('supervisor/moveConversation', grid),
      reassign: commandMutation('supervisor/reassign', grid),
      monitor: commandMutation('supervisor/monitor'),
      whisper: commandMutation('supervisor/whisper'),
      barge: commandMutation('supervisor/barge'),
      voiceMonitor: commandMutation('voice/monitor'),
      findConversations: commandQuery('supervisor/findConversations', (query: string) => ({ query, limit: 12 })),
    };
  },
});

/** Telephony status is one endpoint (injected by the channel API); the console reads the same cache entry. */
export const { useTelephonyStatusQuery } = channelApi;

export const {
  useMetricsLiveQuery,
  useSupervisorAgentsQuery,
  useSetAgentPresenceMutation,
  useUpdateAgentMutation,
  useForceLogoutMutation,
  useMoveConversationMutation,
  useReassignMutation,
  useMonitorMutation,
  useWhisperMutation,
  useBargeMutation,
  useVoiceMonitorMutation,
  useFindConversationsQuery,
} = supervisionApi;
