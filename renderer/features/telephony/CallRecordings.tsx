import { useState } from 'react';
import type { VoiceRecording } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useAppSelector, useHubReady } from '../../app/hooks';
import { formatDuration } from '../../common/time';
import { useT } from '../../i18n';
import { useVoiceRecordingsMutation } from '../channels/channelApi';

/** A hub-relative recording link resolved against the hub, refused if it points anywhere else. */
export function recordingSrc(url: string, hubUrl: string): string | null {
  try {
    const hub = new URL(hubUrl);
    const resolved = new URL(url, hub);
    return resolved.origin === hub.origin && resolved.pathname.startsWith('/api/voice/recordings/') ? resolved.href : null;
  } catch {
    return null;
  }
}

/**
 * The recordings and voicemail of a call, played from the hub (which fetches them from Twilio with its own
 * credentials and streams them). Links are asked for when the agent opens the player: they expire.
 */
export function CallRecordings({ conversationId }: Readonly<{ conversationId: number }>) {
  const { t } = useT('telephony');
  const ready = useHubReady();
  const hubUrl = useAppSelector((s) => s.session.session?.hubUrl ?? '');
  const [load, state] = useVoiceRecordingsMutation();
  const [items, setItems] = useState<readonly VoiceRecording[] | null>(null);
  const open = async (): Promise<void> => {
    const result = await load({ conversationId });
    if ('data' in result && result.data) setItems(result.data);
  };
  if (items === null)
    return (
      <div className="tl-recordings">
        <button type="button" className="btn btn-ghost btn-small" disabled={!ready || state.isLoading} onClick={() => void open()}>
          {state.isLoading ? t('recordings.loading') : t('recordings.open')}
        </button>
        {state.error && <p className="inline-error small">{errorText(state.error)}</p>}
      </div>
    );
  if (items.length === 0) return <p className="muted small tl-recordings">{t('recordings.none')}</p>;
  return (
    <ul className="tl-recordings" aria-label={t('recordings.label', { id: conversationId })}>
      {items.map((r) => {
        const src = recordingSrc(r.url, hubUrl);
        const kind = r.kind === 'voicemail' ? t('recordings.voicemail') : t('recordings.recording');
        const label = r.durationS !== null ? t('recordings.withDuration', { kind, duration: formatDuration(r.durationS * 1000) }) : kind;
        return (
          <li key={r.recordingSid} className="small">
            <span>{label}</span>
            {src ? (
              <audio controls preload="none" src={src} aria-label={label} />
            ) : (
              <span className="inline-error"> {t('recordings.unplayable')}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
