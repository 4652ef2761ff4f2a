import { z } from 'zod';

/**
 * One business-hours model, stored on the queue and read by every channel (voice closed-hours handling,
 * the chat offline form, acknowledgements' expected reply). The functions that answer "open now?",
 * "when do we open?" and "when can the customer expect a reply?" are in businessHoursClock.ts.
 */

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const Weekday = z.enum(weekdays);
export type Weekday = z.infer<typeof Weekday>;

/** An IANA time zone name this runtime's Intl knows ("Europe/Berlin", "America/New_York", "UTC"). */
export const IanaTimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'unknown time zone (use an IANA name such as Europe/Berlin)');

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM, 00:00 to 23:59');
const clockEnd = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a time as HH:MM, 00:00 to 24:00');

/** Minutes since midnight of "HH:MM" (24:00 -> 1440). */
export function clockMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/**
 * One opening range, read on the wall clock of the queue's time zone. `to` after `from` closes the same
 * day; `to` at or before `from` closes the next day (Fri 22:00-02:00 is open until Saturday 02:00).
 * A range belongs to the day it starts on: a holiday on Saturday does not cut Friday's late range short.
 */
export const HoursRange = z
  .object({ from: clockTime, to: clockEnd })
  .strict()
  .refine((r) => r.from !== r.to, {
    message: 'a range must not be empty (use 00:00-24:00 for the whole day)',
    path: ['to'],
  });
export type HoursRange = z.infer<typeof HoursRange>;

/** Start and end of a range in minutes from the start of its day; an end past 1440 runs into the next day. */
export function rangeSpan(r: HoursRange): readonly [number, number] {
  const from = clockMinutes(r.from);
  const to = clockMinutes(r.to);
  return [from, to > from ? to : to + 1440];
}

const dayRanges = z
  .array(HoursRange)
  .max(8)
  .superRefine((ranges, ctx) => {
    const spans = ranges.map(rangeSpan).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i += 1) {
      const [prev, cur] = [spans[i - 1], spans[i]];
      if (prev && cur && cur[0] < prev[1]) ctx.addIssue({ code: 'custom', message: 'ranges of one day overlap' });
    }
  });

/** YYYY-MM-DD that is a real calendar date. */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, 'not a calendar date');

/**
 * One dated exception: a holiday (no ranges: closed all day) or special opening ranges that replace the
 * weekly ones on that date.
 */
export const HoursException = z
  .object({
    date: CalendarDate,
    /** What the day is ("Christmas Day", "Stock-take"): shown to admins, never a key. */
    label: z.string().trim().max(80).optional(),
    ranges: dayRanges.default([]),
  })
  .strict();
export type HoursException = z.output<typeof HoursException>;

export const BusinessHours = z
  .object({
    timeZone: IanaTimeZone,
    /** Per weekday its opening ranges; a day left out or empty is closed. */
    weekly: z.partialRecord(Weekday, dayRanges),
    exceptions: z.array(HoursException).max(400).default([]),
  })
  .strict()
  .superRefine((h, ctx) => {
    const seen = new Set<string>();
    h.exceptions.forEach((e, i) => {
      if (seen.has(e.date)) ctx.addIssue({ code: 'custom', message: `${e.date} is listed twice`, path: ['exceptions', i, 'date'] });
      seen.add(e.date);
    });
  });
export type BusinessHours = z.output<typeof BusinessHours>;
export type BusinessHoursInput = z.input<typeof BusinessHours>;
