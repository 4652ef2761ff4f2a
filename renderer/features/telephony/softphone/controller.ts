import type { VoiceDeviceOptions } from '../../../../services/contracts';
import { i18n } from '../../../i18n';
import type { DeviceFactory, SoftphoneCall, SoftphoneDevice } from './device';
import {
  callCleared,
  callFailed,
  callMuted,
  callRinging,
  callStatusChanged,
  deviceChanged,
  devicesListed,
  inputChosen,
  outputChosen,
  warningCleared,
  warningRaised,
  type AudioDevice,
} from './softphoneSlice';

type Dispatch = (action: { type: string; payload?: unknown }) => unknown;
export type VoiceToken = Readonly<{ token: string; expiresAt: number; device: VoiceDeviceOptions }>;

/** SDK error codes that mean the microphone could not be used. */
const MIC_ERRORS = new Set([31401, 31402, 31208]);

/** Words in the desk's language at the moment the problem happens (the store keeps the sentence). */
const say = (key: string, values: Record<string, unknown> = {}): string => i18n.t(key, { ns: 'telephony/softphone', ...values });

function errorWords(error: { code?: number; message?: string; explanation?: string }): string {
  if (error.code !== undefined && MIC_ERRORS.has(error.code)) return say('error.microphone');
  if (error.code === 31205) return say('error.expired');
  if (error.code === 31204 || error.code === 20101) return say('error.badToken');
  if (error.code === 53000 || error.code === 31005 || error.code === 31009) return say('error.lostTwilio');
  if (error.code === 53405 || error.code === 31003) return say('error.media');
  // The SDK's own explanation is English only; it is still more use than a vague sentence.
  return error.explanation ?? error.message ?? say('error.other');
}

const listOf = (devices: ReadonlyMap<string, MediaDeviceInfo>): AudioDevice[] =>
  [...devices.values()].map((d, i) => ({
    id: d.deviceId,
    label: d.label || (d.deviceId === 'default' ? say('systemDefault') : say('deviceN', { n: i + 1 })),
  }));

/**
 * Owns the Voice SDK Device and the current Call for this desk: registers with the hub's token (renewed
 * on tokenWillExpire), turns SDK events into store events, and carries out what the agent asks (answer,
 * mute, digits, hang up, audio devices). One per signed-in desk; `stop()` unregisters and releases it.
 */
export class SoftphoneController {
  private device: SoftphoneDevice | null = null;
  private call: SoftphoneCall | null = null;
  private stopped = false;

  constructor(
    private readonly dispatch: Dispatch,
    private readonly fetchToken: () => Promise<VoiceToken>,
    private readonly factory: DeviceFactory,
  ) {}

  async start(): Promise<void> {
    this.dispatch(deviceChanged({ status: 'starting' }));
    try {
      const first = await this.fetchToken();
      if (this.stopped) return;
      const device = await this.factory(first.token, first.device, Math.max(0, first.expiresAt - Date.now()));
      if (this.stopped) return device.destroy();
      this.device = device;
      this.wire(device);
      this.listDevices();
      await device.register();
    } catch (error) {
      if (this.stopped) return;
      this.dispatch(deviceChanged({ status: 'failed', detail: errorWords(error as { message?: string }) }));
    }
  }

  stop(): void {
    this.stopped = true;
    this.call?.disconnect();
    this.device?.destroy();
    this.device = null;
    this.call = null;
    this.dispatch(deviceChanged({ status: 'off' }));
  }

  private wire(device: SoftphoneDevice): void {
    device.on('registering', () => this.dispatch(deviceChanged({ status: 'registering' })));
    device.on('registered', () => this.dispatch(deviceChanged({ status: 'registered' })));
    device.on('unregistered', () => {
      if (!this.stopped) this.dispatch(deviceChanged({ status: 'unregistered', detail: say('detail.unreachable') }));
    });
    device.on('error', (error) => {
      this.dispatch(callFailed(errorWords(error)));
      if (error.code === 31205) void this.renewToken();
    });
    device.on('tokenWillExpire', () => void this.renewToken());
    device.on('incoming', (call) => this.onIncoming(call));
    device.audio?.on('deviceChange', () => this.listDevices());
  }

  private async renewToken(): Promise<void> {
    try {
      const next = await this.fetchToken();
      this.device?.updateToken(next.token);
    } catch (error) {
      this.dispatch(
        deviceChanged({ status: 'failed', detail: say('detail.renewFailed', { error: errorWords(error as { message?: string }) }) }),
      );
    }
  }

  private onIncoming(call: SoftphoneCall): void {
    // One call at a time on this desk: a second ring while talking is refused (the hub requeues or retries).
    if (this.call && this.call.status() !== 'closed') return call.reject();
    this.call = call;
    const callSid = call.parameters.CallSid ?? '';
    this.dispatch(callRinging({ callSid, from: call.parameters.From ?? '' }));
    const closed = (ended: 'hangup' | 'cancel' | 'reject' | 'error') => () => {
      this.dispatch(callStatusChanged({ callSid, status: 'closed', ended }));
      if (this.call === call) this.call = null;
    };
    call.on('accept', () => this.dispatch(callStatusChanged({ callSid, status: 'open' })));
    call.on('reconnecting', () => this.dispatch(callStatusChanged({ callSid, status: 'reconnecting' })));
    call.on('reconnected', () => this.dispatch(callStatusChanged({ callSid, status: 'open' })));
    call.on('disconnect', closed('hangup'));
    call.on('cancel', closed('cancel'));
    call.on('reject', closed('reject'));
    call.on('error', ((error: { code?: number; message?: string }) => {
      this.dispatch(callFailed(errorWords(error)));
    }) as (...args: unknown[]) => void);
    call.on('mute', ((muted: boolean) => this.dispatch(callMuted({ callSid, muted }))) as (...args: unknown[]) => void);
    call.on('warning', (name) => this.dispatch(warningRaised(name)));
    call.on('warning-cleared', (name) => this.dispatch(warningCleared(name)));
  }

  answer(): void {
    const call = this.call;
    if (!call || call.status() !== 'pending') return;
    this.dispatch(callStatusChanged({ callSid: call.parameters.CallSid ?? '', status: 'connecting' }));
    call.accept({ rtcConstraints: { audio: true } });
  }

  decline(): void {
    this.call?.reject();
  }

  /** Local mute: the microphone stops at once (the hub mutes the conference leg too; see VoicePane). */
  mute(muted: boolean): void {
    this.call?.mute(muted);
  }

  sendDigits(digits: string): void {
    this.call?.sendDigits(digits);
  }

  hangUp(): void {
    this.call?.disconnect();
  }

  dismiss(): void {
    this.dispatch(callCleared());
  }

  async chooseInput(id: string): Promise<void> {
    await this.device?.audio?.setInputDevice(id);
    this.dispatch(inputChosen(id));
  }

  async chooseOutput(id: string): Promise<void> {
    const audio = this.device?.audio;
    if (audio?.isOutputSelectionSupported) {
      await audio.speakerDevices.set(id);
      await audio.ringtoneDevices.set(id);
    }
    this.dispatch(outputChosen(id));
  }

  listDevices(): void {
    const audio = this.device?.audio;
    if (!audio) return;
    this.dispatch(
      devicesListed({
        inputs: listOf(audio.availableInputDevices),
        outputs: listOf(audio.availableOutputDevices),
        outputSelectable: audio.isOutputSelectionSupported,
      }),
    );
  }
}
