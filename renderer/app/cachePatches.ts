import { isAnyOf, type ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import type { Conversation, Message } from '../../services/contracts';
import { hubApi } from './api';
import { hubConnected, pushed } from './hubActions';
import type { AppDispatch, RootState } from './store';

/*
 * The features' injected endpoints (customers, channels, supervision) widen the API's state type beyond the
 * store's RootState, which is derived from the base reducer; at runtime it is the same object. Their cache
 * thunks and selectors go through these two, so the one unchecked step is written once.
 */
export const runCacheThunk = (dispatch: AppDispatch, thunk: unknown): void => {
  void dispatch(thunk as Parameters<AppDispatch>[0]);
};
export const injectedApiState = (state: RootState): never => state as never;

const HELD = new Set<Conversation['state']>(['active', 'wrap_up']);

/**
 * Pushed events and command results patch RTK Query's cache in place (updateQueryData), so the screens
 * never poll. After a re-connection everything is refetched once: events sent while we were away are lost.
 */
export function registerCachePatches(listener: ListenerMiddlewareInstance<RootState, AppDispatch>): void {
  const upsertConversation = (dispatch: AppDispatch, state: RootState, conversation: Conversation): void => {
    const me = state.session.session?.agent.id;
    dispatch(
      hubApi.util.updateQueryData('conversationMine', undefined, (draft) => {
        const index = draft.conversations.findIndex((c) => c.id === conversation.id);
        const mine = conversation.assignedAgentId === me && HELD.has(conversation.state);
        if (mine && index >= 0) draft.conversations[index] = conversation;
        else if (mine) draft.conversations.push(conversation);
        else if (index >= 0) draft.conversations.splice(index, 1);
      }),
    );
    dispatch(
      hubApi.util.updateQueryData('conversationGet', conversation.id, (draft) => {
        draft.conversation = conversation;
      }),
    );
  };
  /**
   * Pushes arrive in the order the hub sent them, so a pushed copy replaces the one held. A command's answer
   * was taken when the message was stored ('queued'); a status push ('sent', 'delivered') may overtake it,
   * so an answer only adds a message not seen yet.
   */
  const appendMessage = (dispatch: AppDispatch, message: Message, from: 'push' | 'answer'): void => {
    dispatch(
      hubApi.util.updateQueryData('conversationGet', message.conversationId, (draft) => {
        const index = draft.messages.findIndex((m) => m.id === message.id);
        if (index < 0) draft.messages.push(message);
        else if (from === 'push') draft.messages[index] = message;
      }),
    );
  };

  listener.startListening({
    actionCreator: pushed['conversation/updated'],
    effect: (action, api) => upsertConversation(api.dispatch, api.getState(), action.payload),
  });
  const conversationChanged = isAnyOf(
    hubApi.endpoints.acceptOffer.matchFulfilled,
    hubApi.endpoints.wrapUp.matchFulfilled,
    hubApi.endpoints.closeConversation.matchFulfilled,
    hubApi.endpoints.transfer.matchFulfilled,
  );
  listener.startListening({
    predicate: (action) => conversationChanged(action),
    effect: (action, api) => {
      if (conversationChanged(action)) upsertConversation(api.dispatch, api.getState(), action.payload);
    },
  });
  listener.startListening({
    actionCreator: pushed['message/new'],
    effect: (action, api) => appendMessage(api.dispatch, action.payload, 'push'),
  });
  listener.startListening({
    matcher: hubApi.endpoints.sendMessage.matchFulfilled,
    effect: (action, api) => appendMessage(api.dispatch, action.payload, 'answer'),
  });
  listener.startListening({
    actionCreator: pushed['queue/stats'],
    effect: (action, api) => {
      const byQueue = new Map(action.payload.map((s) => [s.queueId, s]));
      api.dispatch(
        hubApi.util.updateQueryData('queueList', undefined, (draft) => {
          for (const row of draft) row.stats = byQueue.get(row.queue.id) ?? row.stats;
        }),
      );
    },
  });
  const snapshotArrived = isAnyOf(pushed['agent/updated'], hubApi.endpoints.setPresence.matchFulfilled);
  listener.startListening({
    predicate: (action) => snapshotArrived(action),
    effect: (action, api) => {
      if (!snapshotArrived(action)) return;
      const snapshot = action.payload;
      if (snapshot.id !== api.getState().session.session?.agent.id) return;
      api.dispatch(
        hubApi.util.updateQueryData('sessionMe', undefined, (draft) => {
          draft.agent = snapshot;
        }),
      );
    },
  });
  listener.startListening({
    actionCreator: hubConnected,
    effect: (_action, api) => {
      if (api.getOriginalState().connection.wasConnected) {
        api.dispatch(hubApi.util.invalidateTags(['Me', 'Mine', 'Conversation', 'Queues', 'Agents']));
      }
    },
  });
}
