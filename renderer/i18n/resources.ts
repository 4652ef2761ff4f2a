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
