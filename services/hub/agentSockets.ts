import type { Namespace } from 'socket.io';

/** Room operations on the /agent namespace for command handlers (monitor rooms; sign-outs go through AgentAuth). */
export type AgentSockets = Readonly<{
  join(room: string, target: string): void;
  leave(room: string, target: string): void;
}>;

export function agentSockets(nsp: Namespace): AgentSockets {
  return {
    join: (room, target) => nsp.in(room).socketsJoin(target),
    leave: (room, target) => nsp.in(room).socketsLeave(target),
  };
}
