import { useState } from 'react';
import { DialNumber } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { useT } from '../../i18n';
import { useVoiceDialMutation } from '../channels/channelApi';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/**
 * Places a call from this conversation (voice/dial with the conversation: the number defaults to the
 * customer's). The hub rings this agent first, then the number. Tones into a live call are the Keypad's.
 */
export function DialPad({ conversationId }: Readonly<{ conversationId: number }>) {
  const { t } = useT('telephony');
  const ready = useHubReady();
  const [digits, setDigits] = useState('');
  const [dial, state] = useVoiceDialMutation();
  const valid = digits === '' || DialNumber.safeParse(digits).success;
  return (
    <div className="dialpad" role="group" aria-label={t('dialPad')}>
      <label className="visually-hidden" htmlFor={`dial-${conversationId}`}>
        {t('dial.number')}
      </label>
      <input
        id={`dial-${conversationId}`}
        className="mono dial-input"
        value={digits}
        inputMode="tel"
        placeholder={t('dial.placeholder')}
        maxLength={32}
        onChange={(e) => setDigits(e.target.value)}
        aria-invalid={!valid}
      />
      <div className="dial-keys">
        {KEYS.map((k) => (
          <button key={k} type="button" className="btn dial-key" onClick={() => setDigits((d) => d + k)}>
            {k}
          </button>
        ))}
      </div>
      <div className="dial-actions">
        <button type="button" className="btn btn-ghost btn-small" onClick={() => setDigits((d) => d.slice(0, -1))}>
          {t('dial.delete')}
        </button>
        <button
          type="button"
          className="btn btn-primary btn-small"
          disabled={!ready || !valid || state.isLoading}
          onClick={() => void dial(digits ? { conversationId, to: digits } : { conversationId })}
        >
          {digits ? t('dial.callNumber') : t('dial.callBack')}
        </button>
      </div>
      {!valid && <p className="inline-error small">{t('dial.invalid')}</p>}
      {state.isSuccess && (
        <p className="small" role="status">
          {t('dial.ringingFirst')}
        </p>
      )}
      {state.error && (
        <p className="inline-error small" role="alert">
          {errorText(state.error)}
        </p>
      )}
    </div>
  );
}
