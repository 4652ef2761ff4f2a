import type { Namespace } from 'socket.io';

/** A command that changes routing state (accept, reject, presence, transfer, wrap-up), sent to its router. */
export type RoutedCommand = Readonly<{ partition: number; name: string; agentId: number; input: unknown }>;

export type ForwardFault = Readonly<{ code: string; message: string }>;
type Reply = Readonly<{ handled: false }> | Readonly<{ handled: true; result?: unknown; fault?: ForwardFault }>;

export const ROUTE_EVENT = 'cluster:route';

export class RouterUnavailable extends Error {
  readonly code = 'router_unavailable';
}

/** A router's refusal (not_found, conflict…) carried back to the hub of the agent's socket. */
export class ForwardedFault extends Error {
  constructor(readonly fault: ForwardFault) {
    super(fault.message);
  }
}

export type ForwarderOptions = Readonly<{
  namespace: Namespace;
  /** Is this hub the router of the partition now? */
  leads(partition: number): boolean;
  /** Applies a command on this hub's router; a throw is a refusal carried back. */
  apply(command: RoutedCommand): Promise<unknown>;
  /** How long a caller waits for a router (a failover in progress) before it gets router_unavailable. */
  deadlineMs?: number;
  retryMs?: number;
}>;

/**
 * Commands that change routing state reach the partition's router wherever the agent's socket is: a hub
 * that leads the partition applies at once; another asks every hub over the adapter's inter-server channel
 * (`serverSideEmit` with an ack), the router answers with its result and the others with "not mine". The
 * agent's ack is sent only after the router applied the command. During a failover nobody answers "mine":
 * the caller asks again every retryMs until the new router has taken over, or deadlineMs passes.
 */
export class RouterForwarder {
  constructor(private readonly options: ForwarderOptions) {
    options.namespace.on(ROUTE_EVENT, (command: RoutedCommand, reply: (r: Reply) => void) => {
      void (async () => reply(await this.answer(command)))();
    });
  }

  async send(command: RoutedCommand): Promise<unknown> {
    const deadline = Date.now() + (this.options.deadlineMs ?? 6000);
    for (;;) {
      if (this.options.leads(command.partition)) return this.options.apply(command);
      const replies = await this.ask(command);
      const mine = replies.find((r): r is Extract<Reply, { handled: true }> => r.handled);
      if (mine) {
        if (mine.fault) throw new ForwardedFault(mine.fault);
        return mine.result;
      }
      if (Date.now() >= deadline) throw new RouterUnavailable('no router answered for this partition');
      await new Promise((resolve) => setTimeout(resolve, this.options.retryMs ?? 250));
    }
  }

  private async answer(command: RoutedCommand): Promise<Reply> {
    if (!this.options.leads(command.partition)) return { handled: false };
    try {
      return { handled: true, result: await this.options.apply(command) };
    } catch (err) {
      const code = typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : 'internal';
      return { handled: true, fault: { code, message: err instanceof Error ? err.message : String(err) } };
    }
  }

  /** Every other hub's reply; a hub that died is waited for until the adapter's timeout, its peers' replies kept. */
  private ask(command: RoutedCommand): Promise<readonly Reply[]> {
    return new Promise((resolve) => {
      this.options.namespace.serverSideEmit(ROUTE_EVENT, command, (_err: Error | null, replies: Reply[]) => resolve(replies ?? []));
    });
  }
}
