import { useSyncExternalStore } from 'react';

/**
 * Until the admin console's shell lands (built alongside), an admin reaches this screen at
 * `#/admin/channels`; the shell replaces this with its own navigation.
 */
export const CHANNELS_HASH = '#/admin/channels';

const subscribe = (notify: () => void) => {
  window.addEventListener('hashchange', notify);
  return () => window.removeEventListener('hashchange', notify);
};

export const useLocationHash = (): string => useSyncExternalStore(subscribe, () => window.location.hash);
