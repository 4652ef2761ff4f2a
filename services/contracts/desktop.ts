import { z } from 'zod';
import { LoginResponse } from './commands';
import { AgentState } from './domain';

/**
 * The desktop bridge: what the Electron preload exposes to the renderer as `window.switchboardDesktop`.
 * One function per desktop-native call, no generic send. Every input crosses a process boundary, so main
 * re-validates it with the schemas below (the renderer is treated as hostile).
 */

/** IPC channel names; main and the preload both use these (never a string literal). */
export const desktopChannels = {
  notify: 'desktop:notify',
  setStatus: 'desktop:set-status',
  openExternal: 'desktop:open-external',
  getHubConnection: 'desktop:get-hub-connection',
  setHubConnection: 'desktop:set-hub-connection',
  drainDeepLinks: 'desktop:drain-deep-links',
  completeSetup: 'setup:complete',
  // main -> renderer pushes
  deepLink: 'desktop:deep-link',
  focusConversation: 'desktop:focus-conversation',
} as const;

const shortText = (max: number) => z.string().max(max);

/** Where a notification click takes the agent. */
export const NotificationTarget = z
  .object({ conversationId: z.number().int().positive(), offerId: z.string().min(1).max(128).optional() })
  .strict();
export type NotificationTarget = z.infer<typeof NotificationTarget>;

export const NotifyInput = z
  .object({
    title: shortText(120).min(1),
    body: shortText(400),
    /** Present for offers: a click focuses the window and this conversation. */
    target: NotificationTarget.optional(),
    silent: z.boolean().optional(),
  })
  .strict();
export type NotifyInput = z.infer<typeof NotifyInput>;

/** Tray text and badge: the agent's state and how many items wait in the agent's queues. */
export const DesktopStatus = z.object({ state: AgentState, waiting: z.number().int().min(0).max(1_000_000) }).strict();
export type DesktopStatus = z.infer<typeof DesktopStatus>;

const isLoopbackHost = (host: string): boolean => host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);

// Parsed by hand: contracts are pure TS (no URL global in every runtime that compiles them).
const originPattern = /^(https?):\/\/(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(\d{1,5}))?\/?$/i;

/**
 * A remote hub (team mode), normalised to its origin. https, or http only on loopback: agents' session tokens
 * and customer data travel on this connection. No credentials, path, query or fragment.
 */
export const RemoteHubUrl = z
  .string()
  .trim()
  .max(2048)
  .transform((text, ctx) => {
    const match = originPattern.exec(text);
    if (!match) {
      ctx.addIssue({ code: 'custom', message: 'give only the hub address, e.g. https://hub.example.com (no user, path or query)' });
      return z.NEVER;
    }
    const scheme = match[1]!.toLowerCase();
    const host = match[2]!.toLowerCase();
    const port = match[3] === undefined ? null : Number(match[3]);
    if (port !== null && (port < 1 || port > 65535)) {
      ctx.addIssue({ code: 'custom', message: 'port out of range' });
      return z.NEVER;
    }
    if (scheme === 'http' && !isLoopbackHost(host)) {
      ctx.addIssue({ code: 'custom', message: 'the hub URL must use https (http only for localhost)' });
      return z.NEVER;
    }
    const defaultPort = scheme === 'https' ? 443 : 80;
    return `${scheme}://${host}${port === null || port === defaultPort ? '' : `:${port}`}`;
  });

export const HubConnectionSetting = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('embedded') }).strict(),
  z.object({ mode: z.literal('remote'), url: RemoteHubUrl }).strict(),
]);
export type HubConnectionSetting = z.output<typeof HubConnectionSetting>;
export type HubConnectionSettingInput = z.input<typeof HubConnectionSetting>;

/** What the renderer needs to reach its hub; `session` is set when the desktop signed the agent in itself. */
export const HubConnection = z.object({
  mode: z.enum(['embedded', 'remote']),
  url: z.string(),
  session: LoginResponse.nullable(),
});
export type HubConnection = z.infer<typeof HubConnection>;

export const SetHubConnectionResult = z.object({ restarting: z.boolean() });
export type SetHubConnectionResult = z.infer<typeof SetHubConnectionResult>;

export const ExternalUrl = z.string().max(2048);
export type ExternalUrl = z.infer<typeof ExternalUrl>;

/** E.164 as libphonenumber-js formats it. */
export const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'E.164 phone number');

/** An outbound contact requested through a tel:, sms: or mailto: link (already parsed and validated by main). */
export const DeepLink = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('call'), to: E164 }).strict(),
  z.object({ kind: z.literal('sms'), to: z.array(E164).min(1).max(10), body: shortText(1600) }).strict(),
  z
    .object({
      kind: z.literal('email'),
      to: z.array(z.string().email()).max(50),
      cc: z.array(z.string().email()).max(50),
      bcc: z.array(z.string().email()).max(50),
      subject: shortText(998),
      body: shortText(100_000),
    })
    .strict(),
]);
export type DeepLink = z.infer<typeof DeepLink>;

/** First run of the embedded hub: the administrator account to create. */
export const SetupInput = z
  .object({
    username: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[^\s]+$/, 'no spaces in the user name'),
    password: z.string().min(8, 'at least 8 characters').max(256),
  })
  .strict();
export type SetupInput = z.infer<typeof SetupInput>;

export type Unsubscribe = () => void;

/** `window.switchboardDesktop` (absent in a plain browser: feature-detect it). */
export type DesktopBridge = Readonly<{
  notify(input: NotifyInput): Promise<void>;
  setStatus(status: DesktopStatus): Promise<void>;
  /** Opens an https link in the system browser if its host is on the allow-list; resolves whether it did. */
  openExternal(url: ExternalUrl): Promise<boolean>;
  getHubConnection(): Promise<HubConnection>;
  /** Saves the choice and restarts the desktop onto it. */
  setHubConnection(setting: HubConnectionSettingInput): Promise<SetHubConnectionResult>;
  /** Receives tel:/sms:/mailto: links, including any that arrived before the renderer subscribed. */
  onDeepLink(listener: (link: DeepLink) => void): Unsubscribe;
  /** A notification was clicked: show this conversation (or offer). */
  onFocusConversation(listener: (target: NotificationTarget) => void): Unsubscribe;
}>;

/** `window.switchboardSetup`, only on the first-run page. */
export type SetupBridge = Readonly<{
  completeSetup(input: SetupInput): Promise<{ ok: true } | { ok: false; message: string }>;
}>;

export const desktopBridgeName = 'switchboardDesktop';
export const setupBridgeName = 'switchboardSetup';
