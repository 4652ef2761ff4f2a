import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatClock, formatDateTime, formatLocale } from '../../../renderer/common/time';
import { i18n } from '../../../renderer/i18n';

/*
 * Date.toLocale*String with options builds a fresh Intl.DateTimeFormat per call (about a millisecond in
 * chromium): that was most of the desk's render time with a 400-message thread and of each scroll frame in
 * a 5,000-item history (npm run bench:desk). The desk formats through formatters built once, same text.
 */
afterEach(async () => {
  vi.restoreAllMocks();
  await i18n.changeLanguage('en');
});

describe('desk date formatting', () => {
  it('gives the same text as toLocaleString without calling it per date', () => {
    const at = Date.UTC(2026, 11, 3, 9, 5);
    const clock = new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    const dateTime = new Date(at).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    const perCall = [
      vi.spyOn(Date.prototype, 'toLocaleString'),
      vi.spyOn(Date.prototype, 'toLocaleTimeString'),
      vi.spyOn(Date.prototype, 'toLocaleDateString'),
    ];
    for (let i = 0; i < 500; i += 1) {
      expect(formatClock(at)).toBe(clock);
      expect(formatDateTime(at)).toBe(dateTime);
    }
    for (const spy of perCall) expect(spy).not.toHaveBeenCalled();
  });

  it('formats for the language in use and builds its formatters again only when the language changes', async () => {
    const at = Date.UTC(2026, 11, 3, 15, 5);
    const expected = (locale: string) => ({
      clock: new Date(at).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }),
      dateTime: new Date(at).toLocaleString(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }),
    });
    const english = expected('en');
    const spanish = expected('es');
    expect(spanish).not.toEqual(english);
    const perCall = [
      vi.spyOn(Date.prototype, 'toLocaleString'),
      vi.spyOn(Date.prototype, 'toLocaleTimeString'),
      vi.spyOn(Date.prototype, 'toLocaleDateString'),
    ];
    for (const [language, want] of [
      ['en', english],
      ['es', spanish],
      ['en', english],
    ] as const) {
      await i18n.changeLanguage(language);
      expect(formatLocale()).toBe(language);
      for (let i = 0; i < 200; i += 1) expect({ clock: formatClock(at), dateTime: formatDateTime(at) }).toEqual(want);
    }
    for (const spy of perCall) expect(spy).not.toHaveBeenCalled();
  });
});
