import { EventEmitter } from 'node:events';
import { configureStore } from '@reduxjs/toolkit';
import { describe, expect, it } from 'vitest';
import type { CallLeg, CallState, VoiceDeviceOptions } from '../../../services/contracts';
import { callPhase } from '../../../renderer/features/telephony/callPhase';
import { SoftphoneController } from '../../../renderer/features/telephony/softphone/controller';
import type { DeviceFactory, SoftphoneAudio, SoftphoneCall, SoftphoneDevice } from '../../../renderer/features/telephony/softphone/device';
import {
  answerExpected,
  autoAnswerChanged,
  shouldAutoAnswer,
  softphoneSlice,
  warningWords,
} from '../../../renderer/features/telephony/softphone/softphoneSlice';

/*
 * The desk's softphone logic against a fake that follows @twilio/voice-sdk's published types and events
 * (Device: registering/registered/unregistered/error/incoming/tokenWillExpire, updateToken; Call: accept,
 * mute, sendDigits, disconnect and its accept/disconnect/cancel/warning events). The real SDK is exercised
 * in tests/e2e/voice-softphone.test.ts against the local signalling stand-in.
 */

class FakeCall extends EventEmitter implements SoftphoneCall {
  state = 'pending';
  muted = false;
  digits: string[] = [];
  accepted = 0;
  constructor(readonly parameters: Record<string, string>) {
    super();
  }
  accept(): void {
    this.accepted += 1;
    this.state = 'open';
    queueMicrotask(() => this.emit('accept', this));
  }
  reject(): void {
    this.state = 'closed';
    this.emit('reject');
  }
  disconnect(): void {
    this.state = 'closed';
    this.emit('disconnect', this);
  }
  mute(shouldMute = true): void {
    this.muted = shouldMute;
    this.emit('mute', shouldMute, this);
  }
  isMuted(): boolean {
    return this.muted;
  }
  sendDigits(d: string): void {
    this.digits.push(d);
  }
  status(): string {
    return this.state;
  }
}

class FakeDevice extends EventEmitter implements SoftphoneDevice {
  tokens: string[] = [];
  destroyed = false;
  readonly audio: SoftphoneAudio = {
    availableInputDevices: new Map([['default', { deviceId: 'default', label: 'Headset mic' } as MediaDeviceInfo]]),
    availableOutputDevices: new Map([['default', { deviceId: 'default', label: '' } as MediaDeviceInfo]]),
    isOutputSelectionSupported: true,
    speakerDevices: { set: async () => undefined, test: async () => undefined },
    ringtoneDevices: { set: async () => undefined },
    setInputDevice: async () => undefined,
    on: () => undefined,
  };
  constructor(token: string) {
    super();
    this.tokens.push(token);
  }
  async register(): Promise<void> {
    this.emit('registering');
    queueMicrotask(() => this.emit('registered'));
  }
  updateToken(token: string): void {
    this.tokens.push(token);
  }
  destroy(): void {
    this.destroyed = true;
  }
}

function harness() {
  const store = configureStore({ reducer: { softphone: softphoneSlice.reducer } });
  let n = 0;
  let device: FakeDevice | undefined;
  const options: VoiceDeviceOptions = { edge: null, signallingHost: null };
  const factory: DeviceFactory = async (token) => (device = new FakeDevice(token));
  const controller = new SoftphoneController(
    store.dispatch,
    async () => ({ token: `token-${++n}`, expiresAt: 0, device: options }),
    factory,
  );
  return { store, controller, device: () => device!, state: () => store.getState().softphone };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('softphone controller (fake SDK Device)', () => {
  it('registers with the hub token and renews it when the SDK says it will expire', async () => {
    const h = harness();
    await h.controller.start();
    await tick();
    expect(h.state().device.status).toBe('registered');
    expect(h.state().inputs).toEqual([{ id: 'default', label: 'Headset mic' }]);
    expect(h.state().outputs).toEqual([{ id: 'default', label: 'System default' }]);
    h.device().emit('tokenWillExpire', h.device());
    await tick();
    expect(h.device().tokens).toEqual(['token-1', 'token-2']);
    h.controller.stop();
    expect(h.device().destroyed).toBe(true);
    expect(h.state().device.status).toBe('off');
  });

  it('rings, answers when the agent accepted the call, mutes, sends digits, reports warnings in words and hangs up', async () => {
    const h = harness();
    await h.controller.start();
    const call = new FakeCall({ CallSid: 'CA1', From: '+15550001111' });
    h.device().emit('incoming', call);
    expect(h.state().call).toMatchObject({ callSid: 'CA1', status: 'ringing' });
    expect(shouldAutoAnswer(h.state(), Date.now())).toBe(false);
    h.store.dispatch(answerExpected({ at: Date.now(), why: 'accepted a call' }));
    expect(shouldAutoAnswer(h.state(), Date.now())).toBe(true);
    // Too late: an expectation older than a minute does not answer a ring.
    expect(shouldAutoAnswer(h.state(), Date.now() + 61_000)).toBe(false);
    h.controller.answer();
    h.controller.answer(); // a second press does nothing
    expect(call.accepted).toBe(1);
    expect(h.state().call?.status).toBe('connecting');
    await tick();
    expect(h.state().call?.status).toBe('open');
    expect(h.state().expecting).toBeNull();

    h.controller.mute(true);
    expect(h.state().call?.muted).toBe(true);
    h.controller.sendDigits('5');
    expect(call.digits).toEqual(['5']);
    call.emit('warning', 'constant-audio-input-level');
    expect(h.state().warnings).toEqual(['constant-audio-input-level']);
    expect(warningWords('constant-audio-input-level')).toMatch(/microphone picks up no sound/);
    call.emit('warning-cleared', 'constant-audio-input-level');
    expect(h.state().warnings).toEqual([]);

    // A second ring while talking is refused.
    const second = new FakeCall({ CallSid: 'CA2' });
    h.device().emit('incoming', second);
    expect(second.status()).toBe('closed');
    expect(h.state().call?.callSid).toBe('CA1');

    h.controller.hangUp();
    expect(h.state().call).toMatchObject({ status: 'closed', ended: 'hangup' });
  });

  it('auto-answer answers every ring; without it a ring the agent did not expect waits', () => {
    const h = harness();
    h.store.dispatch(softphoneSlice.actions.callRinging({ callSid: 'CA9', from: '' }));
    expect(shouldAutoAnswer(h.state(), Date.now())).toBe(false);
    h.store.dispatch(autoAnswerChanged(true));
    expect(shouldAutoAnswer(h.state(), Date.now())).toBe(true);
  });

  it('says why the softphone could not start', async () => {
    const store = configureStore({ reducer: { softphone: softphoneSlice.reducer } });
    const c = new SoftphoneController(
      store.dispatch,
      () => Promise.reject(new Error('voice tokens need config.twilio.apiKey')),
      async () => {
        throw new Error('unreachable');
      },
    );
    await c.start();
    expect(store.getState().softphone.device).toEqual({ status: 'failed', detail: 'voice tokens need config.twilio.apiKey' });
  });
});

const leg = (over: Partial<CallLeg>): CallLeg => ({
  callSid: 'CA',
  role: 'caller',
  agentId: null,
  status: 'in-progress',
  onHold: false,
  muted: false,
  startedAt: 1,
  endedAt: null,
  ...over,
});
const state = (legs: CallLeg[], consultAgentId: number | null = null): CallState => ({
  conversationId: 1,
  conference: 'sb-conv-1',
  legs,
  recordingUrl: null,
  consultAgentId,
});

describe('call pane phase (from the legs as Twilio reported them)', () => {
  const caller = leg({ callSid: 'CAc', status: 'ringing' }); // an inbound caller keeps its first webhook's status
  it('follows ringing, in progress, on hold, consulting and ended', () => {
    expect(callPhase(undefined, 7)).toBe('waiting');
    expect(callPhase(state([caller, leg({ callSid: 'CAa', role: 'agent', agentId: 7, status: 'ringing' })]), 7)).toBe('ringing');
    expect(
      callPhase(state([caller, leg({ callSid: 'CAa', role: 'agent', agentId: 7, status: 'ringing' })]), 7, {
        callSid: 'CAa',
        from: '',
        status: 'connecting',
        muted: false,
        ended: null,
      }),
    ).toBe('answering');
    const agent = leg({ callSid: 'CAa', role: 'agent', agentId: 7 });
    expect(callPhase(state([caller, agent]), 7)).toBe('in_progress');
    expect(callPhase(state([{ ...caller, onHold: true }, agent]), 7)).toBe('on_hold');
    expect(callPhase(state([{ ...caller, onHold: true }, agent, leg({ role: 'consult', agentId: 8 })], 8), 7)).toBe('consulting');
    expect(callPhase(state([leg({ role: 'outbound', status: 'ringing' }), agent]), 7)).toBe('dialling');
    expect(callPhase(state([agent]), 7)).toBe('dialling'); // click-to-call: the customer is dialled after the agent answers
    expect(callPhase(state([leg({ role: 'voicemail', status: 'completed', endedAt: 2 })]), 7)).toBe('idle');
  });

  it('an ended call is ended, never on hold', () => {
    const agent = leg({ callSid: 'CAa', role: 'agent', agentId: 7 });
    expect(callPhase(state([{ ...caller, onHold: true, status: 'completed', endedAt: 5 }, agent]), 7)).toBe('ended');
    expect(callPhase(state([{ ...caller, onHold: true, status: 'completed' }, agent]), 7)).toBe('ended');
    expect(callPhase(state([caller, { ...agent, status: 'completed', endedAt: 5 }]), 7)).toBe('left');
  });
});
