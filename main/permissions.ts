import { APP_SCHEME } from './appProtocol';
import type { PermissionCheckHandler, PermissionRequestHandler, SessionLike } from './electronLike';

/** Compared by scheme and host: Node's URL gives non-special schemes an opaque ("null") origin. */
function fromDesktop(requestingUrl: string | undefined): boolean {
  if (!requestingUrl) return false;
  try {
    const url = new URL(requestingUrl);
    return url.protocol === `${APP_SCHEME}:` && url.host === 'desktop';
  } catch {
    return false;
  }
}

/**
 * Only the desktop UI may ask, and only for notifications, the microphone (the softphone) and choosing the
 * speaker it plays calls on. Camera, screen, geolocation, clipboard, MIDI, HID, etc. are refused; so is
 * everything from any other origin.
 */
export const permissionRequestHandler: PermissionRequestHandler = (_webContents, permission, callback, details) => {
  if (!fromDesktop(details.requestingUrl)) return callback(false);
  if (permission === 'notifications' || permission === 'speaker-selection') return callback(true);
  if (permission === 'media') {
    const types = details.mediaTypes ?? [];
    return callback(types.length > 0 && types.every((type) => type === 'audio'));
  }
  return callback(false);
};

/** Synchronous checks (e.g. `Notification.permission`, enumerating devices) follow the same rule. */
export const permissionCheckHandler: PermissionCheckHandler = (_webContents, permission, requestingOrigin, details) => {
  if (!fromDesktop(requestingOrigin) && !fromDesktop(details.requestingUrl)) return false;
  if (permission === 'notifications' || permission === 'speaker-selection') return true;
  if (permission === 'media') return details.mediaType === 'audio';
  return false;
};

export function installPermissionHandlers(session: SessionLike): void {
  session.setPermissionRequestHandler(permissionRequestHandler);
  session.setPermissionCheckHandler(permissionCheckHandler);
}
