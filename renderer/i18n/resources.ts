/*
 * Every renderer string lives in a JSON file beside the code that shows it: `common/locales/<lang>.json` for
 * the shell, `features/<feature>/locales/<lang>.json` for each feature (namespace = the feature's folder
 * under features/, e.g. `worklist`, `admin/queues`). Vite gathers them at build time, so adding a feature's
 * strings never touches a shared registry file.
 */
export const SUPPORTED_LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

type Strings = { [key: string]: string | Strings };
type LocaleModule = { default: Strings };

const files = import.meta.glob<LocaleModule>(['../common/locales/*.json', '../features/**/locales/*.json'], { eager: true });

/** `../features/admin/queues/locales/es.json` -> ['admin/queues', 'es']; `../common/locales/en.json` -> ['common', 'en']. */
export function namespaceOf(file: string): readonly [string, string] | null {
  const match = /^\.\.\/(?:features\/(.+)|(common))\/locales\/([a-z]{2})\.json$/.exec(file);
  if (!match) return null;
  return [match[1] ?? match[2] ?? 'common', match[3] ?? 'en'];
}

export const resources: Record<string, Record<string, Strings>> = {};
for (const [file, module] of Object.entries(files)) {
  const found = namespaceOf(file);
  if (!found) continue;
  const [namespace, language] = found;
  resources[language] ??= {};
  resources[language][namespace] = module.default;
}

/**
 * Spanish has a third plural form, `many`, for exact millions (CLDR: 1,000,000 is "many"); the catalogues are
 * written with `_one` / `_other`, and without a `_many` string i18next falls back to English. Languages whose
 * rules have `many` get it from `_other` wherever a catalogue leaves it out. Applied to the instance's copy
 * only: the catalogues on disk keep the same keys in every language (the parity test compares them).
 */
export function withPluralForms(language: string, strings: Strings): Strings {
  if (!new Intl.PluralRules(language).resolvedOptions().pluralCategories.includes('many')) return strings;
  const fill = (level: Strings): Strings => {
    const out: Strings = {};
    for (const [key, value] of Object.entries(level)) {
      out[key] = typeof value === 'string' ? value : fill(value);
      const many = key.endsWith('_other') ? `${key.slice(0, -'_other'.length)}_many` : null;
      if (typeof value === 'string' && many !== null && !(many in level)) out[many] = value;
    }
    return out;
  };
  return fill(strings);
}

/** What the i18next instances load: the catalogues, with plural forms completed per language. */
export function loadedResources(): Record<string, Record<string, Strings>> {
  return Object.fromEntries(
    Object.entries(resources).map(([language, namespaces]) => [
      language,
      Object.fromEntries(Object.entries(namespaces).map(([ns, strings]) => [ns, withPluralForms(language, strings)])),
    ]),
  );
}
