import { io, type Socket } from 'socket.io-client';
import {
  HubEvents,
  type CommandInput,
  type CommandOutput,
  type CommandReply,
  type HubCommandName,
  type HubErrorShape,
  type HubEventName,
  type HubEventPayload,
} from '../../services/contracts';
import { i18n } from '../i18n';
import { hubEventNames } from './hubActions';

/** Words this file writes itself (the hub's own messages are shown as the hub sends them). */
const say = (key: string, values: Readonly<Record<string, string>> = {}): string => i18n.t(key, { ns: 'common', ...values });

/** Why the link to the hub is not (yet) usable; drives the banner and disables actions. */
export type LinkStatus = 'connecting' | 'connected' | 'reconnecting' | 'unauthenticated';

export type HubEventHandler = <N extends HubEventName>(name: N, payload: HubEventPayload<N>) => void;

export type HubLinkListener = Readonly<{
  onStatus(status: LinkStatus, detail: string | null): void;
  onEvent: HubEventHandler;
}>;

/**
 * What the store needs from a hub connection. The socket.io implementation is below; component tests
 * pass an in-memory one with the same shape.
 */
export type HubTransport = Readonly<{
  command<N extends HubCommandName>(name: N, input: CommandInput<N>): Promise<CommandReply<CommandOutput<N>>>;
  close(): void;
}>;

const COMMAND_TIMEOUT_MS = 15_000;

/** Built when it happens, so it is in the language in use then. */
export const offlineError = (): HubErrorShape => ({ code: 'internal', message: say('errors.offline') });

/**
 * One socket.io connection on /agent. Pushed events are validated against the contract before they reach
 * the store: a hub from another version must not be able to put malformed state into the UI.
 */
export function connectHub(hubUrl: string, token: string, listener: HubLinkListener): HubTransport {
  const socket: Socket = io(`${hubUrl.replace(/\/+$/, '')}/agent`, {
    auth: { token },
    transports: ['websocket'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    autoConnect: false,
  });

  for (const name of hubEventNames) {
    // The hub ended this session: handled below, as the end of the link rather than as an event.
    if (name === 'session/ended') continue;
    socket.on(name, (payload: unknown) => {
      const parsed = HubEvents[name].safeParse(payload);
      if (!parsed.success) {
        console.warn(`switchboard: ignored malformed "${name}" event from the hub`, parsed.error.issues.slice(0, 3));
        return;
      }
      listener.onEvent(name, parsed.data);
    });
  }
  let ended = false;
  const endSession = (detail: string): void => {
    if (ended) return;
    ended = true;
    socket.close();
    listener.onStatus('unauthenticated', detail);
  };
  socket.on('session/ended', (payload: unknown) => {
    const parsed = HubEvents['session/ended'].safeParse(payload);
    endSession(parsed.success ? parsed.data.message : say('connection.sessionEnded'));
  });
  socket.on('connect', () => listener.onStatus('connected', null));
  socket.on('disconnect', (reason) => {
    // A server-side disconnect is not retried by socket.io; we still want to come back (hub restart).
    if (ended) return;
    if (reason === 'io server disconnect') socket.connect();
    listener.onStatus('reconnecting', describeDisconnect(reason));
  });
  socket.on('connect_error', (error: Error) => {
    if (error.message.startsWith('unauthenticated')) {
      // The hub says why after the prefix (e.g. "Your role was changed; sign in again.") when it knows.
      const why = error.message.replace(/^unauthenticated:\s*/, '');
      endSession(why && why !== 'invalid or expired token' ? why : say('connection.sessionExpired'));
      return;
    }
    listener.onStatus('reconnecting', say('connection.unreachable', { error: error.message }));
  });
  listener.onStatus('connecting', null);
  socket.connect();

  return {
    async command(name, input) {
      if (!socket.connected) return { ok: false, error: offlineError() };
      try {
        return (await socket.timeout(COMMAND_TIMEOUT_MS).emitWithAck('command', { name, input })) as CommandReply<
          CommandOutput<typeof name>
        >;
      } catch {
        return { ok: false, error: { code: 'internal', message: say('errors.timeout') } };
      }
    },
    close() {
      socket.removeAllListeners();
      socket.close();
    },
  };
}

function describeDisconnect(reason: string): string {
  switch (reason) {
    case 'io server disconnect':
      return say('connection.serverClosed');
    case 'transport close':
    case 'transport error':
    case 'ping timeout':
      return say('connection.lost');
    default:
      return say('connection.disconnected', { reason });
  }
}
