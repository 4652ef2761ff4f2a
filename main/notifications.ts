import type { NotificationTarget, NotifyInput } from '../services/contracts';
import type { ElectronLike } from './electronLike';

/**
 * A native notification (the renderer asks for one on a new offer). Clicking it brings the window forward and
 * tells the renderer which conversation to show. Returns false where the OS has no notifications.
 */
export function showNotification(
  electron: Pick<ElectronLike, 'Notification'>,
  input: NotifyInput,
  onClick: (target: NotificationTarget | null) => void,
  icon?: string,
): boolean {
  if (!electron.Notification.isSupported()) return false;
  const notification = new electron.Notification({
    title: input.title,
    body: input.body,
    silent: input.silent ?? false,
    ...(icon ? { icon } : {}),
  });
  notification.on('click', () => onClick(input.target ?? null));
  notification.show();
  return true;
}
