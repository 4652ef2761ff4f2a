import { describe, expect, it } from 'vitest';
import {
  BusinessHours,
  addOpenTime,
  expectedReply,
  hoursStatus,
  isOpen,
  nextOpening,
  openingLabel,
  type BusinessHoursInput,
} from '../../../services/contracts';
import { zonedInstant, dayNumber, localTime } from '../../../services/contracts/zonedTime';

const hours = (input: BusinessHoursInput): BusinessHours => BusinessHours.parse(input);
const at = (iso: string): number => Date.parse(iso);
const weekdays9to17 = { from: '09:00', to: '17:00' };

describe('BusinessHours schema', () => {
  it('refuses unknown zones, bad times, empty and overlapping ranges, duplicate exception dates, unknown keys', () => {
    const messages = (input: unknown): string[] => BusinessHours.safeParse(input).error?.issues.map((i) => i.message) ?? [];
    expect(messages({ timeZone: 'Mars/Olympus', weekly: {} })).toEqual([expect.stringMatching(/unknown time zone/)]);
    expect(messages({ timeZone: 'UTC', weekly: { mon: [{ from: '9:00', to: '17:00' }] } })).toEqual([expect.stringMatching(/HH:MM/)]);
    expect(messages({ timeZone: 'UTC', weekly: { mon: [{ from: '09:00', to: '09:00' }] } })).toEqual([
      expect.stringMatching(/must not be empty/),
    ]);
    expect(messages({ timeZone: 'UTC', weekly: { mon: [weekdays9to17, { from: '16:00', to: '18:00' }] } })).toEqual([
      'ranges of one day overlap',
    ]);
    expect(
      messages({
        timeZone: 'UTC',
        weekly: {},
        exceptions: [{ date: '2026-12-25' }, { date: '2026-12-25', ranges: [weekdays9to17] }],
      }),
    ).toEqual(['2026-12-25 is listed twice']);
    expect(messages({ timeZone: 'UTC', weekly: {}, exceptions: [{ date: '2026-02-30' }] })).toEqual(['not a calendar date']);
    expect(messages({ timeZone: 'UTC', weekly: {}, exceptions: [{ date: '2026-13-01' }] })).toEqual(['not a calendar date']);
    expect(messages({ timeZone: 'UTC', weekly: { funday: [] } }).length).toBeGreaterThan(0);
    expect(messages({ timeZone: 'UTC', weekly: {}, days: {} }).length).toBeGreaterThan(0);
    // 24:00 closes at midnight; a late range that wraps is not an overlap.
    expect(messages({ timeZone: 'UTC', weekly: { mon: [{ from: '00:00', to: '24:00' }], fri: [{ from: '22:00', to: '02:00' }] } })).toEqual(
      [],
    );
  });
});

describe('open or closed', () => {
  const ny = hours({
    timeZone: 'America/New_York',
    weekly: { mon: [weekdays9to17], tue: [weekdays9to17], fri: [weekdays9to17, { from: '22:00', to: '02:00' }] },
  });

  it('no hours means always open', () => {
    expect(isOpen(undefined, 0)).toBe(true);
    expect(hoursStatus(undefined, 0)).toEqual({ open: true, closesAt: null });
    expect(nextOpening(undefined, 5)).toBe(5);
  });

  it('reads the ranges on the queue time zone wall clock, end exclusive', () => {
    expect(isOpen(ny, at('2026-01-05T14:00:00Z'))).toBe(true); // Monday 09:00 New York
    expect(isOpen(ny, at('2026-01-05T13:59:59Z'))).toBe(false);
    expect(isOpen(ny, at('2026-01-05T22:00:00Z'))).toBe(false); // 17:00
    expect(isOpen(ny, at('2026-01-07T15:00:00Z'))).toBe(false); // Wednesday
  });

  it('a range past midnight runs into the next day, also across a month and year end', () => {
    expect(isOpen(ny, at('2026-01-10T03:00:00Z'))).toBe(true); // Friday 22:00
    expect(isOpen(ny, at('2026-01-10T05:30:00Z'))).toBe(true); // Saturday 00:30
    expect(isOpen(ny, at('2026-01-10T06:59:00Z'))).toBe(true); // Saturday 01:59
    expect(isOpen(ny, at('2026-01-10T07:00:00Z'))).toBe(false); // Saturday 02:00
    // Friday 2027-12-31 22:00 -> Saturday 2028-01-01 01:00.
    expect(isOpen(ny, at('2028-01-01T06:00:00Z'))).toBe(true);
    expect(hoursStatus(ny, at('2026-01-10T04:00:00Z'))).toEqual({ open: true, closesAt: at('2026-01-10T07:00:00Z') });
  });

  it('next opening skips closed days and is now when open', () => {
    expect(nextOpening(ny, at('2026-01-05T14:30:00Z'))).toBe(at('2026-01-05T14:30:00Z'));
    // Tuesday 18:00 -> Friday 09:00.
    expect(nextOpening(ny, at('2026-01-06T23:00:00Z'))).toBe(at('2026-01-09T14:00:00Z'));
    // Saturday 03:00 -> Monday 09:00.
    expect(hoursStatus(ny, at('2026-01-10T08:00:00Z'))).toEqual({ open: false, opensAt: at('2026-01-12T14:00:00Z') });
  });

  it('ranges that meet merge into one opening (closing time is the end of the run)', () => {
    const nonstop = hours({ timeZone: 'UTC', weekly: { mon: [{ from: '20:00', to: '24:00' }], tue: [{ from: '00:00', to: '06:00' }] } });
    expect(hoursStatus(nonstop, at('2026-01-05T21:00:00Z'))).toEqual({ open: true, closesAt: at('2026-01-06T06:00:00Z') });
    const always = hours({
      timeZone: 'UTC',
      weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]])),
    });
    expect(hoursStatus(always, at('2026-01-05T21:00:00Z'))).toEqual({ open: true, closesAt: null });
  });

  it('a week without any range never opens', () => {
    const never = hours({ timeZone: 'UTC', weekly: {} });
    expect(isOpen(never, at('2026-01-05T12:00:00Z'))).toBe(false);
    expect(hoursStatus(never, at('2026-01-05T12:00:00Z'))).toEqual({ open: false, opensAt: null });
  });
});

describe('holidays and special openings', () => {
  const berlin = hours({
    timeZone: 'Europe/Berlin',
    weekly: {
      mon: [weekdays9to17],
      tue: [weekdays9to17],
      wed: [weekdays9to17],
      thu: [weekdays9to17],
      fri: [weekdays9to17, { from: '22:00', to: '02:00' }],
    },
    exceptions: [
      { date: '2026-12-24', label: 'Christmas Eve', ranges: [{ from: '09:00', to: '12:00' }] },
      { date: '2026-12-25', label: 'Christmas Day' },
      { date: '2026-12-26', ranges: [{ from: '10:00', to: '14:00' }] }, // a Saturday that opens
    ],
  });

  it('a holiday closes the whole date and the next opening skips it', () => {
    expect(isOpen(berlin, at('2026-12-25T10:00:00Z'))).toBe(false); // Friday 11:00, Christmas Day
    expect(isOpen(berlin, at('2026-12-25T22:00:00Z'))).toBe(false); // the Friday late range is gone too
    expect(hoursStatus(berlin, at('2026-12-24T12:00:00Z'))).toEqual({ open: false, opensAt: at('2026-12-26T09:00:00Z') });
  });

  it('special hours replace the weekday ones', () => {
    expect(isOpen(berlin, at('2026-12-24T10:59:00Z'))).toBe(true); // Thursday 11:59
    expect(isOpen(berlin, at('2026-12-24T11:00:00Z'))).toBe(false); // 12:00, closed early
    expect(isOpen(berlin, at('2026-12-26T12:00:00Z'))).toBe(true); // Saturday 13:00
  });

  it('a range belongs to the day it starts on: a holiday the next day does not cut it', () => {
    const h = hours({ ...berlin, exceptions: [{ date: '2026-01-10' }] }); // Saturday holiday
    expect(isOpen(h, at('2026-01-10T00:30:00Z'))).toBe(true); // Saturday 01:30, Friday's range
  });
});

describe('daylight saving time', () => {
  const ny = hours({
    timeZone: 'America/New_York',
    weekly: {
      sat: [{ from: '22:00', to: '04:00' }],
      sun: [
        { from: '02:30', to: '05:00' },
        { from: '09:00', to: '17:00' },
      ],
    },
  });

  it('opening at 09:00 local is 13:00 or 14:00 UTC depending on the season', () => {
    expect(nextOpening(ny, at('2026-03-08T05:00:00Z'))).toBe(at('2026-03-08T05:00:00Z')); // Sunday 00:00 EST, inside Saturday's late range
    expect(isOpen(ny, at('2026-03-08T12:59:00Z'))).toBe(false); // Sunday 08:59 EDT
    expect(isOpen(ny, at('2026-03-08T13:00:00Z'))).toBe(true); // Sunday 09:00 EDT
    expect(isOpen(ny, at('2026-01-04T13:30:00Z'))).toBe(false); // Sunday 08:30 EST in winter
    expect(isOpen(ny, at('2026-01-04T14:00:00Z'))).toBe(true); // Sunday 09:00 EST
  });

  it('a range across the spring-forward night is one hour shorter, and a start in the gap moves past it', () => {
    // Sat 7 Mar 22:00 EST (03:00Z) to Sun 04:00 EDT (08:00Z): five real hours.
    expect(hoursStatus(ny, at('2026-03-08T04:00:00Z'))).toEqual({ open: true, closesAt: at('2026-03-08T09:00:00Z') });
    // 02:30 does not exist that night; it reads as 03:30 EDT (07:30Z), so Sunday's 02:30 range merges with Saturday's.
    expect(zonedInstant(dayNumber('2026-03-08'), 150, 'America/New_York')).toBe(at('2026-03-08T07:30:00Z'));
  });

  it('a range across the fall-back night is one hour longer, and a repeated time is its first showing', () => {
    // Sat 31 Oct 22:00 EDT (02:00Z) to Sun 04:00 EST (09:00Z): seven real hours, then Sunday's 02:30 range is inside it.
    expect(hoursStatus(ny, at('2026-11-01T03:00:00Z'))).toEqual({ open: true, closesAt: at('2026-11-01T10:00:00Z') });
    expect(zonedInstant(dayNumber('2026-11-01'), 90, 'America/New_York')).toBe(at('2026-11-01T05:30:00Z')); // 01:30 EDT
    expect(isOpen(ny, at('2026-11-01T09:59:00Z'))).toBe(true); // 04:59 EST
    expect(isOpen(ny, at('2026-11-01T10:00:00Z'))).toBe(false); // 05:00 EST
  });

  it('southern hemisphere and half-hour zones', () => {
    const sydney = hours({ timeZone: 'Australia/Sydney', weekly: { mon: [weekdays9to17] } });
    expect(nextOpening(sydney, at('2026-01-04T00:00:00Z'))).toBe(at('2026-01-04T22:00:00Z')); // AEDT +11
    expect(nextOpening(sydney, at('2026-07-05T00:00:00Z'))).toBe(at('2026-07-05T23:00:00Z')); // AEST +10
    const delhi = hours({ timeZone: 'Asia/Kolkata', weekly: { mon: [weekdays9to17] } });
    expect(nextOpening(delhi, at('2026-01-04T00:00:00Z'))).toBe(at('2026-01-05T03:30:00Z'));
    expect(localTime(at('2026-01-05T03:30:00Z'), 'Asia/Kolkata')).toEqual({ day: dayNumber('2026-01-05'), minutes: 540 });
  });
});

describe('expected reply', () => {
  const weekdaysOnly = hours({
    timeZone: 'Europe/London',
    weekly: { mon: [weekdays9to17], tue: [weekdays9to17], wed: [weekdays9to17], thu: [weekdays9to17], fri: [weekdays9to17] },
    exceptions: [{ date: '2026-01-12', label: 'Holiday' }],
  });

  it('counts the SLA target in open time only', () => {
    const queue = { hours: weekdaysOnly, slaSeconds: 1800 };
    // Friday 16:45: 15 minutes today, 15 more after the weekend and Monday's holiday.
    expect(expectedReply(queue, at('2026-01-09T16:45:00Z'))).toEqual({ openNow: true, opensAt: null, replyBy: at('2026-01-13T09:15:00Z') });
    // Saturday: opens Tuesday (Monday is a holiday).
    expect(expectedReply(queue, at('2026-01-10T10:00:00Z'))).toEqual({
      openNow: false,
      opensAt: at('2026-01-13T09:00:00Z'),
      replyBy: at('2026-01-13T09:30:00Z'),
    });
    // A one-day target is three working days of eight hours.
    expect(addOpenTime(weekdaysOnly, at('2026-01-05T09:00:00Z'), 24 * 3600)).toBe(at('2026-01-07T17:00:00Z'));
  });

  it('without hours it is now plus the target; with no opening there is no promise', () => {
    expect(expectedReply({ slaSeconds: 60 }, 1000)).toEqual({ openNow: true, opensAt: null, replyBy: 61_000 });
    expect(expectedReply({ hours: hours({ timeZone: 'UTC', weekly: {} }), slaSeconds: 60 }, 0)).toEqual({
      openNow: false,
      opensAt: null,
      replyBy: null,
    });
  });

  it('labels an opening by weekday within a week, by date further out, in the queue time zone', () => {
    const now = at('2026-01-10T10:00:00Z');
    expect(openingLabel(at('2026-01-13T09:00:00Z'), 'Europe/London', now)).toBe('Tue 09:00');
    expect(openingLabel(at('2026-01-13T09:00:00Z'), 'America/New_York', now)).toBe('Tue 04:00');
    expect(openingLabel(at('2026-02-02T09:00:00Z'), 'Europe/London', now)).toBe('2 Feb 09:00');
  });
});
