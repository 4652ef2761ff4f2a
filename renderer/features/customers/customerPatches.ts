import type { ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import { hubApi } from '../../app/api';
import { conversationUpdated, customerChanged, hubConnected, messageReceived } from '../../app/hubActions';
import type { AppDispatch, RootState } from '../../app/store';
import { customerApi } from './customerApi';

const HISTORY_REFRESH_DELAY_MS = 1500;

/**
 * `customer/changed` names records, not their new content: the open 360 views of exactly those customers
 * refetch. A merge or unmerge also moves conversations between records, so held conversations refetch too.
 */
export function registerCustomerPatches(listener: ListenerMiddlewareInstance<RootState, AppDispatch>): void {
  listener.startListening({
    actionCreator: customerChanged,
    effect: (action, api) => {
      const { customerIds, reason } = action.payload;
      const tags = customerIds.flatMap((id) => [
        { type: 'Customer' as const, id },
        { type: 'Timeline' as const, id },
        { type: 'Suggestions' as const, id },
        ...(reason === 'identity' || reason === 'merged' || reason === 'unmerged' ? [{ type: 'BackOffice' as const, id }] : []),
      ]);
      api.dispatch(customerApi.util.invalidateTags(tags));
      if (reason === 'merged' || reason === 'unmerged') api.dispatch(customerApi.util.invalidateTags(['Conversation']));
    },
  });
  // A conversation started, moved or closed: its customer's history (state, counts, order) changed.
  listener.startListening({
    actionCreator: conversationUpdated,
    effect: (action, api) => {
      api.dispatch(customerApi.util.invalidateTags([{ type: 'Timeline', id: action.payload.customerId }]));
    },
  });
  // Messages change a history row's counts. A busy chat must not refetch per line: collect the customers
  // and refresh their history once things are quiet for a moment (trailing debounce).
  const pending = new Set<number>();
  listener.startListening({
    actionCreator: messageReceived,
    effect: async (action, api) => {
      const loaded = hubApi.endpoints.conversationGet.select(action.payload.conversationId)(api.getState()).data;
      if (!loaded) return;
      pending.add(loaded.conversation.customerId);
      api.cancelActiveListeners();
      await api.delay(HISTORY_REFRESH_DELAY_MS);
      const ids = [...pending];
      pending.clear();
      api.dispatch(customerApi.util.invalidateTags(ids.map((id) => ({ type: 'Timeline' as const, id }))));
    },
  });
  listener.startListening({
    actionCreator: hubConnected,
    effect: (_action, api) => {
      // Pushes sent while we were away are lost: refetch what is on screen (the core does the same for its tags).
      if (api.getOriginalState().connection.wasConnected) {
        api.dispatch(customerApi.util.invalidateTags(['Customer', 'Timeline', 'Suggestions']));
      }
    },
  });
}
