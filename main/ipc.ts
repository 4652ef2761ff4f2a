import type { z } from 'zod';
import { APP_SCHEME, type AppHost } from './appProtocol';
import type { IpcMainInvokeEventLike, IpcMainLike, WebContentsLike } from './electronLike';

/** Why an IPC call was refused; the message reaches the renderer's rejected promise. */
export class IpcRefused extends Error {
  override readonly name = 'IpcRefused';
}

export type SenderPolicy = Readonly<{
  /** app:// hosts allowed to call (the desktop UI, or the first-run page). */
  hosts: readonly AppHost[];
  /** The web contents must belong to one of our windows. */
  isAppContents: (contents: WebContentsLike) => boolean;
}>;

/**
 * Checks who is calling: the frame must be the top frame of one of our windows, loaded from an allowed app://
 * host. A frame from anywhere else (an iframe showing an e-mail, a page that somehow got navigated to) is refused.
 */
export function checkSender(event: IpcMainInvokeEventLike, policy: SenderPolicy): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'sender frame is gone';
  if (frame.parent !== null) return 'calls from sub-frames are not allowed';
  if (!policy.isAppContents(event.sender)) return 'sender is not an app window';
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return 'sender has no URL';
  }
  if (url.protocol !== `${APP_SCHEME}:` || !policy.hosts.some((host) => host === url.host))
    return `sender ${url.protocol}//${url.host} not allowed`;
  return null;
}

export type RefusalLog = (channel: string, reason: string) => void;

/**
 * `ipcMain.handle` with the two checks every handler needs: the sender (see checkSender) and the input, parsed by
 * a zod schema before the handler sees it. Handlers take one argument (or none, with `z.undefined()`).
 */
export function handleSecure<S extends z.ZodType, R>(
  ipcMain: IpcMainLike,
  channel: string,
  spec: Readonly<{ policy: SenderPolicy; input: S; onRefused?: RefusalLog }>,
  handler: (input: z.output<S>, event: IpcMainInvokeEventLike) => R | Promise<R>,
): void {
  ipcMain.handle(channel, async (event, ...args) => {
    const senderProblem = checkSender(event, spec.policy);
    if (senderProblem) {
      spec.onRefused?.(channel, senderProblem);
      throw new IpcRefused(`${channel}: ${senderProblem}`);
    }
    if (args.length > 1) {
      spec.onRefused?.(channel, 'too many arguments');
      throw new IpcRefused(`${channel}: too many arguments`);
    }
    const parsed = spec.input.safeParse(args[0]);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ');
      spec.onRefused?.(channel, reason);
      throw new IpcRefused(`${channel}: invalid input: ${reason}`);
    }
    return handler(parsed.data, event);
  });
}
