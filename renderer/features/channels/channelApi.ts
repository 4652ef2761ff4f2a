import type { CommandInput, CommandOutput, HubCommandName } from '../../../services/contracts';
import { hubApi, type CommandArgs } from '../../app/api';

const cmd = <N extends HubCommandName>(name: N, input: CommandInput<N>): CommandArgs => ({ name, input });

/**
 * Channel commands beyond message/send (email composer, SMS opt-out, call control, chat typing/read),
 * injected into the shared hub API. Pushes (`voice/call`, `sms/optOut`) patch these caches in
 * channelPatches.ts.
 */
export const channelApi = hubApi.enhanceEndpoints({ addTagTypes: ['Telephony', 'Call', 'OptOut'] }).injectEndpoints({
  endpoints: (build) => ({
    telephonyStatus: build.query<CommandOutput<'telephony/status'>, void>({
      query: () => cmd('telephony/status', {}),
      providesTags: ['Telephony'],
    }),
    voiceCall: build.query<CommandOutput<'voice/call'>, number>({
      query: (conversationId) => cmd('voice/call', { conversationId }),
      providesTags: (_r, _e, id) => [{ type: 'Call', id }],
    }),
    smsOptOutStatus: build.query<CommandOutput<'sms/optOutStatus'>, number>({
      query: (conversationId) => cmd('sms/optOutStatus', { conversationId }),
      providesTags: (_r, _e, id) => [{ type: 'OptOut', id }],
    }),
    smsSend: build.mutation<CommandOutput<'sms/send'>, CommandInput<'sms/send'>>({ query: (input) => cmd('sms/send', input) }),
    emailSend: build.mutation<CommandOutput<'email/send'>, CommandInput<'email/send'>>({ query: (input) => cmd('email/send', input) }),
    emailRetry: build.mutation<CommandOutput<'email/retry'>, CommandInput<'email/retry'>>({ query: (input) => cmd('email/retry', input) }),
    voiceHold: build.mutation<CommandOutput<'voice/hold'>, CommandInput<'voice/hold'>>({ query: (input) => cmd('voice/hold', input) }),
    voiceMute: build.mutation<CommandOutput<'voice/mute'>, CommandInput<'voice/mute'>>({ query: (input) => cmd('voice/mute', input) }),
    voiceHangup: build.mutation<CommandOutput<'voice/hangup'>, CommandInput<'voice/hangup'>>({ query: (input) => cmd('voice/hangup', input) }),
    voiceTransfer: build.mutation<CommandOutput<'voice/transfer'>, CommandInput<'voice/transfer'>>({
      query: (input) => cmd('voice/transfer', input),
    }),
    voiceDial: build.mutation<CommandOutput<'voice/dial'>, CommandInput<'voice/dial'>>({ query: (input) => cmd('voice/dial', input) }),
    chatTyping: build.mutation<CommandOutput<'chat/typing'>, CommandInput<'chat/typing'>>({ query: (input) => cmd('chat/typing', input) }),
    chatRead: build.mutation<CommandOutput<'chat/read'>, CommandInput<'chat/read'>>({ query: (input) => cmd('chat/read', input) }),
  }),
});

export const {
  useTelephonyStatusQuery,
  useVoiceCallQuery,
  useSmsOptOutStatusQuery,
  useSmsSendMutation,
  useEmailSendMutation,
  useEmailRetryMutation,
  useVoiceHoldMutation,
  useVoiceMuteMutation,
  useVoiceHangupMutation,
  useVoiceTransferMutation,
  useVoiceDialMutation,
  useChatTypingMutation,
  useChatReadMutation,
} = channelApi;
