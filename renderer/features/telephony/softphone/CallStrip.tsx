import { useEffect, useState } from 'react';
import { formatDuration, useNow } from '../../../common/time';
import { Keypad } from '../Keypad';
import type { SoftphoneController } from './controller';
import { warningWords, type SoftphoneState } from './softphoneSlice';

/**
 * The softphone's own strip while it carries a call, wherever the agent is in the desk (a supervisor
 * listening from the console, a click-to-call with no conversation open): the microphone, tones and
 * leaving the call. The conversation's call pane has the controls that act on the whole call.
 */
export function CallStrip({ controller, state }: Readonly<{ controller: SoftphoneController; state: SoftphoneState }>) {
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
      ? 'Connecting the audio…'
      : call.status === 'reconnecting'
        ? 'Audio lost; reconnecting…'
        : call.status === 'closed'
          ? call.ended === 'error'
            ? 'The call failed'
            : 'Call ended'
          : call.muted
            ? 'On a call (muted)'
            : 'On a call';
  return (
    <section className={`call-strip call-strip-${call.status}`} aria-label="Softphone">
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
              {call.muted ? 'Unmute mic' : 'Mute mic'}
            </button>
            <button type="button" className="btn btn-small" aria-expanded={keypad} onClick={() => setKeypad(!keypad)}>
              Tones
            </button>
            <button type="button" className="btn btn-small btn-danger" onClick={() => controller.hangUp()}>
              Leave call
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
