import { createAction } from '@reduxjs/toolkit';
import type { AgentSnapshot, Conversation, HubEventPayload, Message, Offer, QueueStats } from '../../services/contracts';

/*
 * Things that happened, as actions. Slices and the cache patcher react to them; nothing dispatches
 * "set X" from the socket layer.
 */
export const hubConnecting = createAction('hub/connecting');
export const hubConnected = createAction('hub/connected');
export const hubConnectionLost = createAction<string>('hub/connectionLost');
export const hubSessionRejected = createAction<string>('hub/sessionRejected');

export const offerReceived = createAction<Offer>('offers/offerReceived');
export const offerRevoked = createAction<HubEventPayload<'offer/revoked'>>('offers/offerRevoked');
export const conversationUpdated = createAction<Conversation>('conversations/conversationUpdated');
export const messageReceived = createAction<Message>('conversations/messageReceived');
export const queueStatsReceived = createAction<readonly QueueStats[]>('queues/statsReceived');
export const agentUpdated = createAction<AgentSnapshot>('presence/agentUpdated');
