import { combineReducers, configureStore, createListenerMiddleware, type ThunkDispatch, type UnknownAction } from '@reduxjs/toolkit';
import { registerOfferAlerts, type OfferAlertSinks } from '../features/offers/offerAlerts';
import { offersSlice } from '../features/offers/offersSlice';
import { sessionSlice } from '../features/session/sessionSlice';
import { supervisionSlice } from '../features/supervision/supervisionSlice';
import { registerSupervisionPatches } from '../features/supervision/supervisionPatches';
import { worklistSlice } from '../features/worklist/worklistSlice';
import { hubApi } from './api';
import { registerCachePatches } from './cachePatches';
import { connectionSlice } from './connectionSlice';
import type { StoreExtra } from './extra';
import { registerLink } from './link';
import { chatTypingSlice } from '../features/webchat/chatTypingSlice';
import { emailDraftSlice } from '../features/email/emailDraftSlice';
import { registerEmailDraftPersistence } from '../features/email/emailDraftPersistence';
import { registerCustomerPatches } from '../features/customers/customerPatches';
import { registerImportPatches } from '../features/customers/import/importPatches';
import { registerChannelPatches } from '../features/channels/channelPatches';
import { registerAnswersPatches } from '../features/answers/answersPatches';
import { registerAdminAgentPatches } from '../features/admin/agents/adminAgentPatches';
import { softphoneSlice } from '../features/telephony/softphone/softphoneSlice';
import { registerSoftphoneListeners } from '../features/telephony/softphone/softphoneListeners';
import { vocSlice } from '../features/voc/vocSlice';
import { registerVocPatches } from '../features/voc/vocPatches';

const rootReducer = combineReducers({
  session: sessionSlice.reducer,
  connection: connectionSlice.reducer,
  offers: offersSlice.reducer,
  worklist: worklistSlice.reducer,
  supervision: supervisionSlice.reducer,
  chatTyping: chatTypingSlice.reducer,
  emailDrafts: emailDraftSlice.reducer,
  softphone: softphoneSlice.reducer,
  voc: vocSlice.reducer,
  [hubApi.reducerPath]: hubApi.reducer,
});

export type RootState = ReturnType<typeof rootReducer>;
export type AppDispatch = ThunkDispatch<RootState, StoreExtra, UnknownAction>;

export type StoreOptions = Readonly<{ preloadedState?: Partial<RootState>; alerts?: OfferAlertSinks }>;

export function createAppStore(extra: StoreExtra, { preloadedState, alerts }: StoreOptions = {}) {
  const listener = createListenerMiddleware<RootState, AppDispatch>({ extra });
  const store = configureStore({
    reducer: rootReducer,
    preloadedState,
    middleware: (getDefault) =>
      getDefault({ thunk: { extraArgument: extra } })
        .prepend(listener.middleware)
        .concat(hubApi.middleware),
  });
  registerCachePatches(listener);
  registerLink(listener, extra);
  registerOfferAlerts(listener, alerts);
  registerCustomerPatches(listener);
  registerImportPatches(listener);
  registerChannelPatches(listener);
  registerAnswersPatches(listener);
  registerSoftphoneListeners(listener);
  registerSupervisionPatches(listener);
  registerVocPatches(listener);
  registerEmailDraftPersistence(listener);
  registerAdminAgentPatches(listener);
  return store;
}

export type AppStore = ReturnType<typeof createAppStore>;
