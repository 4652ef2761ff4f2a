import { i18n } from '../i18n';
import { intlLocale } from './language';

/*
 * Counts and percentages for the language in use (1,234 in English, 1234 / 12.345 in Spanish; 85 % with
 * the space Spanish puts before the sign). Built once per language, like the date formatters in time.ts.
 */
let cached: Readonly<{ integer: Intl.NumberFormat; percent: Intl.NumberFormat }> | null = null;
i18n.on('languageChanged', () => {
  cached = null;
});

function numberFormats(): NonNullable<typeof cached> {
  if (cached) return cached;
  const locale = intlLocale();
  cached = {
    integer: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
    percent: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }),
  };
  return cached;
}

export function formatCount(n: number): string {
  return numberFormats().integer.format(n);
}

/** `fraction` is 0..1: 0.85 -> "85%" / "85 %". */
export function formatPercent(fraction: number): string {
  return numberFormats().percent.format(fraction);
}

/** A file size as the desk has always shown it: 512 B, 14 kB (1 kB = 1024 bytes here). */
export function formatFileSize(bytes: number): string {
  return bytes < 1024 ? `${formatCount(bytes)} B` : formatKiloBytes(bytes);
}

/** Whole kilobytes, never "0 kB" for a file that has content. */
export function formatKiloBytes(bytes: number): string {
  return `${formatCount(Math.max(1, Math.round(bytes / 1024)))} kB`;
}
