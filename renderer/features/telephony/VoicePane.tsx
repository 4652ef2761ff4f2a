import { useId, useState } from 'react';
import type { CallLeg, CallState, CommandOutput } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { formatDuration, useNow } from '../../common/time';
import {
  useTelephonyStatusQuery,
  useVoiceCallQuery,
  useVoiceHangupMutation,
  useVoiceHoldMutation,
  useVoiceMuteMutation,
} from '../channels/channelApi';
import { MessageList } from '../conversation/MessageList';
import { DialPad } from './DialPad';
import { VoiceTransferDialog } from './VoiceTransferDialog';

type Loaded = CommandOutput<'conversation/get'>;

const LIVE = new Set(['queued', 'initiated', 'ringing', 'in-progress', 'answered', 'joined']);
const isLive = (leg: CallLeg | undefined): boolean => !!leg && leg.endedAt === null && LIVE.has(leg.status);

/** What the agent sees about the call, in words. */
export function callSummary(call: CallState | undefined, agentId: number | null): string {
  if (!call) return 'Waiting for the call…';
  const caller = call.legs.find((l) => l.role === 'caller' || l.role === 'outbound');
  const agent =
    call.legs.find((l) => l.role === 'agent' && (agentId === null || l.agentId === agentId)) ?? call.legs.find((l) => l.role === 'agent');
  if (caller?.endedAt !== null && caller?.endedAt !== undefined) return 'Call ended';
  if (call.consultAgentId !== null) return `Consulting agent #${call.consultAgentId}; the caller is on hold`;
  if (caller?.onHold) return 'Caller on hold';
  if (agent && !isLive(agent)) return agent.status === 'ringing' ? 'Ringing your softphone…' : `Your leg: ${agent.status}`;
  if (agent?.muted) return 'Connected (you are muted)';
  return caller ? 'Connected' : 'Connecting…';
}

/**
 * Call state from voice/call (kept fresh by the voice/call push) and the controls: hold, mute, transfer,
 * dial pad, hang up. When telephony is not configured, every control says why (telephony/status).
 */
export function VoicePane({ data, agentId = null }: Readonly<{ data: Loaded; agentId?: number | null }>) {
  const ready = useHubReady();
  const now = useNow();
  const reasonId = useId();
  const conversationId = data.conversation.id;
  const telephony = useTelephonyStatusQuery(undefined, { skip: !ready });
  const voiceOk = telephony.data?.voice.ok === true;
  const call = useVoiceCallQuery(conversationId, { skip: !ready || !voiceOk });
  const [hold, holdState] = useVoiceHoldMutation();
  const [mute, muteState] = useVoiceMuteMutation();
  const [hangup, hangupState] = useVoiceHangupMutation();
  const [panel, setPanel] = useState<'none' | 'dialpad' | 'transfer'>('none');

  const reason = telephony.error
    ? `Calling is not available: ${errorText(telephony.error)}`
    : telephony.data && !telephony.data.voice.ok
      ? `Calling is not available on this hub: ${telephony.data.voice.detail}.`
      : call.error
        ? `No call state: ${errorText(call.error)}`
        : !telephony.data
          ? 'Checking whether calling is set up…'
          : null;
  const state = call.data;
  const caller = state?.legs.find((l) => l.role === 'caller' || l.role === 'outbound');
  const agentLeg = state?.legs.find((l) => l.role === 'agent' && (agentId === null || l.agentId === agentId));
  const ended = caller ? caller.endedAt !== null : false;
  const busy = holdState.isLoading || muteState.isLoading || hangupState.isLoading;
  const usable = ready && reason === null && !!state && !ended && data.conversation.state === 'active';
  const started = agentLeg?.startedAt ?? caller?.startedAt ?? data.conversation.createdAt;
  const stopped = caller?.endedAt ?? null;
  const error = holdState.error ?? muteState.error ?? hangupState.error;

  return (
    <div className="pane pane-voice">
      <div className="call-card">
        <div className="call-state">
          <span className="call-label" role="status">
            {reason ? (data.conversation.state === 'active' ? 'Call' : 'Call') : callSummary(state, agentId)}
          </span>
          <span className="mono call-timer">{formatDuration((stopped ?? now) - started)}</span>
        </div>
        <div className="call-controls" role="toolbar" aria-label="Call controls">
          <button
            type="button"
            className={`btn${agentLeg?.muted ? ' btn-on' : ''}`}
            aria-pressed={agentLeg?.muted ?? false}
            disabled={!usable || busy || !agentLeg}
            aria-describedby={reasonId}
            onClick={() => void mute({ conversationId, muted: !agentLeg?.muted })}
          >
            {agentLeg?.muted ? 'Unmute' : 'Mute'}
          </button>
          <button
            type="button"
            className={`btn${caller?.onHold ? ' btn-on' : ''}`}
            aria-pressed={caller?.onHold ?? false}
            disabled={!usable || busy}
            aria-describedby={reasonId}
            onClick={() => void hold({ conversationId, hold: !caller?.onHold })}
          >
            {caller?.onHold ? 'Resume' : 'Hold'}
          </button>
          <button type="button" className="btn" disabled={!usable || busy} aria-describedby={reasonId} onClick={() => setPanel('transfer')}>
            Transfer call
          </button>
          <button
            type="button"
            className="btn"
            aria-expanded={panel === 'dialpad'}
            disabled={!ready || reason !== null}
            aria-describedby={reasonId}
            onClick={() => setPanel(panel === 'dialpad' ? 'none' : 'dialpad')}
          >
            Dial pad
          </button>
          <button
            type="button"
            className="btn btn-danger"
            disabled={!usable || busy}
            aria-describedby={reasonId}
            onClick={() => void hangup({ conversationId })}
          >
            Hang up
          </button>
        </div>
        <p id={reasonId} className={reason ? 'banner banner-info' : 'muted small'}>
          {reason ??
            'Controls act on the call through the hub. Audio needs the Twilio Voice SDK softphone, which this desk does not bundle yet: answer on the phone or client the hub rings.'}
        </p>
        {state?.recordingUrl && <p className="small">Recording stored on the hub.</p>}
        {error && (
          <p className="inline-error small" role="alert">
            {errorText(error)}
          </p>
        )}
        {panel === 'dialpad' && <DialPad conversationId={conversationId} />}
      </div>
      {panel === 'transfer' && <VoiceTransferDialog conversationId={conversationId} onClose={() => setPanel('none')} />}
      <MessageList messages={data.messages} customerName={data.customer.displayName} showDelivery={false} />
    </div>
  );
}
