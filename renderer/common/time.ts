import { useEffect, useState } from 'react';
import { i18n } from '../i18n';
import { intlLocale } from './language';

/** Wall clock that re-renders its user every `everyMs`; one timer per component that shows a countdown. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** 0:07, 4:32, 1:02:03 — compact, tabular, never negative (the same in every language we ship). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/*
 * Date.toLocale*String with options builds a new Intl.DateTimeFormat on every call (about a millisecond in
 * chromium): 400 message times or a timeline row per scroll frame made that most of the desk's render time.
 * One formatter each, built on first use for the language in use, and built again only when the user
 * changes language.
 */
type Formatters = Readonly<{ locale: string; clock: Intl.DateTimeFormat; dateTime: Intl.DateTimeFormat }>;
let formatters: Formatters | null = null;
i18n.on('languageChanged', () => {
  formatters = null;
});

function dateFormatters(): Formatters {
  if (formatters) return formatters;
  const locale = intlLocale();
  formatters = {
    locale,
    clock: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }),
    dateTime: new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }),
  };
  return formatters;
}

/** The locale the desk's dates and numbers are formatted for now (tests and callers building their own Intl). */
export function formatLocale(): string {
  return dateFormatters().locale;
}

export function formatClock(at: number): string {
  return dateFormatters().clock.format(at);
}

export function formatDateTime(at: number): string {
  return dateFormatters().dateTime.format(at);
}
