import type { ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import { readStored, writeStored } from '../../common/storage';
import type { AppDispatch, RootState } from '../../app/store';
import { sessionResumed, signIn } from '../session/sessionSlice';
import { EmailEnvelopes, emailEnvelopesRestored } from './emailDraftSlice';

const key = (agentId: number, hubUrl: string): string => `switchboard.emailDrafts.${hubUrl}.${agentId}`;

/** Recipients and mode of email drafts survive a reload like the body does (attachments do not: too big). */
export function registerEmailDraftPersistence(listener: ListenerMiddlewareInstance<RootState, AppDispatch>): void {
  listener.startListening({
    predicate: (action) => signIn.fulfilled.match(action) || sessionResumed.match(action),
    effect: (_action, api) => {
      const session = api.getState().session.session;
      if (!session) return;
      const stored = readStored(key(session.agent.id, session.hubUrl), EmailEnvelopes);
      if (stored) api.dispatch(emailEnvelopesRestored(Object.fromEntries(Object.entries(stored).map(([k, v]) => [Number(k), v]))));
    },
  });
  listener.startListening({
    predicate: (_action, current, previous) => current.emailDrafts.envelopes !== previous.emailDrafts.envelopes,
    effect: (_action, api) => {
      const session = api.getState().session.session;
      if (session) writeStored(key(session.agent.id, session.hubUrl), api.getState().emailDrafts.envelopes);
    },
  });
}
