import { commandEndpoints, hubApi, noInput } from '../../app/api';

/**
 * Channel commands beyond message/send (email composer, SMS opt-out, call control, chat typing/read),
 * injected into the shared hub API. Pushes (`voice/call`, `sms/optOut`) patch these caches in
 * channelPatches.ts.
 */
export const channelApi = hubApi.enhanceEndpoints({ addTagTypes: ['Telephony', 'Call', 'OptOut', 'VoiceSettings'] }).injectEndpoints({
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
      voiceSettings: commandQuery('voice/settings', noInput, { providesTags: ['VoiceSettings'] }),
      voiceSettingsSet: commandMutation('voice/settingsSet', { invalidatesTags: ['VoiceSettings'] }),
      // Links expire after minutes: asked for when the agent opens the player, never cached.
      voiceRecordings: commandMutation('voice/recordings'),
      voiceToken: commandMutation('voice/token'),
      smsSend: commandMutation('sms/send'),
      emailSend: commandMutation('email/send'),
      emailRetry: commandMutation('email/retry'),
      voiceHold: commandMutation('voice/hold'),
      voiceMute: commandMutation('voice/mute'),
      voiceHangup: commandMutation('voice/hangup'),
      voiceTransfer: commandMutation('voice/transfer'),
      voiceTransferComplete: commandMutation('voice/transferComplete'),
      voiceTransferCancel: commandMutation('voice/transferCancel'),
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
  useVoiceSettingsQuery,
  useVoiceSettingsSetMutation,
  useVoiceRecordingsMutation,
  useEmailSendMutation,
  useEmailRetryMutation,
  useVoiceHoldMutation,
  useVoiceMuteMutation,
  useVoiceHangupMutation,
  useVoiceTransferMutation,
  useVoiceTransferCompleteMutation,
  useVoiceTransferCancelMutation,
  useVoiceDialMutation,
  useChatTypingMutation,
  useChatReadMutation,
} = channelApi;
