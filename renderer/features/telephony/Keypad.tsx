import { useState } from 'react';
import { useT } from '../../i18n';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/**
 * Tones (DTMF) into the live call from the softphone, for menus on the far end of a call the agent placed.
 * Keys 0-9 * # also work from the keyboard while the keypad has focus.
 */
export function Keypad({ onDigit }: Readonly<{ onDigit: (digit: string) => void }>) {
  const { t } = useT('telephony');
  const [sent, setSent] = useState('');
  const press = (digit: string): void => {
    onDigit(digit);
    setSent((s) => (s + digit).slice(-24));
  };
  return (
    <div
      className="dialpad keypad"
      role="group"
      aria-label={t('keypad')}
      onKeyDown={(e) => {
        if ((KEYS as readonly string[]).includes(e.key)) {
          e.preventDefault();
          press(e.key);
        }
      }}
    >
      <output className="mono dial-input" aria-label={t('tonesSent')}>
        {sent || '\u00a0'}
      </output>
      <div className="dial-keys">
        {KEYS.map((k) => (
          <button key={k} type="button" className="btn dial-key" onClick={() => press(k)}>
            {k}
          </button>
        ))}
      </div>
    </div>
  );
}
