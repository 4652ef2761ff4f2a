import { offReasons } from '../../services/contracts';
import { i18n } from '../i18n';

type OffReason = keyof typeof offReasons;
const reasonByText = new Map<string, OffReason>(Object.entries(offReasons).map(([key, text]) => [text, key as OffReason]));

/**
 * The hub writes why a channel is off in English (contracts/channelWords.ts, one catalogue); those sentences
 * are fixed, so the desk recognises them and says them in the user's language. Anything else the hub wrote
 * is shown as written.
 */
export function hubWords(text: string): string {
  const reason = reasonByText.get(text);
  return reason ? i18n.t(`hubWords.${reason}`, { ns: 'common' }) : text;
}
