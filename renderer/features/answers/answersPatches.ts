import type { ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import { pushed } from '../../app/hubActions';
import type { AppDispatch, RootState } from '../../app/store';
import { answersApi } from './answersApi';

/** Someone changed the library (a supervisor the shared one, or this agent on another device). */
export function registerAnswersPatches(listener: ListenerMiddlewareInstance<RootState, AppDispatch>): void {
  listener.startListening({
    actionCreator: pushed['answers/changed'],
    effect: (_action, api) => {
      api.dispatch(answersApi.util.invalidateTags(['Answers']));
    },
  });
}
