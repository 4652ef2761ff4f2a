import { intlLocale } from '../../common/language';

/*
 * The report's numbers and dates in the desk's language: one set of Intl formatters per language, built on
 * first use (a chart redraw formats every tick and legend value). Report buckets are UTC days and hours
 * (docs/metrics.md), so every date here is written in UTC, as the table's heading says.
 */
export type ReportFormat = Readonly<{
  /** 1,234 / 1234 */
  count: (value: number) => string;
  /** An axis tick, which may fall between whole numbers: 0.5 / 0,5. */
  number: (value: number) => string;
  /** A rate 0..1 as "43%" / "43 %"; null (nothing offered) is "—", never 0. */
  percent: (value: number | null) => string;
  /** A whole-number percentage on the chart's axis (already 0..100). */
  percentPoints: (value: number) => string;
  /** A bucket's start: "Mon 09:00" by hour, "Mon, Dec 1" by day. */
  bucket: (at: number, bucket: 'hour' | 'day') => string;
  /** A UTC day in full: "Dec 1, 2026" / "1 dic 2026". */
  day: (at: number) => string;
}>;

const cache = new Map<string, ReportFormat>();

export function reportFormat(language: string): ReportFormat {
  const found = cache.get(language);
  if (found) return found;
  const locale = intlLocale(language);
  const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const hour = new Intl.DateTimeFormat(locale, { weekday: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  const day = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
  const fullDay = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const made: ReportFormat = {
    count: (value) => count.format(value),
    number: (value) => number.format(value),
    percent: (value) => (value === null ? '—' : percent.format(value)),
    percentPoints: (value) => percent.format(value / 100),
    bucket: (at, bucket) => (bucket === 'hour' ? hour : day).format(at),
    day: (at) => fullDay.format(at),
  };
  cache.set(language, made);
  return made;
}
