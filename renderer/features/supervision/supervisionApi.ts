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
    return {
      metricsLive: commandQuery('metrics/live', noInput),
      supervisorAgents: commandQuery('supervisor/agents', noInput, { providesTags: ['SupervisorAgents'] }),
      setAgentPresence: commandMutation('supervisor/setAgentPresence'),
      updateAgent: commandMutation('supervisor/updateAgent'),
      forceLogout: commandMutation('supervisor/forceLogout'),
      moveConversation: commandMutation('supervisor/moveConversation'),
      reassign: commandMutation('supervisor/reassign'),
      monitor: commandMutation('supervisor/monitor'),
      whisper: commandMutation('supervisor/whisper'),
      barge: commandMutation('supervisor/barge'),
      voiceMonitor: commandMutation('voice/monitor'),
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
} = supervisionApi;
