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
  /**
   * The same payload to a room that may hold thousands of sockets, a slice of them per event-loop turn:
   * one write per socket is ~50 µs of syscalls on a busy machine, so 2,000 agents in one go stall every
   * offer behind them for ~100 ms. Sockets that join mid-way get the next push. The payload is built only
   * when someone would receive it. Team mode: one emit through
   * the PostgreSQL adapter, which reaches the room's sockets on every hub.
   */
  fanOut<N extends HubEventName>(room: string, name: N, payload: () => HubEventPayload<N>): void;
}>;

/** Sockets written per event-loop turn by fanOut (offers and commits run between slices). */
export const FAN_OUT_SLICE = 200;

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
    fanOut(room, name, payload) {
      if (options.cluster) return void namespace.to(room).emit(name, payload());
      const members = namespace.adapter.rooms.get(room);
      if (!members || members.size === 0) return;
      const built = payload();
      if (members.size <= FAN_OUT_SLICE) return void namespace.to(room).emit(name, built);
      // Every socket is in the room named by its id: slices address sockets, not the whole room.
      const ids = [...members];
      const slice = (from: number): void => {
        namespace.to(ids.slice(from, from + FAN_OUT_SLICE)).emit(name, built);
        if (from + FAN_OUT_SLICE < ids.length) setImmediate(slice, from + FAN_OUT_SLICE);
      };
      slice(0);
    },
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
