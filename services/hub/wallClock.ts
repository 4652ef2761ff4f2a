import { z } from 'zod';

/** An IANA time zone name this runtime's Intl knows (queues' opening hours are read in it). */
export const IanaTimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'unknown IANA time zone');

const formatters = new Map<string, Intl.DateTimeFormat>();
const weekdayIndex: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/**
 * The wall clock at `at` in `timeZone`: weekday (0 = Sunday) and minutes since local midnight. Formatters
 * are cached per zone because opening hours are checked on every call and chat start.
 */
export function wallClock(at: number, timeZone: string): Readonly<{ weekday: number; minutes: number }> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(at));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return { weekday: weekdayIndex[get('weekday')] ?? 0, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}
