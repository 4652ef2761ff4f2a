import i18next, { type TOptions } from 'i18next';
import en from './locales/en.json';
import es from './locales/es.json';

/** The languages the widget ships; anything else reads English. */
export const WIDGET_LANGUAGES = ['en', 'es'] as const;
export type WidgetLanguage = (typeof WIDGET_LANGUAGES)[number];

function supported(tag: string | null | undefined): WidgetLanguage | null {
  const base = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (WIDGET_LANGUAGES as readonly string[]).includes(base) ? (base as WidgetLanguage) : null;
}

/**
 * The language a visitor reads: the one the embedding site forces (`data-lang="es"`), else the first of the
 * browser's preferred languages that we ship (`es-AR` → es; `de, es` → es: a German reader who also reads
 * Spanish is better served in Spanish), else English.
 */
export function pickLanguage(forced: string | null | undefined, preferred: readonly string[]): WidgetLanguage {
  const chosen = supported(forced);
  if (chosen) return chosen;
  for (const tag of preferred) {
    const found = supported(tag);
    if (found) return found;
  }
  return 'en';
}

/**
 * The widget's own i18next instance (never the host page's, which may run its own i18next): every string is
 * in the bundle, so it is ready synchronously and the first paint is already in the visitor's language.
 */
const i18n = i18next.createInstance();
void i18n.init({
  resources: { en: { widget: en }, es: { widget: es } },
  lng: 'en',
  fallbackLng: 'en',
  ns: ['widget'],
  defaultNS: 'widget',
  // Text goes into text nodes, never parsed as HTML: escaping here would show &amp; to the visitor.
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

export function setLanguage(language: WidgetLanguage): void {
  void i18n.changeLanguage(language);
}

/**
 * The tag Intl formats with: the visitor's own regional variant of the language in use when the browser lists
 * one (en-GB reads 24-hour times, es-MX its own dates), else the bare language.
 */
export function formattingLocale(preferred: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages): string {
  const language = locale();
  return preferred.find((tag) => supported(tag) === language) ?? language;
}

/** The language in use, as a BCP 47 tag for Intl (dates, times, numbers). */
export function locale(): WidgetLanguage {
  return supported(i18n.language) ?? 'en';
}

/** Whether `text` is our own English wording for `key` (a snippet that repeats a default did not choose words). */
export function isBuiltInEnglish(key: string, text: string): boolean {
  return i18n.getFixedT('en')(key) === text;
}

export function t(key: string, options?: TOptions): string {
  return i18n.t(key, options);
}
