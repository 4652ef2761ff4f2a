import type { ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import { assertNever, type HubEventName, type HubEventPayload } from '../../services/contracts';
import { rememberSession, sessionResumed, signIn, signedOut, type StoredSession } from '../features/session/sessionSlice';
import { draftsRestored, Drafts } from '../features/worklist/worklistSlice';
import { readStored, writeStored } from '../common/storage';
import { hubApi } from './api';
import type { StoreExtra } from './extra';
import {
  agentUpdated,
  boardReceived,
  callStateChanged,
  customerChanged,
  emailStatusReceived,
  importProgressed,
  smsOptOutChanged,
  visitorTyping,
  conversationUpdated,
  hubConnected,
  hubConnecting,
  hubConnectionLost,
  hubSessionRejected,
  messageReceived,
  offerReceived,
  offerRevoked,
  queueStatsReceived,
} from './hubActions';
import type { AppDispatch, RootState } from './store';

const draftsKey = (agentId: number, hubUrl: string): string => `switchboard.drafts.${hubUrl}.${agentId}`;

/** Turns each pushed event into the action that says what happened. */
export function eventToAction<N extends HubEventName>(name: N, payload: HubEventPayload<N>) {
  const n = name;
  switch (n) {
    case 'offer/new':
      return offerReceived(payload as HubEventPayload<'offer/new'>);
    case 'offer/revoked':
      return offerRevoked(payload as HubEventPayload<'offer/revoked'>);
    case 'conversation/updated':
      return conversationUpdated(payload as HubEventPayload<'conversation/updated'>);
    case 'message/new':
      return messageReceived(payload as HubEventPayload<'message/new'>);
    case 'queue/stats':
      return queueStatsReceived(payload as HubEventPayload<'queue/stats'>);
    case 'agent/updated':
      return agentUpdated(payload as HubEventPayload<'agent/updated'>);
    case 'metrics/live':
      return boardReceived(payload as HubEventPayload<'metrics/live'>);
    case 'chat/visitorTyping':
      return visitorTyping(payload as HubEventPayload<'chat/visitorTyping'>);
    case 'customer/changed':
      return customerChanged(payload as HubEventPayload<'customer/changed'>);
    case 'customer/importProgress':
      return importProgressed(payload as HubEventPayload<'customer/importProgress'>);
    case 'email/status':
      return emailStatusReceived(payload as HubEventPayload<'email/status'>);
    case 'sms/optOut':
      return smsOptOutChanged(payload as HubEventPayload<'sms/optOut'>);
    case 'voice/call':
      return callStateChanged(payload as HubEventPayload<'voice/call'>);
    case 'session/ended':
      // hubClient turns this into the 'unauthenticated' status; never forwarded, mapped for completeness.
      return hubSessionRejected((payload as HubEventPayload<'session/ended'>).message);
    default:
      return assertNever(n);
  }
}

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
            dispatch(hubSessionRejected(detail ?? 'sign in again'));
            dispatch(hubApi.util.resetApiState());
            return;
          default:
            assertNever(status);
        }
      },
      onEvent(name, payload) {
        dispatch(eventToAction(name, payload));
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
