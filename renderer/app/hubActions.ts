import { createAction, type PayloadActionCreator } from '@reduxjs/toolkit';
import { HubEvents, type HubEventName, type HubEventPayload } from '../../services/contracts';

/*
 * Things that happened, as actions. Slices and the cache patchers react to them; nothing dispatches
 * "set X" from the socket layer.
 */
export const hubConnecting = createAction('hub/connecting');
export const hubConnected = createAction('hub/connected');
export const hubConnectionLost = createAction<string>('hub/connectionLost');
export const hubSessionRejected = createAction<string>('hub/sessionRejected');

/** The action a pushed event becomes: `hub/pushed/<event name>`, its payload exactly the contract's. */
export type PushedActionCreator<N extends HubEventName> = PayloadActionCreator<HubEventPayload<N>, `hub/pushed/${N}`>;
export type PushedActionCreators = { readonly [N in HubEventName]: PushedActionCreator<N> };

/** Every event name of the contract, in its order (Object.keys types them as plain strings). */
export const hubEventNames = Object.keys(HubEvents) as HubEventName[];

/**
 * One action creator per pushed event, made from the contract's event names: a new event in HubEvents is
 * an action here with no edit (`pushed['offer/new']`, `pushed['metrics/live']`, ...). The object is built
 * in a loop, which TypeScript cannot follow key by key; the mapped type above states what each key holds.
 */
export const pushed = Object.fromEntries(
  hubEventNames.map((name) => [name, createAction(`hub/pushed/${name}`)]),
) as unknown as PushedActionCreators;

/** The action for one pushed event (the link dispatches it as it arrives). */
export const pushedAction = <N extends HubEventName>(name: N, payload: HubEventPayload<N>) => pushed[name](payload);
