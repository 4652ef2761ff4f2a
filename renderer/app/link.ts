import type { ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import { assertNever } from '../../services/contracts';
import { passwordChanged, rememberSession, sessionResumed, signIn, signedOut, type StoredSession } from '../features/session/sessionSlice';
import { draftsRestored, Drafts } from '../features/worklist/worklistSlice';
import { readStored, writeStored } from '../common/storage';
import { i18n } from '../i18n';
import { hubApi } from './api';
import type { StoreExtra } from './extra';
import { hubConnected, hubConnecting, hubConnectionLost, hubSessionRejected, pushedAction } from './hubActions';
import type { AppDispatch, RootState } from './store';

const draftsKey = (agentId: number, hubUrl: string): string => `switchboard.drafts.${hubUrl}.${agentId}`;

/** Opens the socket when a session starts, closes it when it ends, and keeps drafts on disk meanwhile. */
export function registerLink(listener: ListenerMiddlewareInstance<RootState, AppDispatch>, extra: StoreExtra): void {
  const open = (session: StoredSession, dispatch: AppDispatch): void => {
    extra.link.current?.close();
    rememberSession(session);
    const drafts = readStored(draftsKey(session.agent.id, session.hubUrl), Drafts);
    if (drafts) dispatch(draftsRestored(Object.fromEntries(Object.entries(drafts).map(([k, v]) => [Number(k), v]))));
    extra.link.current = extra.connect(session.hubUrl, session.token, {
      onStatus(status, detail) {
        switch (status) {
          case 'connecting':
            dispatch(hubConnecting());
            return;
          case 'connected':
            dispatch(hubConnected());
            return;
          case 'reconnecting':
            dispatch(hubConnectionLost(detail ?? 'reconnecting'));
            return;
          case 'unauthenticated':
            extra.link.current?.close();
            extra.link.current = null;
            rememberSession(null);
            dispatch(hubSessionRejected(detail ?? i18n.t('connection.signInAgain', { ns: 'common' })));
            dispatch(hubApi.util.resetApiState());
            return;
          default:
            assertNever(status);
        }
      },
      onEvent(name, payload) {
        dispatch(pushedAction(name, payload));
      },
    });
  };

  listener.startListening({ actionCreator: signIn.fulfilled, effect: (action, api) => open(action.payload, api.dispatch) });
  listener.startListening({ actionCreator: sessionResumed, effect: (action, api) => open(action.payload, api.dispatch) });
  listener.startListening({
    actionCreator: signedOut,
    effect: (_action, api) => {
      rememberSession(null);
      api.dispatch(hubApi.util.resetApiState());
    },
  });
  // A reload after choosing the new password must not show "Choose a new password" again.
  listener.startListening({
    actionCreator: passwordChanged,
    effect: (_action, api) => rememberSession(api.getState().session.session),
  });
  // Drafts: written through on every change (small JSON), so a crash or reload keeps what was typed.
  listener.startListening({
    predicate: (_action, current, previous) => current.worklist.drafts !== previous.worklist.drafts,
    effect: (_action, api) => {
      const { session } = api.getState().session;
      if (!session) return;
      const drafts = Object.fromEntries(Object.entries(api.getState().worklist.drafts).filter(([, d]) => d.text.length > 0));
      writeStored(draftsKey(session.agent.id, session.hubUrl), drafts);
    },
  });
}
