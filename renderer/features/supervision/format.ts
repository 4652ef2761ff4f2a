import { currentLanguage } from '../../i18n';

/*
 * Figures as the board shows them, in the user's language (80% / 80 %, 45s, 3m / 3min). One formatter per
 * language and shape, built on first use: the board re-renders every second.
 */
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(kind: 'percent' | 'second' | 'minute'): Intl.NumberFormat {
  const lang = currentLanguage();
  const key = `${lang}:${kind}`;
  let found = formatters.get(key);
  if (!found) {
    found =
      kind === 'percent'
        ? new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 })
        : new Intl.NumberFormat(lang, { style: 'unit', unit: kind, unitDisplay: 'narrow' });
    formatters.set(key, found);
  }
  return found;
}

/** A null rate is "—" (nothing offered yet), never 0 %. */
export const percent = (value: number | null): string =>
  value === null ? '—' : formatter('percent').format(Math.round(value * 100) / 100);

/** A whole number already in percent (a target of 80 → 80%). */
export const wholePercent = (value: number): string => formatter('percent').format(value / 100);

/** A target in whole seconds, never rounded to minutes (60s, 300s). */
export const wholeSeconds = (s: number): string => formatter('second').format(s);

export const seconds = (ms: number | null): string => {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  return s < 120 ? formatter('second').format(s) : formatter('minute').format(Math.round(s / 60));
};

/** Below target is an alert; within 5 points of it is a warning. */
export function slTone(value: number | null, targetPercent: number): 'ok' | 'warn' | 'bad' | 'none' {
  if (value === null) return 'none';
  const pct = value * 100;
  if (pct < targetPercent) return 'bad';
  return pct < targetPercent + 5 ? 'warn' : 'ok';
}
