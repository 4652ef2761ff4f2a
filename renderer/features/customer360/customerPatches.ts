import type { ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import { conversationUpdated, customerChanged, hubConnected } from '../../app/hubActions';
import type { AppDispatch, RootState } from '../../app/store';
import { customerApi } from './customerApi';

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
