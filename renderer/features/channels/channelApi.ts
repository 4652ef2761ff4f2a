import { commandEndpoints, hubApi, noInput } from '../../app/api';

/**
 * Channel commands beyond message/send (email composer, SMS opt-out, call control, chat typing/read),
 * injected into the shared hub API. Pushes (`voice/call`, `sms/optOut`) patch these caches in
 * channelPatches.ts.
 */
export const channelApi = hubApi.enhanceEndpoints({ addTagTypes: ['Telephony', 'Call', 'OptOut'] }).injectEndpoints({
  endpoints: (build) => {
    const { commandQuery, commandMutation } = commandEndpoints(build);
    return {
      telephonyStatus: commandQuery('telephony/status', noInput, { providesTags: ['Telephony'] }),
      voiceCall: commandQuery('voice/call', (conversationId: number) => ({ conversationId }), {
        providesTags: (_r, _e, id) => [{ type: 'Call', id }],
      }),
      smsOptOutStatus: commandQuery('sms/optOutStatus', (conversationId: number) => ({ conversationId }), {
        providesTags: (_r, _e, id) => [{ type: 'OptOut', id }],
      }),
      smsSend: commandMutation('sms/send'),
      emailSend: commandMutation('email/send'),
      emailRetry: commandMutation('email/retry'),
      voiceHold: commandMutation('voice/hold'),
      voiceMute: commandMutation('voice/mute'),
      voiceHangup: commandMutation('voice/hangup'),
      voiceTransfer: commandMutation('voice/transfer'),
      voiceDial: commandMutation('voice/dial'),
      chatTyping: commandMutation('chat/typing'),
      chatRead: commandMutation('chat/read'),
    };
  },
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
