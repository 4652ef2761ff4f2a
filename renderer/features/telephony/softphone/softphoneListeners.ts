import type { ListenerMiddlewareInstance, UnknownAction } from '@reduxjs/toolkit';
import type { AppDispatch, RootState } from '../../../app/store';
import { answerExpected, autoAnswerChanged } from './softphoneSlice';

/** Mutations after which the next ring on this softphone is the call the agent asked for. */
const answeredBy: Readonly<Record<string, string>> = {
  acceptOffer: 'accepted a call',
  voiceDial: 'placed a call',
  voiceMonitor: 'joined a call',
};

type Fulfilled = UnknownAction & { meta?: { requestStatus?: string; arg?: { endpointName?: string } }; payload?: unknown };

function endpointOf(action: UnknownAction): string | undefined {
  const a = action as Fulfilled;
  return a.meta?.requestStatus === 'fulfilled' && action.type.endsWith('/fulfilled') ? a.meta.arg?.endpointName : undefined;
}

/**
 * One click: accepting a voice offer (or dialling, or joining as supervisor) also answers the softphone
 * when the hub's leg rings it. The auto-answer setting follows the agent's voice settings as read.
 */
export function registerSoftphoneListeners(listener: ListenerMiddlewareInstance<RootState, AppDispatch>): void {
  listener.startListening({
    predicate: (action) => {
      const name = endpointOf(action);
      if (name === undefined || !(name in answeredBy)) return false;
      // Accepting an offer answers a ring only when the offer was a call.
      return name !== 'acceptOffer' || (action as Fulfilled & { payload?: { channel?: string } }).payload?.channel === 'voice';
    },
    effect: (action, api) => {
      api.dispatch(answerExpected({ at: Date.now(), why: answeredBy[endpointOf(action) ?? ''] ?? 'answered' }));
    },
  });
  listener.startListening({
    predicate: (action) => endpointOf(action) === 'voiceSettings' || endpointOf(action) === 'voiceSettingsSet',
    effect: (action, api) => {
      const settings = (action as Fulfilled & { payload?: { autoAnswer?: boolean } }).payload;
      if (typeof settings?.autoAnswer === 'boolean') api.dispatch(autoAnswerChanged(settings.autoAnswer));
    },
  });
}
