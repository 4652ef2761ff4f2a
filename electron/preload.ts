import { contextBridge, ipcRenderer } from 'electron';
import {
  DeepLink,
  NotificationTarget,
  desktopBridgeName,
  desktopChannels,
  setupBridgeName,
  type DesktopBridge,
  type SetupBridge,
} from '../services/contracts/desktop';

// Sandboxed preload: runs isolated from the page, exposes one function per desktop call and nothing of Electron
// itself (no ipcRenderer, no generic send/invoke). Main validates every argument again.

const deepLinkListeners = new Set<(link: DeepLink) => void>();
let deepLinkSubscribed = false;

async function drainDeepLinks(): Promise<void> {
  const links = (await ipcRenderer.invoke(desktopChannels.drainDeepLinks)) as unknown;
  if (!Array.isArray(links)) return;
  for (const raw of links) {
    const link = DeepLink.safeParse(raw);
    if (!link.success) continue;
    for (const listener of deepLinkListeners) listener(link.data);
  }
}

const desktop: DesktopBridge = {
  notify: async (input) => {
    await ipcRenderer.invoke(desktopChannels.notify, input);
  },
  setStatus: async (status) => {
    await ipcRenderer.invoke(desktopChannels.setStatus, status);
  },
  openExternal: async (url) => (await ipcRenderer.invoke(desktopChannels.openExternal, url)) === true,
  getHubConnection: async () =>
    (await ipcRenderer.invoke(desktopChannels.getHubConnection)) as Awaited<ReturnType<DesktopBridge['getHubConnection']>>,
  setHubConnection: async (setting) =>
    (await ipcRenderer.invoke(desktopChannels.setHubConnection, setting)) as Awaited<ReturnType<DesktopBridge['setHubConnection']>>,
  onDeepLink: (listener) => {
    deepLinkListeners.add(listener);
    if (!deepLinkSubscribed) {
      deepLinkSubscribed = true;
      // Main only signals; the links themselves are collected, so none is lost before anyone listens.
      ipcRenderer.on(desktopChannels.deepLink, () => void drainDeepLinks());
    }
    void drainDeepLinks();
    return () => {
      deepLinkListeners.delete(listener);
    };
  },
  onFocusConversation: (listener) => {
    const handler = (_event: unknown, raw: unknown): void => {
      const target = NotificationTarget.safeParse(raw);
      if (target.success) listener(target.data);
    };
    ipcRenderer.on(desktopChannels.focusConversation, handler);
    return () => {
      ipcRenderer.removeListener(desktopChannels.focusConversation, handler);
    };
  },
};

const setup: SetupBridge = {
  completeSetup: async (input) =>
    (await ipcRenderer.invoke(desktopChannels.completeSetup, input)) as Awaited<ReturnType<SetupBridge['completeSetup']>>,
};

// Each page family sees only its own bridge (main also checks the caller's origin on every call).
if (window.location.protocol === 'app:' && window.location.host === 'setup') {
  contextBridge.exposeInMainWorld(setupBridgeName, setup);
} else {
  contextBridge.exposeInMainWorld(desktopBridgeName, desktop);
}
