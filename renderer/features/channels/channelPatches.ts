import { isAnyOf, type ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import type { CallState, Message } from '../../../services/contracts';
import { hubApi } from '../../app/api';
import { injectedApiState, runCacheThunk } from '../../app/cachePatches';
import { hubConnected, pushed } from '../../app/hubActions';
import type { AppDispatch, RootState } from '../../app/store';
import { channelApi } from './channelApi';

/** Pushed call state and opt-out changes, and the messages that channel sends return, patch the cache. */
export function registerChannelPatches(listener: ListenerMiddlewareInstance<RootState, AppDispatch>): void {
  const putCall = (dispatch: AppDispatch, call: CallState): void => {
    runCacheThunk(dispatch, channelApi.util.upsertQueryData('voiceCall', call.conversationId, call));
  };
  listener.startListening({ actionCreator: pushed['voice/call'], effect: (action, api) => putCall(api.dispatch, action.payload) });
  const callChanged = isAnyOf(
    channelApi.endpoints.voiceHold.matchFulfilled,
    channelApi.endpoints.voiceMute.matchFulfilled,
    channelApi.endpoints.voiceHangup.matchFulfilled,
    channelApi.endpoints.voiceTransfer.matchFulfilled,
    channelApi.endpoints.voiceTransferComplete.matchFulfilled,
    channelApi.endpoints.voiceTransferCancel.matchFulfilled,
  );
  listener.startListening({
    predicate: (action) => callChanged(action),
    effect: (action, api) => {
      if (callChanged(action)) putCall(api.dispatch, action.payload);
    },
  });

  listener.startListening({
    actionCreator: pushed['sms/optOut'],
    effect: (action, api) => {
      const change = action.payload;
      for (const conversationId of channelApi.util.selectCachedArgsForQuery(injectedApiState(api.getState()), 'smsOptOutStatus')) {
        runCacheThunk(
          api.dispatch,
          channelApi.util.updateQueryData('smsOptOutStatus', conversationId, (draft) => (draft.phone === change.phone ? change : draft)),
        );
      }
    },
  });

  const appendMessage = (dispatch: AppDispatch, message: Message): void => {
    dispatch(
      hubApi.util.updateQueryData('conversationGet', message.conversationId, (draft) => {
        const index = draft.messages.findIndex((m) => m.id === message.id);
        // A status push may have overtaken the command's answer: keep the newer row.
        if (index < 0) draft.messages.push(message);
      }),
    );
  };
  listener.startListening({
    matcher: channelApi.endpoints.smsSend.matchFulfilled,
    effect: (action, api) => appendMessage(api.dispatch, action.payload),
  });
  listener.startListening({
    matcher: channelApi.endpoints.emailSend.matchFulfilled,
    effect: (action, api) => appendMessage(api.dispatch, action.payload.message),
  });
  listener.startListening({
    actionCreator: hubConnected,
    effect: (_action, api) => {
      if (api.getOriginalState().connection.wasConnected) api.dispatch(channelApi.util.invalidateTags(['Telephony', 'Call', 'OptOut']));
    },
  });
}
