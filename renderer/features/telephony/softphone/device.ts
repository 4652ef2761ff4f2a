import type { VoiceDeviceOptions } from '../../../../services/contracts';

/*
 * The seam between the desk and the Twilio Voice SDK: the few parts of `Device` and `Call` the softphone
 * uses, in the SDK's own names and events (@twilio/voice-sdk 2.x, its published types). The real SDK is
 * loaded by `twilioDevice` (its own chunk of the bundle, fetched when the softphone starts); everything
 * above this file talks to these types only, so the desk logic does not depend on how the SDK is reached.
 */

export type SoftphoneCallEvent = 'accept' | 'disconnect' | 'cancel' | 'reject' | 'error' | 'reconnecting' | 'reconnected' | 'mute';

export type SoftphoneCall = {
  readonly parameters: Readonly<Record<string, string>>;
  accept(options?: { rtcConstraints?: MediaStreamConstraints }): void;
  reject(): void;
  disconnect(): void;
  mute(shouldMute?: boolean): void;
  isMuted(): boolean;
  sendDigits(digits: string): void;
  status(): string;
  on(event: SoftphoneCallEvent, listener: (...args: unknown[]) => void): unknown;
  on(event: 'warning' | 'warning-cleared', listener: (name: string) => void): unknown;
  on(event: 'volume', listener: (input: number, output: number) => void): unknown;
};

export type SoftphoneAudio = {
  readonly availableInputDevices: ReadonlyMap<string, MediaDeviceInfo>;
  readonly availableOutputDevices: ReadonlyMap<string, MediaDeviceInfo>;
  readonly isOutputSelectionSupported: boolean;
  readonly speakerDevices: { set(ids: string | string[]): Promise<void>; test(soundUrl?: string): Promise<void> };
  readonly ringtoneDevices: { set(ids: string | string[]): Promise<void> };
  setInputDevice(id: string): Promise<void>;
  on(event: 'deviceChange', listener: () => void): unknown;
};

export type SoftphoneDevice = {
  readonly audio: SoftphoneAudio | null;
  register(): Promise<void>;
  updateToken(token: string): void;
  destroy(): void;
  on(event: 'registered' | 'unregistered' | 'registering' | 'tokenWillExpire', listener: () => void): unknown;
  on(event: 'error', listener: (error: { code?: number; message?: string; explanation?: string }) => void): unknown;
  on(event: 'incoming', listener: (call: SoftphoneCall) => void): unknown;
};

/** `ttlMs`: how long the first token lives; the refresh margin is taken from it. */
export type DeviceFactory = (token: string, options: VoiceDeviceOptions, ttlMs: number) => Promise<SoftphoneDevice>;

/**
 * Ask for a new token this long before the current one expires (the SDK emits tokenWillExpire then): a
 * minute, or a quarter of a short token's life, so a renewal never lands right after the last one.
 */
export function tokenRefreshMs(ttlMs: number): number {
  return Math.max(1000, Math.min(60_000, Math.floor(ttlMs / 4)));
}

/** The real thing: @twilio/voice-sdk's Device, created with the hub's token and device options. */
export const twilioDevice: DeviceFactory = async (token, options, ttlMs) => {
  const { Device, Call } = await import('@twilio/voice-sdk');
  const local = options.signallingHost !== null;
  const sdkOptions: Record<string, unknown> = {
    codecPreferences: [Call.Codec.Opus, Call.Codec.PCMU],
    tokenRefreshMs: tokenRefreshMs(ttlMs),
    // The agent may be on a call when the next one rings (warm transfer): the desk decides, not the SDK.
    allowIncomingWhileBusy: true,
    // No beforeunload guard: Electron does not ask, it silently refuses to close the window; the hub keeps
    // the call's state, and a desk closed mid-call leaves the conference like a hang-up on that leg.
    closeProtection: false,
    logLevel: 'warn',
    ...(options.edge ? { edge: options.edge } : {}),
    // A local signalling stand-in (tests): no Twilio host is reachable, so insights publishing is off too.
    ...(local ? { chunderw: options.signallingHost, publishEvents: false } : {}),
  };
  // No cast: the SDK's own Device type must satisfy the seam, so an SDK upgrade that changes it fails to compile.
  const device: SoftphoneDevice = new Device(token, sdkOptions);
  return device;
};
