import { hubWords } from '../../common/hubWords';
import { useId, useState } from 'react';
import type { CommandOutput } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { formatDuration, useNow } from '../../common/time';
import { useT } from '../../i18n';
import {
  useTelephonyStatusQuery,
  useVoiceCallQuery,
  useVoiceHangupMutation,
  useVoiceHoldMutation,
  useVoiceMuteMutation,
  useVoiceSettingsQuery,
  useVoiceTransferCancelMutation,
  useVoiceTransferCompleteMutation,
} from '../channels/channelApi';
import { MessageList } from '../conversation/MessageList';
import { callPhase, legOver, myLeg, phaseIsLive, phaseLabel } from './callPhase';
import { DialPad } from './DialPad';
import { Keypad } from './Keypad';
import { useSoftphone, useSoftphoneState } from './softphone/SoftphoneHost';
import { warningWords } from './softphone/softphoneSlice';
import { VoiceTransferDialog } from './VoiceTransferDialog';

type Loaded = CommandOutput<'conversation/get'>;

/**
 * The call behind a voice conversation: its state as Twilio's status callbacks report it (voice/call, kept
 * fresh by the push), the audio on this computer's softphone, and the controls: answer, mute (the
 * microphone here and the conference leg), hold and transfer (through the conference), tones, hang up.
 * When telephony is not configured, every control says why (telephony/status).
 */
export function VoicePane({ data, agentId = null }: Readonly<{ data: Loaded; agentId?: number | null }>) {
  const { t } = useT('telephony');
  const ready = useHubReady();
  const now = useNow();
  const reasonId = useId();
  const conversationId = data.conversation.id;
  const telephony = useTelephonyStatusQuery(undefined, { skip: !ready });
  const voiceOk = telephony.data?.voice.ok === true;
  const call = useVoiceCallQuery(conversationId, { skip: !ready || !voiceOk });
  const settings = useVoiceSettingsQuery(undefined, { skip: !ready || !voiceOk });
  const softphone = useSoftphone();
  const phone = useSoftphoneState();
  const [hold, holdState] = useVoiceHoldMutation();
  const [mute, muteState] = useVoiceMuteMutation();
  const [hangup, hangupState] = useVoiceHangupMutation();
  const [complete, completeState] = useVoiceTransferCompleteMutation();
  const [cancel, cancelState] = useVoiceTransferCancelMutation();
  const [panel, setPanel] = useState<'none' | 'dialpad' | 'keypad' | 'transfer'>('none');

  const reason = telephony.error
    ? t('reason.unavailable', { error: errorText(telephony.error) })
    : telephony.data && !telephony.data.voice.ok
      ? // The hub's detail is a sentence of its own: its full stop is not doubled.
        t('reason.notOnHub', { detail: hubWords(telephony.data.voice.detail).replace(/\.+$/, '') })
      : call.error
        ? t('reason.noState', { error: errorText(call.error) })
        : !telephony.data
          ? t('reason.checking')
          : null;
  const state = call.data;
  const me = state ? myLeg(state, agentId) : undefined;
  // The softphone's call is this conversation's when it is the leg the hub rang for this agent.
  const myPhone = phone.call && me && phone.call.callSid === me.callSid ? phone.call : null;
  const phase = reason ? 'waiting' : callPhase(state, agentId, myPhone);
  const customer = state?.legs.find((l) => l.role === 'caller' || l.role === 'outbound');
  const holding = data.conversation.state === 'active';
  const busy = holdState.isLoading || muteState.isLoading || hangupState.isLoading || completeState.isLoading || cancelState.isLoading;
  const live = ready && reason === null && holding && phaseIsLive(phase);
  const muted = (me?.muted ?? false) || (myPhone?.muted ?? false);
  const started = me?.startedAt ?? customer?.startedAt ?? data.conversation.createdAt;
  const stopped = phase === 'ended' ? (customer?.endedAt ?? me?.endedAt ?? now) : phase === 'left' ? (me?.endedAt ?? now) : null;
  const error = holdState.error ?? muteState.error ?? hangupState.error ?? completeState.error ?? cancelState.error;
  const myConsult = state?.consultAgentId !== null && state?.consultAgentId !== undefined && state.consultAgentId !== agentId && holding;
  const canAnswer = !!softphone && myPhone?.status === 'ringing';
  const toneKeys = !!softphone && myPhone?.status === 'open' && live;
  const where =
    settings.data && settings.data.leg !== 'softphone'
      ? t('where.address', { address: settings.data.address })
      : phone.device.status === 'registered'
        ? t('where.softphone')
        : phone.device.status === 'failed'
          ? t('where.failed', { detail: phone.device.detail ?? t('where.notStarted') })
          : phone.device.status === 'off'
            ? t('where.off')
            : t('where.connecting');

  const setMuted = (next: boolean): void => {
    // The microphone stops here at once; the conference leg follows so the state is the same everywhere.
    if (myPhone) softphone?.mute(next);
    void mute({ conversationId, muted: next });
  };
  const hangUp = async (): Promise<void> => {
    const result = await hangup({ conversationId });
    if (!('error' in result)) softphone?.hangUp();
  };

  return (
    <div className="pane pane-voice">
      <div className={`call-card call-${phase}`}>
        <div className="call-state">
          <span className={`call-dot call-dot-${phase}`} aria-hidden="true" />
          <span className="call-label" role="status">
            {reason ? t('call') : phase === 'in_progress' && muted ? t('phase.mutedInProgress') : t(phaseLabel[phase])}
          </span>
          <span className="mono call-timer" aria-label={t('duration')}>
            {formatDuration(Math.max(0, (stopped ?? now) - started))}
          </span>
        </div>
        {phone.warnings.length > 0 && myPhone && (
          <ul className="call-warnings" aria-label={t('quality')}>
            {phone.warnings.map((w) => (
              <li key={w} className="banner banner-warn small">
                {warningWords(w)}
              </li>
            ))}
          </ul>
        )}
        {phone.error && myPhone && (
          <p className="inline-error small" role="alert">
            {phone.error}
          </p>
        )}
        <div className="call-controls" role="toolbar" aria-label={t('controls')}>
          {canAnswer && (
            <button type="button" className="btn btn-accept" onClick={() => softphone.answer()}>
              {t('answer')}
            </button>
          )}
          <button
            type="button"
            className={`btn${muted ? ' btn-on' : ''}`}
            aria-pressed={muted}
            disabled={!live || busy || !me || legOver(me)}
            aria-describedby={reasonId}
            onClick={() => setMuted(!muted)}
          >
            {muted ? t('unmute') : t('mute')}
          </button>
          <button
            type="button"
            className={`btn${phase === 'on_hold' ? ' btn-on' : ''}`}
            aria-pressed={phase === 'on_hold'}
            disabled={!live || busy || phase === 'consulting' || phase === 'dialling'}
            aria-describedby={reasonId}
            onClick={() => void hold({ conversationId, hold: phase !== 'on_hold' })}
          >
            {phase === 'on_hold' ? t('resume') : t('hold')}
          </button>
          <button
            type="button"
            className="btn"
            disabled={!live || busy || phase === 'consulting'}
            aria-describedby={reasonId}
            onClick={() => setPanel('transfer')}
          >
            {t('transferCall')}
          </button>
          {toneKeys ? (
            <button
              type="button"
              className="btn"
              aria-expanded={panel === 'keypad'}
              onClick={() => setPanel(panel === 'keypad' ? 'none' : 'keypad')}
            >
              {t('keypad')}
            </button>
          ) : (
            <button
              type="button"
              className="btn"
              aria-expanded={panel === 'dialpad'}
              // Calling out is for a conversation with no call on it (a voicemail to call back, an ended call).
              disabled={!ready || reason !== null || !(phase === 'idle' || phase === 'ended')}
              aria-describedby={reasonId}
              onClick={() => setPanel(panel === 'dialpad' ? 'none' : 'dialpad')}
            >
              {t('dialPad')}
            </button>
          )}
          <button
            type="button"
            className="btn btn-danger"
            disabled={!live || busy}
            aria-describedby={reasonId}
            onClick={() => void hangUp()}
          >
            {t('hangUp')}
          </button>
        </div>
        {myConsult && (
          <div className="call-consult" role="group" aria-label={t('warmTransfer')}>
            <span className="small">{t('consulting', { agent: state?.consultAgentId })}</span>
            <button type="button" className="btn btn-small btn-primary" disabled={busy} onClick={() => void complete({ conversationId })}>
              {t('completeTransfer')}
            </button>
            <button type="button" className="btn btn-small" disabled={busy} onClick={() => void cancel({ conversationId })}>
              {t('backToCaller')}
            </button>
          </div>
        )}
        <p id={reasonId} className={reason ? 'banner banner-info' : 'muted small'}>
          {reason ??
            (phase === 'ended'
              ? data.conversation.state === 'wrap_up'
                ? t('ended.wrapUp')
                : t('ended.plain')
              : phase === 'left'
                ? t('ended.left')
                : where)}
        </p>
        {error && (
          <p className="inline-error small" role="alert">
            {errorText(error)}
          </p>
        )}
        {panel === 'keypad' && toneKeys && <Keypad onDigit={(d) => softphone.sendDigits(d)} />}
        {panel === 'dialpad' && (phase === 'idle' || phase === 'ended') && <DialPad conversationId={conversationId} />}
      </div>
      {panel === 'transfer' && <VoiceTransferDialog conversationId={conversationId} onClose={() => setPanel('none')} />}
      <MessageList messages={data.messages} customerName={data.customer.displayName} showDelivery={false} />
    </div>
  );
}
