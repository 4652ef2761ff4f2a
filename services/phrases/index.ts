import i18next, { type TOptions } from 'i18next';
import type { CustomerLanguage } from '../contracts';
import en from './locales/en.json';
import es from './locales/es.json';

/**
 * The hub's words to customers (voice prompts, automatic acknowledgements, chat lines), in the language of
 * the queue they contacted. One server-side i18next instance, separate from any other: every string is
 * loaded here, so it is ready synchronously and no request waits on it. Texts an admin typed (a configured
 * greeting, saved acknowledgement wording) never come through here: they are sent as typed.
 */
const i18n = i18next.createInstance();
void i18n.init({
  resources: { en: { customer: en }, es: { customer: es } },
  lng: 'en',
  fallbackLng: 'en',
  ns: ['customer'],
  defaultNS: 'customer',
  // Plain text for speech, SMS and email bodies: nothing here is HTML.
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

const fixed = { en: i18n.getFixedT('en'), es: i18n.getFixedT('es') } as const;

/** `phrase('es', 'voice.next')` → "Usted es el siguiente en la fila." */
export function phrase(language: CustomerLanguage, key: string, options?: TOptions): string {
  return fixed[language](key, options);
}

/**
 * A catalogue entry as written, placeholders untouched: acknowledgement wording whose `{{reference}}` and
 * `{{queue.name}}` are filled by renderAck, not by i18next.
 */
export function template(language: CustomerLanguage, key: string): string {
  const raw: unknown = i18n.getResource(language, 'customer', key) ?? i18n.getResource('en', 'customer', key);
  if (typeof raw !== 'string') throw new Error(`no customer phrase ${key}`);
  return raw;
}

/** For Intl (numbers, dates) and for the speech engine. */
export const localeOf: Readonly<Record<CustomerLanguage, string>> = { en: 'en-GB', es: 'es-ES' };

/** A number as it is read in this language ("1.5" / "1,5"). */
export function formatNumber(language: CustomerLanguage, n: number): string {
  return new Intl.NumberFormat(localeOf[language], { maximumFractionDigits: 1 }).format(n);
}
