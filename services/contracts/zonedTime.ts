/**
 * Wall-clock arithmetic in an IANA time zone with nothing but Intl: no hand-written zone tables, so DST
 * rules are whatever the runtime's ICU knows. Local calendar days are counted as days since 1970-01-01.
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The local wall clock at `at` as if it were UTC (ms), seconds included. */
function wallAsUtc(at: number, timeZone: string): number {
  const values: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(at))) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  const hour = values.hour === 24 ? 0 : (values.hour ?? 0);
  return Date.UTC(values.year ?? 1970, (values.month ?? 1) - 1, values.day ?? 1, hour, values.minute ?? 0, values.second ?? 0);
}

/** The zone's offset from UTC at `at`, in ms (New York in winter: -5 h). */
export function offsetAt(at: number, timeZone: string): number {
  const whole = Math.floor(at / 1000) * 1000;
  return wallAsUtc(whole, timeZone) - whole;
}

/** The local calendar day (days since 1970-01-01) and minutes since local midnight at `at`. */
export function localTime(at: number, timeZone: string): Readonly<{ day: number; minutes: number }> {
  const wall = wallAsUtc(at, timeZone);
  const day = Math.floor(wall / DAY_MS);
  return { day, minutes: Math.floor((wall - day * DAY_MS) / 60_000) };
}

/**
 * The instant the wall clock of `timeZone` shows `minutes` after the midnight starting local `day`
 * (minutes past 1440 run into the next days). A time skipped by a spring-forward gap is moved on by the
 * gap (02:30 on the day clocks jump 02:00 -> 03:00 is 03:30); a time shown twice when clocks fall back is
 * its first showing. This is what calendars do (Temporal's "compatible").
 */
export function zonedInstant(day: number, minutes: number, timeZone: string): number {
  const wall = day * DAY_MS + minutes * 60_000;
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const early = wall - before;
  if (before === after) return early;
  const late = wall - after;
  const earlyValid = offsetAt(early, timeZone) === before;
  const lateValid = offsetAt(late, timeZone) === after;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (earlyValid) return early;
  if (lateValid) return late;
  return early; // in the gap: read with the offset before it, which lands after the jump
}

/** 'YYYY-MM-DD' of a local day number, and back. */
export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}
