import type { ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import { pushed } from '../../../app/hubActions';
import type { AppDispatch, RootState } from '../../../app/store';
import { importApi } from './importApi';

/**
 * `customer/importProgress` carries the whole job state: it replaces the cached `customer/importStatus`
 * for that job (creating the entry if the push beat the first read), so the progress bar moves live.
 */
export function registerImportPatches(listener: ListenerMiddlewareInstance<RootState, AppDispatch>): void {
  listener.startListening({
    actionCreator: pushed['customer/importProgress'],
    effect: (action, api) => {
      void api.dispatch(importApi.util.upsertQueryData('importStatus', action.payload.jobId, action.payload));
    },
  });
}
