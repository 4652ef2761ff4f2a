import i18next, { type i18n as I18n } from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next, useTranslation } from 'react-i18next';
import { loadedResources, resources, SUPPORTED_LANGUAGES, type Language } from './resources';

export { SUPPORTED_LANGUAGES, type Language };

/** Where the user's explicit choice of language is remembered (the account menu writes it). */
export const LANGUAGE_STORAGE_KEY = 'switchboard.language';

/**
 * The desk's and console's one i18next instance. Initialised synchronously on import (all strings are in the
 * bundle), so a component's first render is already translated and unit tests need no provider. The
 * language is the user's choice if they made one, else the browser's (Electron passes the OS locale), else
 * English; `es-MX` uses `es`.
 */
export const i18n: I18n = i18next.createInstance();
void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: loadedResources(),
    fallbackLng: 'en',
    supportedLngs: [...SUPPORTED_LANGUAGES],
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    ns: Object.keys(resources.en ?? {}),
    defaultNS: 'common',
    // React escapes what it renders; escaping here too would show &amp; to the user.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
    detection: { order: ['localStorage', 'navigator'], lookupLocalStorage: LANGUAGE_STORAGE_KEY, caches: [] },
  });

/** The language in use, narrowed to one we ship. */
export function currentLanguage(): Language {
  const lang = i18n.resolvedLanguage ?? i18n.language;
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(lang) ? (lang as Language) : 'en';
}

/** `const { t } = useT('worklist')`: the feature's namespace, bound to this instance (no provider needed). */
export function useT(namespace: string = 'common'): ReturnType<typeof useTranslation> {
  return useTranslation(namespace, { i18n });
}
