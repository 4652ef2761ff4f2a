import { intlLocale } from '../../../common/language';
import { i18n } from '../../../i18n';

/** The locale for Intl, the same for every screen: see common/language.ts. */
export { intlLocale };

/*
 * One formatter per locale, built on first use: a new Intl.DateTimeFormat per call costs about a millisecond
 * in chromium, and the audit log shows a page of rows.
 */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** "3 Dec 2026, 09:14:05" / "3 dic 2026, 9:14:05" in the user's language: the audit log shows exact times. */
export function dateTime(ms: number): string {
  const locale = intlLocale();
  let format = dateTimeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    dateTimeFormats.set(locale, format);
  }
  return format.format(ms);
}

/** Role names as people say them, in the user's language (the role codes never show). */
export function roleLabel(role: 'agent' | 'supervisor' | 'admin'): string {
  return i18n.t(`role.${role}`, { ns: 'admin' });
}
