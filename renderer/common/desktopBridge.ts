/**
 * What the Electron preload may expose on window.switchboardDesktop. Local until the desktop issue puts a
 * shared bridge type in services/contracts; every member is optional so a plain browser works unchanged.
 */
export type DesktopBridge = Readonly<{
  notify?: (input: Readonly<{ title: string; body: string; tag?: string }>) => void;
  setBadgeCount?: (count: number) => void;
}>;

declare global {
  // Declaration merging with the DOM Window needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    switchboardDesktop?: DesktopBridge;
  }
}

/** A desktop notification through the preload when present, else the browser's (if already permitted). */
export function notifyDesktop(input: Readonly<{ title: string; body: string; tag?: string }>): void {
  const bridge = window.switchboardDesktop;
  if (bridge?.notify) {
    bridge.notify(input);
    return;
  }
  if (typeof Notification !== 'undefined' && Notification.permission === 'granted' && document.hidden) {
    new Notification(input.title, { body: input.body, tag: input.tag });
  }
}

let audio: AudioContext | null = null;

/** A short two-tone chime; no asset to load, and silent where audio is unavailable. */
export function playOfferChime(): void {
  try {
    audio ??= new AudioContext();
    const start = audio.currentTime;
    for (const [i, freq] of [880, 1175].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, start + i * 0.16);
      gain.gain.exponentialRampToValueAtTime(0.15, start + i * 0.16 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.16 + 0.15);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + i * 0.16);
      osc.stop(start + i * 0.16 + 0.16);
    }
  } catch {
    // No audio device or autoplay refused: the toast and the notification still announce the offer.
  }
}
