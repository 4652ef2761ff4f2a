import type { AgentServerToClient, HubEventName, HubEventPayload } from '../contracts';

/** Where pushed events go: one room per agent, one for supervisors/admins. */
export const agentRoom = (agentId: number): string => `agent:${agentId}`;
export const SUPERVISORS = 'supervisors';
/** Supervisors silently monitoring one conversation (they receive its messages live). */
export const monitorRoom = (conversationId: number): string => `monitor:${conversationId}`;
export const EVERYONE = 'everyone';
/** Sockets of users with the agent role (supervisors get their own, faster feed). */
export const AGENTS = 'agents';

export type Pusher = Readonly<{
  to(rooms: string | readonly string[]): { emit<N extends HubEventName>(name: N, payload: HubEventPayload<N>): void };
}>;

export type { AgentServerToClient };
