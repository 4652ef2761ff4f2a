import { useEffect, useState } from 'react';
import { formatDuration, useNow } from '../../../common/time';
import { useT } from '../../../i18n';
import { Keypad } from '../Keypad';
import type { SoftphoneController } from './controller';
import { warningWords, type SoftphoneState } from './softphoneSlice';

/**
 * The softphone's own strip while it carries a call, wherever the agent is in the desk (a supervisor
 * listening from the console, a click-to-call with no conversation open): the microphone, tones and
 * leaving the call. The conversation's call pane has the controls that act on the whole call.
 */
export function CallStrip({ controller, state }: Readonly<{ controller: SoftphoneController; state: SoftphoneState }>) {
  const { t } = useT('telephony/softphone');
  const now = useNow();
  const call = state.call;
  const [since, setSince] = useState<number | null>(null);
  const [keypad, setKeypad] = useState(false);
  const on = call !== null && (call.status === 'open' || call.status === 'reconnecting' || call.status === 'connecting');
  useEffect(() => {
    if (call?.status === 'open') setSince((s) => s ?? Date.now());
    if (!call || call.status === 'closed') setSince(null);
  }, [call]);
  useEffect(() => {
    // A finished call stays on the strip for a moment so the agent sees it end, then the strip goes.
    if (call?.status !== 'closed') return;
    // A ring declined or given up by the caller was never a call: nothing to show.
    const timer = setTimeout(() => controller.dismiss(), call.ended === 'reject' || call.ended === 'cancel' ? 0 : 4000);
    return () => clearTimeout(timer);
  }, [call?.status, call?.ended, controller]);
  if (!call || call.status === 'ringing' || (call.status === 'closed' && (call.ended === 'reject' || call.ended === 'cancel'))) return null;
  const label =
    call.status === 'connecting'
      ? t('strip.connecting')
      : call.status === 'reconnecting'
        ? t('strip.reconnecting')
        : call.status === 'closed'
          ? call.ended === 'error'
            ? t('strip.failed')
            : t('strip.ended')
          : call.muted
            ? t('strip.onCallMuted')
            : t('strip.onCall');
  return (
    <section className={`call-strip call-strip-${call.status}`} aria-label={t('softphone')}>
      <div className="call-strip-row">
        <span className={`phone-dot${on ? ' phone-dot-live' : ''}`} aria-hidden="true" />
        <span className="call-strip-label" role="status">
          {label}
        </span>
        {since !== null && <span className="mono small">{formatDuration(now - since)}</span>}
        {on && (
          <>
            <button
              type="button"
              className={`btn btn-small${call.muted ? ' btn-on' : ''}`}
              aria-pressed={call.muted}
              onClick={() => controller.mute(!call.muted)}
            >
              {call.muted ? t('strip.unmute') : t('strip.mute')}
            </button>
            <button type="button" className="btn btn-small" aria-expanded={keypad} onClick={() => setKeypad(!keypad)}>
              {t('strip.tones')}
            </button>
            <button type="button" className="btn btn-small btn-danger" onClick={() => controller.hangUp()}>
              {t('strip.leave')}
            </button>
          </>
        )}
      </div>
      <div className="call-strip-more">
        {state.warnings.map((w) => (
          <p key={w} className="small call-strip-warning">
            {warningWords(w)}
          </p>
        ))}
        {state.error && <p className="small call-strip-warning">{state.error}</p>}
        {keypad && on && <Keypad onDigit={(d) => controller.sendDigits(d)} />}
      </div>
    </section>
  );
}
