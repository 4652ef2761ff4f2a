import { z } from 'zod';
import { telephonyEvents } from './telephony';
import { customerEvents } from './customers';
import { emailEvents } from './email';
import { AgentSnapshot, Conversation, Message, Offer, QueueStats } from './domain';
import { supervisionEvents } from './supervision';
import { webchatEvents } from './webchat';
import { answerEvents } from './answers';
import { vocEvents } from './voc';

/** Why the hub ended a desk's session; the desk returns to sign-in and shows the message. */
export const SessionEndReason = z.enum(['signed_out', 'forced', 'role_changed', 'disabled', 'password_changed', 'expired']);
export type SessionEndReason = z.infer<typeof SessionEndReason>;

/** Core pushes: routing, conversations, messages, agents. */
export const coreEvents = {
  'offer/new': Offer,
  'offer/revoked': z.object({
    offerId: z.string(),
    conversationId: z.number().int(),
    reason: z.enum(['timeout', 'rejected', 'taken', 'abandoned', 'agent_unavailable', 'hub_restart', 'moved']),
  }),
  'conversation/updated': Conversation,
  'message/new': Message,
  'queue/stats': z.array(QueueStats),
  'agent/updated': AgentSnapshot,
  /** Sent just before the hub disconnects a socket whose session it ended. */
  'session/ended': z.object({ reason: SessionEndReason, message: z.string().max(300) }),
} as const;

/** Everything the hub pushes to agent sockets, by event name. One spread per feature contract. */
export const HubEvents = {
  ...coreEvents,
  ...supervisionEvents,
  ...telephonyEvents,
  ...customerEvents,
  ...webchatEvents,
  ...emailEvents,
  ...answerEvents,
  ...vocEvents,
} as const;

export type HubEventName = keyof typeof HubEvents;
export type HubEventPayload<N extends HubEventName> = z.infer<(typeof HubEvents)[N]>;

/** socket.io typing for the /agent namespace, derived from the schemas above. */
export type AgentServerToClient = {
  [N in HubEventName]: (payload: HubEventPayload<N>) => void;
};
