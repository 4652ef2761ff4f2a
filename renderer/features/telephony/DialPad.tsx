import { useState } from 'react';
import { DialNumber } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { useVoiceDialMutation } from '../channels/channelApi';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/**
 * Keypad to place a call from this conversation (voice/dial with the conversation: the number defaults to
 * the customer's). The hub has no command to send tones into a live call, so * and # only edit the number.
 */
export function DialPad({ conversationId }: Readonly<{ conversationId: number }>) {
  const ready = useHubReady();
  const [digits, setDigits] = useState('');
  const [dial, state] = useVoiceDialMutation();
  const valid = digits === '' || DialNumber.safeParse(digits).success;
  return (
    <div className="dialpad" role="group" aria-label="Dial pad">
      <label className="visually-hidden" htmlFor={`dial-${conversationId}`}>
        Number to call
      </label>
      <input
        id={`dial-${conversationId}`}
        className="mono dial-input"
        value={digits}
        inputMode="tel"
        placeholder="Customer's number"
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
          Delete
        </button>
        <button
          type="button"
          className="btn btn-primary btn-small"
          disabled={!ready || !valid || state.isLoading}
          onClick={() => void dial(digits ? { conversationId, to: digits } : { conversationId })}
        >
          {digits ? 'Call this number' : 'Call customer back'}
        </button>
      </div>
      <p className="muted small">Tones cannot be sent into a live call from the desk (the hub has no command for it).</p>
      {!valid && <p className="inline-error small">Digits, spaces, + ( ) . - only.</p>}
      {state.isSuccess && (
        <p className="small" role="status">
          Dialling: answer on your softphone.
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
