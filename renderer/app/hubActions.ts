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

// Feature pushes. Panes that show them (supervisor board, chat typing, SMS opt-out, voice call state,
// customer 360) react to these; the desk works without them.
export const boardReceived = createAction<HubEventPayload<'metrics/live'>>('supervisor/boardReceived');
export const visitorTyping = createAction<HubEventPayload<'chat/visitorTyping'>>('conversations/visitorTyping');
export const customerChanged = createAction<HubEventPayload<'customer/changed'>>('customers/customerChanged');
export const importProgressed = createAction<HubEventPayload<'customer/importProgress'>>('customers/importProgressed');
export const emailStatusReceived = createAction<HubEventPayload<'email/status'>>('email/statusReceived');
export const smsOptOutChanged = createAction<HubEventPayload<'sms/optOut'>>('conversations/smsOptOutChanged');
export const callStateChanged = createAction<HubEventPayload<'voice/call'>>('voice/callStateChanged');
