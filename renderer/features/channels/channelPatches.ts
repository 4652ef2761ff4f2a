import { isAnyOf, type ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import type { CallState, Message } from '../../../services/contracts';
import { hubApi } from '../../app/api';
import { callStateChanged, hubConnected, smsOptOutChanged } from '../../app/hubActions';
import type { AppDispatch, RootState } from '../../app/store';
import { channelApi } from './channelApi';

/*
 * The injected endpoints widen the API's own state type beyond the store's RootState (which is derived
 * from the base reducer); the runtime state is the same object, so the thunks are dispatched as-is.
 */
const run = (dispatch: AppDispatch, thunk: unknown): void => {
  void dispatch(thunk as Parameters<AppDispatch>[0]);
};

/** Pushed call state and opt-out changes, and the messages that channel sends return, patch the cache. */
export function registerChannelPatches(listener: ListenerMiddlewareInstance<RootState, AppDispatch>): void {
  const putCall = (dispatch: AppDispatch, call: CallState): void => {
    run(dispatch, channelApi.util.upsertQueryData('voiceCall', call.conversationId, call));
  };
  listener.startListening({ actionCreator: callStateChanged, effect: (action, api) => putCall(api.dispatch, action.payload) });
  const callChanged = isAnyOf(
    channelApi.endpoints.voiceHold.matchFulfilled,
    channelApi.endpoints.voiceMute.matchFulfilled,
    channelApi.endpoints.voiceHangup.matchFulfilled,
    channelApi.endpoints.voiceTransfer.matchFulfilled,
  );
  listener.startListening({
    predicate: (action) => callChanged(action),
    effect: (action, api) => {
      if (callChanged(action)) putCall(api.dispatch, action.payload);
    },
  });

  listener.startListening({
    actionCreator: smsOptOutChanged,
    effect: (action, api) => {
      const change = action.payload;
      for (const conversationId of channelApi.util.selectCachedArgsForQuery(api.getState() as never, 'smsOptOutStatus')) {
        run(
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
