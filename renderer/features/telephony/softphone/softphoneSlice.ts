import { createAction, createSlice, type PayloadAction } from '@reduxjs/toolkit';
import { i18n } from '../../../i18n';
import { signedOut } from '../../session/sessionSlice';

/*
 * What the desk's softphone is doing, as plain data (the SDK's Device and Call objects live in the
 * controller, outside the store). Every change arrives as an event from the SDK or from the agent.
 */

export type DeviceStatus = 'off' | 'starting' | 'registering' | 'registered' | 'unregistered' | 'failed';
export type PhoneCallStatus = 'ringing' | 'connecting' | 'open' | 'reconnecting' | 'closed';
export type AudioDevice = Readonly<{ id: string; label: string }>;

export type PhoneCall = Readonly<{
  callSid: string;
  from: string;
  status: PhoneCallStatus;
  muted: boolean;
  /** Why it closed: hung up by either side, cancelled before answering, rejected, or failed. */
  ended: 'hangup' | 'cancel' | 'reject' | 'error' | null;
}>;

export type SoftphoneState = Readonly<{
  device: Readonly<{ status: DeviceStatus; detail: string | null }>;
  call: PhoneCall | null;
  /** SDK warning names active on the call (high-rtt, constant-audio-input-level, …). */
  warnings: readonly string[];
  /** The agent just accepted a voice offer, dialled, or joined a call as supervisor: answer the next ring. */
  expecting: Readonly<{ until: number; why: string }> | null;
  autoAnswer: boolean;
  inputs: readonly AudioDevice[];
  outputs: readonly AudioDevice[];
  outputSelectable: boolean;
  inputId: string;
  outputId: string;
  /** The last call error in words (microphone refused, media failed, …). */
  error: string | null;
}>;

const initialState: SoftphoneState = {
  device: { status: 'off', detail: null },
  call: null,
  warnings: [],
  expecting: null,
  autoAnswer: false,
  inputs: [],
  outputs: [],
  outputSelectable: false,
  inputId: 'default',
  outputId: 'default',
  error: null,
};

/** How long after accepting an offer (or dialling) the next ring on the softphone counts as that call. */
export const EXPECT_MS = 60_000;

export const softphoneSlice = createSlice({
  name: 'softphone',
  initialState,
  reducers: {
    deviceChanged(s, a: PayloadAction<{ status: DeviceStatus; detail?: string | null }>) {
      return { ...s, device: { status: a.payload.status, detail: a.payload.detail ?? null } };
    },
    callRinging(s, a: PayloadAction<{ callSid: string; from: string }>) {
      return {
        ...s,
        call: { callSid: a.payload.callSid, from: a.payload.from, status: 'ringing', muted: false, ended: null },
        warnings: [],
        error: null,
      };
    },
    callStatusChanged(s, a: PayloadAction<{ callSid: string; status: PhoneCallStatus; ended?: PhoneCall['ended'] }>) {
      if (!s.call || s.call.callSid !== a.payload.callSid) return s;
      return {
        ...s,
        call: { ...s.call, status: a.payload.status, ended: a.payload.ended ?? s.call.ended },
        warnings: a.payload.status === 'closed' ? [] : s.warnings,
        // The expected call was answered (or is over): the next ring is a new question.
        expecting: a.payload.status === 'ringing' ? s.expecting : null,
      };
    },
    callMuted(s, a: PayloadAction<{ callSid: string; muted: boolean }>) {
      if (!s.call || s.call.callSid !== a.payload.callSid) return s;
      return { ...s, call: { ...s.call, muted: a.payload.muted } };
    },
    callCleared(s) {
      return { ...s, call: null, warnings: [] };
    },
    warningRaised(s, a: PayloadAction<string>) {
      return s.warnings.includes(a.payload) ? s : { ...s, warnings: [...s.warnings, a.payload] };
    },
    warningCleared(s, a: PayloadAction<string>) {
      return { ...s, warnings: s.warnings.filter((w) => w !== a.payload) };
    },
    callFailed(s, a: PayloadAction<string>) {
      return { ...s, error: a.payload };
    },
    answerExpected(s, a: PayloadAction<{ at: number; why: string }>) {
      return { ...s, expecting: { until: a.payload.at + EXPECT_MS, why: a.payload.why } };
    },
    autoAnswerChanged(s, a: PayloadAction<boolean>) {
      return { ...s, autoAnswer: a.payload };
    },
    devicesListed(s, a: PayloadAction<{ inputs: AudioDevice[]; outputs: AudioDevice[]; outputSelectable: boolean }>) {
      return { ...s, ...a.payload };
    },
    inputChosen(s, a: PayloadAction<string>) {
      return { ...s, inputId: a.payload };
    },
    outputChosen(s, a: PayloadAction<string>) {
      return { ...s, outputId: a.payload };
    },
  },
  extraReducers: (b) => {
    b.addCase(signedOut, () => initialState);
  },
});

export const {
  deviceChanged,
  callRinging,
  callStatusChanged,
  callMuted,
  callCleared,
  warningRaised,
  warningCleared,
  callFailed,
  answerExpected,
  autoAnswerChanged,
  devicesListed,
  inputChosen,
  outputChosen,
} = softphoneSlice.actions;

/** The agent pressed Answer on the ringing softphone (or accepting the offer answered it). */
export const answerPressed = createAction('softphone/answerPressed');

/** Should the ringing softphone pick up by itself? */
export function shouldAutoAnswer(s: SoftphoneState, now: number): boolean {
  if (s.call?.status !== 'ringing') return false;
  return s.autoAnswer || (s.expecting !== null && s.expecting.until > now);
}

/** SDK warning names, each with the catalogue key (namespace 'telephony/softphone') of words an agent can act on. */
export const warningText: Readonly<Record<string, string>> = {
  'high-rtt': 'warning.highRtt',
  'low-mos': 'warning.lowMos',
  'high-jitter': 'warning.highJitter',
  'high-packet-loss': 'warning.packetLoss',
  'high-packets-lost-fraction': 'warning.packetLoss',
  'low-bytes-received': 'warning.lowBytesReceived',
  'low-bytes-sent': 'warning.lowBytesSent',
  'ice-connectivity-lost': 'warning.iceLost',
  'constant-audio-input-level': 'warning.constantInput',
  'constant-audio-output-level': 'warning.constantOutput',
};

/** Translated when shown (the store keeps the SDK's name), so it follows a change of language. */
export function warningWords(name: string): string {
  return i18n.t(warningText[name] ?? 'warning.other', { ns: 'telephony/softphone' });
}
