import type { Namespace } from 'socket.io';
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
  /** Is anyone in this room on this hub? Lets a costly payload (the live board) be skipped when nobody would get it. */
  occupied(room: string): boolean;
  /**
   * This hub's sockets only. Team mode: what every hub computes alike from the one event log (the live
   * board) goes to each hub's own sockets, not once per hub to every hub's.
   */
  local(room: string): { emit<N extends HubEventName>(name: N, payload: HubEventPayload<N>): void };
}>;

const nobody = { emit: (): void => undefined };

/**
 * Pushes into rooms of a socket.io namespace, skipping rooms nobody is in: socket.io encodes a packet
 * before it looks at who would receive it, and most pushes (a new contact, a customer's message) have no
 * listener at all when no supervisor watches or no agent holds the conversation. Reads the local adapter's
 * rooms, which is all of them for the one-process hub; in team mode (`cluster`) the PostgreSQL adapter
 * carries every push to the hubs that hold the room's sockets, so nothing is skipped.
 */
export function roomPusher(namespace: Namespace, options: Readonly<{ cluster?: boolean }> = {}): Pusher {
  const occupied = (room: string): boolean => (namespace.adapter.rooms.get(room)?.size ?? 0) > 0;
  return {
    occupied,
    to(rooms) {
      const list = typeof rooms === 'string' ? [rooms] : rooms;
      // Team mode: the room's sockets may be on another hub, which this hub's rooms do not show.
      if (options.cluster) return namespace.to(list as string[]);
      return list.some(occupied) ? namespace.to(list as string[]) : nobody;
    },
    local(room) {
      return occupied(room) ? namespace.local.to(room) : nobody;
    },
  };
}

export type { AgentServerToClient };
