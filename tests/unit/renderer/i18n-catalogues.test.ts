import { describe, expect, it } from 'vitest';
import { currentLanguage, i18n } from '../../../renderer/i18n';
import { namespaceOf, resources } from '../../../renderer/i18n/resources';

type Strings = { [key: string]: string | Strings };

function keys(strings: Strings, prefix = ''): string[] {
  return Object.entries(strings).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}

function leaves(strings: Strings): string[] {
  return Object.values(strings).flatMap((v) => (typeof v === 'string' ? [v] : leaves(v)));
}

/** i18next's plural suffixes differ by language only in which forms exist; en and es both use _one/_other. */
describe('renderer string catalogues', () => {
  it('maps locale files to namespaces', () => {
    expect(namespaceOf('../common/locales/en.json')).toEqual(['common', 'en']);
    expect(namespaceOf('../features/admin/queues/locales/es.json')).toEqual(['admin/queues', 'es']);
    expect(namespaceOf('../features/worklist/Worklist.tsx')).toBeNull();
  });

  it('ships Spanish for every English namespace and key, and the reverse', () => {
    const en = resources.en ?? {};
    const es = resources.es ?? {};
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const ns of Object.keys(en)) {
      expect({ ns, keys: keys(es[ns] ?? {}).sort() }).toEqual({ ns, keys: keys(en[ns] ?? {}).sort() });
    }
  });

  it('has no empty strings', () => {
    for (const lang of Object.keys(resources)) {
      for (const [ns, strings] of Object.entries(resources[lang] ?? {})) {
        expect({ lang, ns, empty: leaves(strings).filter((s) => s.trim() === '') }).toEqual({ lang, ns, empty: [] });
      }
    }
  });

  it('says a count of a million in Spanish (its "many" plural form), not in English', async () => {
    const plurals = Object.entries(resources.es ?? {}).flatMap(([ns, strings]) =>
      keys(strings)
        .filter((k) => k.endsWith('_other'))
        .map((k) => [ns, k.slice(0, -'_other'.length)] as const),
    );
    expect(plurals.length).toBeGreaterThan(0);
    const words = (text: string): string => text.replace(/[\d.,\s\u00a0\u202f]/g, '');
    for (const [ns, key] of plurals) {
      // 1,000,000 is "many" in Spanish, 1,000,001 is "other": the same words either way.
      const million = i18n.t(key, { ns, count: 1_000_000, lng: 'es' });
      const other = i18n.t(key, { ns, count: 1_000_001, lng: 'es' });
      expect({ ns, key, million: words(million) }).toEqual({ ns, key, million: words(other) });
    }
  });

  it('translates when the language changes and falls back to English for others', async () => {
    await i18n.changeLanguage('es-MX');
    expect(currentLanguage()).toBe('es');
    expect(i18n.t('signOut')).toBe('Cerrar sesión');
    await i18n.changeLanguage('de');
    expect(currentLanguage()).toBe('en');
    expect(i18n.t('signOut')).toBe('Sign out');
    await i18n.changeLanguage('en');
  });
});
