import type { CommandInput, CommandOutput, HubCommandName } from '../../../services/contracts';
import { hubApi, type CommandArgs } from '../../app/api';

const cmd = <N extends HubCommandName>(name: N, input: CommandInput<N>): CommandArgs => ({ name, input });

/**
 * Supervisor commands, injected into the shared API so the agent desk's api.ts stays as it is. Reads are
 * queries; the board itself arrives pushed ('metrics/live') and lives in boardSlice.
 */
export const supervisorApi = hubApi.enhanceEndpoints({ addTagTypes: ['SupervisorAgents'] }).injectEndpoints({
  endpoints: (build) => ({
    metricsLive: build.query<CommandOutput<'metrics/live'>, void>({ query: () => cmd('metrics/live', {}) }),
    supervisorAgents: build.query<CommandOutput<'supervisor/agents'>, void>({
      query: () => cmd('supervisor/agents', {}),
      providesTags: ['SupervisorAgents'],
    }),
    telephonyStatus: build.query<CommandOutput<'telephony/status'>, void>({ query: () => cmd('telephony/status', {}) }),
    setAgentPresence: build.mutation<CommandOutput<'supervisor/setAgentPresence'>, CommandInput<'supervisor/setAgentPresence'>>({
      query: (input) => cmd('supervisor/setAgentPresence', input),
      invalidatesTags: ['SupervisorAgents'],
    }),
    updateAgent: build.mutation<CommandOutput<'supervisor/updateAgent'>, CommandInput<'supervisor/updateAgent'>>({
      query: (input) => cmd('supervisor/updateAgent', input),
      invalidatesTags: ['SupervisorAgents'],
    }),
    forceLogout: build.mutation<CommandOutput<'supervisor/forceLogout'>, CommandInput<'supervisor/forceLogout'>>({
      query: (input) => cmd('supervisor/forceLogout', input),
      invalidatesTags: ['SupervisorAgents'],
    }),
    moveConversation: build.mutation<CommandOutput<'supervisor/moveConversation'>, CommandInput<'supervisor/moveConversation'>>({
      query: (input) => cmd('supervisor/moveConversation', input),
      invalidatesTags: ['SupervisorAgents'],
    }),
    reassign: build.mutation<CommandOutput<'supervisor/reassign'>, CommandInput<'supervisor/reassign'>>({
      query: (input) => cmd('supervisor/reassign', input),
      invalidatesTags: ['SupervisorAgents'],
    }),
    monitor: build.mutation<CommandOutput<'supervisor/monitor'>, CommandInput<'supervisor/monitor'>>({
      query: (input) => cmd('supervisor/monitor', input),
    }),
    whisper: build.mutation<CommandOutput<'supervisor/whisper'>, CommandInput<'supervisor/whisper'>>({
      query: (input) => cmd('supervisor/whisper', input),
    }),
    barge: build.mutation<CommandOutput<'supervisor/barge'>, CommandInput<'supervisor/barge'>>({
      query: (input) => cmd('supervisor/barge', input),
    }),
    voiceMonitor: build.mutation<CommandOutput<'voice/monitor'>, CommandInput<'voice/monitor'>>({
      query: (input) => cmd('voice/monitor', input),
    }),
  }),
});

export const {
  useMetricsLiveQuery,
  useSupervisorAgentsQuery,
  useTelephonyStatusQuery,
  useSetAgentPresenceMutation,
  useUpdateAgentMutation,
  useForceLogoutMutation,
  useMoveConversationMutation,
  useReassignMutation,
  useMonitorMutation,
  useWhisperMutation,
  useBargeMutation,
  useVoiceMonitorMutation,
} = supervisorApi;
