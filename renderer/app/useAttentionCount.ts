import { useEffect } from 'react';
import { useAppSelector } from './hooks';

/** Open offers + unread messages, shown in the window title and (in Electron) on the dock/taskbar badge. */
export function useAttentionCount(): number {
  const count = useAppSelector((s) => s.offers.ids.length + Object.values(s.worklist.unread).reduce((sum, n) => sum + n, 0));
  useEffect(() => {
    document.title = count > 0 ? `(${count}) Switchboard` : 'Switchboard';
    window.switchboardDesktop?.setBadgeCount?.(count);
  }, [count]);
  return count;
}
