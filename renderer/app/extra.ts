import type { HubLinkListener, HubTransport } from './hubClient';

/** Opens a hub connection; the store gets the socket.io one, component tests an in-memory one. */
export type HubConnector = (hubUrl: string, token: string, listener: HubLinkListener) => HubTransport;

/** Thunk/baseQuery extra argument: the live link to the hub (null when signed out). */
export type StoreExtra = Readonly<{
  link: { current: HubTransport | null };
  connect: HubConnector;
  /** HTTP for sign-in/out; window.fetch in the app. */
  fetch: typeof fetch;
}>;
