import type { ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import { pushed } from '../../app/hubActions';
import type { AppDispatch, RootState } from '../../app/store';
import { vocApi } from './vocApi';

/**
 * New analyses were stored: open boards refetch (the hub coalesces these pushes to one every couple of
 * seconds), and an open 360 refetches only if its customer is named. A finished re-analysis refreshes all.
 */
export function registerVocPatches(listener: ListenerMiddlewareInstance<RootState, AppDispatch>): void {
  listener.startListening({
    actionCreator: pushed['voc/changed'],
    effect: (action, api) => {
      api.dispatch(
        vocApi.util.invalidateTags(['VocBoard', ...action.payload.customerIds.map((id) => ({ type: 'VocCustomer' as const, id }))]),
      );
    },
  });
  listener.startListening({
    actionCreator: pushed['voc/progress'],
    effect: (action, api) => {
      if (action.payload.reanalysis === null) api.dispatch(vocApi.util.invalidateTags(['VocBoard', 'VocCustomer', 'VocTopic']));
    },
  });
  listener.startListening({
    actionCreator: pushed['voc/spike'],
    effect: (_action, api) => {
      api.dispatch(vocApi.util.invalidateTags(['VocBoard']));
    },
  });
}
