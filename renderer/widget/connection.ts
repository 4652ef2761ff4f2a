import { io, type Socket } from 'socket.io-client';
import type {
  VisitorCommandInput,
  VisitorCommandName,
  VisitorCommandOutput,
  VisitorError,
  VisitorEventName,
  VisitorEventPayload,
  VisitorReply,
} from '../../services/contracts';
import { locale, t } from './i18n';

export class VisitorCommandError extends Error {
  constructor(readonly error: VisitorError) {
    super(error.message);
  }
}

/** The widget's socket to the hub's /visitor namespace: typed commands with acks, typed pushes. */
export class HubConnection {
  readonly socket: Socket;

  constructor(hubOrigin: string) {
    this.socket = io(`${hubOrigin}/visitor`, { transports: ['websocket', 'polling'], reconnectionDelayMax: 5000 });
  }

  async call<N extends VisitorCommandName>(name: N, input: VisitorCommandInput<N>, timeoutMs = 15_000): Promise<VisitorCommandOutput<N>> {
    const reply = (await this.socket.timeout(timeoutMs).emitWithAck('command', { name, input })) as VisitorReply<VisitorCommandOutput<N>>;
    if (!reply || typeof reply !== 'object') throw new VisitorCommandError({ code: 'internal', message: t('errors.noAnswer') });
    if (!reply.ok) throw new VisitorCommandError(reply.error);
    return reply.data;
  }

  on<N extends VisitorEventName>(name: N, handler: (payload: VisitorEventPayload<N>) => void): void {
    const event: string = name;
    this.socket.on(event, handler as (payload: unknown) => void);
  }
}

export function errorText(error: unknown): string {
  // The hub words its refusals in English (with detail); other languages read the plain sentence for the code.
  if (error instanceof VisitorCommandError) return locale() === 'en' ? error.error.message : t(`errors.byCode.${error.error.code}`);
  if (error instanceof Error && /timed out|timeout/i.test(error.message)) return t('errors.slow');
  return t('errors.generic');
}
