import { useEffect } from 'react';
import { currentLanguage, i18n, LANGUAGE_STORAGE_KEY, type Language } from '../i18n';

/** Each language named in itself, so someone who cannot read the current one still finds theirs. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', es: 'Español' };

/**
 * The user's explicit choice: remembered for the next start (the detector reads the same key first) and
 * applied at once; every component that translates re-renders, nothing reloads and nothing typed is lost.
 */
export async function chooseLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Storage full or disabled: the choice still holds for this window.
  }
  await i18n.changeLanguage(language);
}

/**
 * The BCP 47 tag for Intl: the user's own regional variant when the browser lists one for the language in
 * use (es-MX, en-GB date order), else the bare language. A tag Intl rejects falls back to the language.
 */
export function intlLocale(language: string = currentLanguage()): string {
  const preferred = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  const regional = preferred.find((tag) => typeof tag === 'string' && tag.toLowerCase().split('-')[0] === language);
  if (!regional) return language;
  try {
    return Intl.getCanonicalLocales(regional)[0] ?? language;
  } catch {
    return language;
  }
}

/** `<html lang>` follows the language in use (screen readers pick their voice from it, CSS hyphenates by it). */
export function useDocumentLanguage(): void {
  useEffect(() => {
    const apply = (): void => {
      document.documentElement.lang = currentLanguage();
    };
    apply();
    i18n.on('languageChanged', apply);
    return () => i18n.off('languageChanged', apply);
  }, []);
}
