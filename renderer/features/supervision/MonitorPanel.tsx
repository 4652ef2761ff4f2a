import { useEffect, useState } from 'react';
import type { Conversation, Message } from '../../../services/contracts';
import { errorText, useConversationGetQuery } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { ChannelBadge } from '../../common/ChannelBadge';
import { MessageList } from '../conversation/MessageList';
import { repliesClosedReason } from '../conversation/messageLines';
import {
  useBargeMutation,
  useMonitorMutation,
  useTelephonyStatusQuery,
  useVoiceMonitorMutation,
  useWhisperMutation,
} from './supervisionApi';
import { i18n, useT } from '../../i18n';

/**
 * Silent monitor: joins the conversation's monitor room (the agent is not told) and shows its messages
 * read-only as they arrive. Whisper = a note only the agent sees; barge = a message to the customer.
 * Voice goes through the conference (listen / coach / barge) when telephony is configured.
 */
export function MonitorPanel({ conversationId, onClose }: Readonly<{ conversationId: number; onClose: () => void }>) {
  const ready = useHubReady();
  const [monitor] = useMonitorMutation();
  const [joined, setJoined] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { t } = useT('supervision');
  useEffect(() => {
    let live = true;
    setJoined(false);
    const join = async (): Promise<void> => {
      try {
        await monitor({ conversationId, on: true }).unwrap();
        if (live) setJoined(true);
      } catch (e) {
        if (live) setError(errorText(e));
      }
    };
    void join();
    return () => {
      live = false;
      void monitor({ conversationId, on: false });
    };
  }, [conversationId, monitor, ready]);
  // Read after joining the monitor room, so nothing sent in between is missed; pushes then patch this cache.
  const { data } = useConversationGetQuery(conversationId, { skip: !joined });
  const customer = data?.customer.displayName ?? t('monitor.customer');
  const channel = data?.conversation.channel;

  return (
    <section className="sv-panel sv-monitor" aria-labelledby="sv-monitor-title">
      <header className="sv-panel-head">
        <h2 id="sv-monitor-title">
          {t('monitor.title', { id: conversationId })} {channel && <ChannelBadge channel={channel} />}{' '}
          <span className="muted small">{customer}</span>
        </h2>
        <button type="button" className="btn btn-small" onClick={onClose}>
          {t('monitor.stop')}
        </button>
      </header>
      {error && (
        <p role="alert" className="inline-error pad">
          {error}
        </p>
      )}
      <p className="muted small pad">{t('monitor.readOnly')}</p>
      <div className="sv-log">
        <MessageList
          messages={data?.messages ?? []}
          customerName={customer}
          showDelivery
          perspective="supervisor"
          label={t('monitor.messages')}
        />
      </div>
      {channel === 'voice' ? (
        <VoiceIntervene conversationId={conversationId} />
      ) : (
        <TextIntervene
          conversationId={conversationId}
          disabled={!ready || !joined}
          {...(data ? interventionLimits(data.conversation, data.messages) : { whisperOff: null, bargeOff: null })}
        />
      )}
    </section>
  );
}

type Limits = Readonly<{ whisperOff: string | null; bargeOff: string | null }>;

/** Which interventions can still apply, with the reason (in the user's language) when one cannot. */
export function interventionLimits(conversation: Conversation, messages: readonly Message[]): Limits {
  const t = i18n.getFixedT(null, 'supervision');
  const state = t(`monitor.state.${conversation.state}`);
  const held = conversation.state === 'active' || conversation.state === 'wrap_up';
  const whisperOff = held ? null : t('monitor.whisperOffReason', { state });
  const closed = repliesClosedReason(conversation, messages);
  const bargeOff = closed ?? (conversation.state === 'active' ? null : t('monitor.bargeOffReason', { state }));
  return { whisperOff, bargeOff };
}

function TextIntervene({
  conversationId,
  disabled,
  whisperOff,
  bargeOff,
}: Readonly<{ conversationId: number; disabled: boolean } & Limits>) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { t } = useT('supervision');
  const [whisper, whisperState] = useWhisperMutation();
  const [barge, bargeState] = useBargeMutation();
  const busy = whisperState.isLoading || bargeState.isLoading;
  const send = async (kind: 'whisper' | 'barge'): Promise<void> => {
    setError(null);
    try {
      if (kind === 'whisper') await whisper({ conversationId, text }).unwrap();
      else await barge({ conversationId, text }).unwrap();
      setText('');
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div className="sv-intervene">
      <label htmlFor="sv-intervene-text" className="small">
        {t('monitor.interveneLabel')}
      </label>
      <textarea id="sv-intervene-text" rows={2} value={text} onChange={(e) => setText(e.target.value)} />
      {error && (
        <p role="alert" className="inline-error">
          {error}
        </p>
      )}
      {[...new Set([whisperOff, bargeOff])].map((reason) =>
        reason === null ? null : (
          <p key={reason} className="muted small" role="note">
            {reason === whisperOff ? t('monitor.bothOff', { reason }) : t('monitor.bargeOff', { reason })}
          </p>
        ),
      )}
      <div className="sv-row">
        <button
          type="button"
          className="btn btn-primary"
          disabled={disabled || busy || text.trim() === '' || whisperOff !== null}
          title={whisperOff ?? undefined}
          onClick={() => void send('whisper')}
        >
          {t('monitor.whisper')}
        </button>
        <button
          type="button"
          className="btn sv-danger"
          disabled={disabled || busy || text.trim() === '' || bargeOff !== null}
          title={bargeOff ?? undefined}
          onClick={() => void send('barge')}
        >
          {t('monitor.barge')}
        </button>
      </div>
    </div>
  );
}

function VoiceIntervene({ conversationId }: Readonly<{ conversationId: number }>) {
  const ready = useHubReady();
  const status = useTelephonyStatusQuery(undefined, { skip: !ready });
  const [voiceMonitor] = useVoiceMonitorMutation();
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<'listen' | 'coach' | 'barge' | null>(null);
  const { t } = useT('supervision');
  const reason = status.error
    ? t('monitor.voiceUnavailable', { detail: errorText(status.error) })
    : status.data && !(status.data.enabled && status.data.voice.ok)
      ? t('monitor.voiceNeedsPhone', { detail: status.data.voice.detail })
      : null;
  const disabled = !ready || !status.data || reason !== null;
  const join = async (mode: 'listen' | 'coach' | 'barge'): Promise<void> => {
    setError(null);
    try {
      await voiceMonitor({ conversationId, mode }).unwrap();
      setMode(mode);
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div className="sv-intervene">
      <div className="sv-row" aria-describedby={reason ? 'sv-voice-reason' : undefined}>
        <button type="button" className="btn" disabled={disabled} onClick={() => void join('listen')}>
          {t('monitor.listen')}
        </button>
        <button type="button" className="btn" disabled={disabled} onClick={() => void join('coach')}>
          {t('monitor.coach')}
        </button>
        <button type="button" className="btn sv-danger" disabled={disabled} onClick={() => void join('barge')}>
          {t('monitor.bargeVoice')}
        </button>
      </div>
      {mode && (
        <p role="status" className="small">
          {t(`monitor.mode.${mode}`)} {t('monitor.softphone')}
        </p>
      )}
      {reason && (
        <p id="sv-voice-reason" className="muted small">
          {reason}
        </p>
      )}
      {error && (
        <p role="alert" className="inline-error">
          {error}
        </p>
      )}
    </div>
  );
}
