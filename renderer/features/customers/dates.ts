import { intlLocale } from '../../common/language';
import { currentLanguage } from '../../i18n';

/*
 * Dates in the customer's history, notes and topics, written the way the desk's language writes them. The
 * region comes from the browser when it speaks the same language (en-GB keeps its 24-hour clock), else the
 * language alone. One Intl formatter per language and shape, built on first use: building one per call costs
 * about a millisecond, which a 5,000-row history pays on every scroll frame (see common/time.ts).
 */
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(shape: 'dateTime' | 'date', options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const language = currentLanguage();
  const key = `${language}:${shape}`;
  let found = cache.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(intlLocale(language), options);
    cache.set(key, found);
  }
  return found;
}

/** "Dec 3, 09:05" / "3 dic, 09:05". */
export function formatWhen(at: number): string {
  return formatter('dateTime', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(at);
}

/** A calendar day ("12/3/2026" / "3/12/2026"). */
export function formatDay(at: number): string {
  return formatter('date', { year: 'numeric', month: 'numeric', day: 'numeric' }).format(at);
}
