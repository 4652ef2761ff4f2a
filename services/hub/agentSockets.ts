import type { Namespace } from 'socket.io';

/** Room operations on the /agent namespace for command handlers (monitor rooms, forced sign-out). */
export type AgentSockets = Readonly<{
  join(room: string, target: string): void;
  leave(room: string, target: string): void;
  disconnect(room: string): void;
}>;

export function agentSockets(nsp: Namespace): AgentSockets {
  return {
    join: (room, target) => nsp.in(room).socketsJoin(target),
    leave: (room, target) => nsp.in(room).socketsLeave(target),
    disconnect: (room) => nsp.in(room).disconnectSockets(true),
  };
}
