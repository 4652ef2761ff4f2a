import { rangeSpan, weekdays, type BusinessHours, type HoursRange } from './businessHours';
import { dayNumber, dayString, localTime, weekdayIndex, zonedInstant } from './zonedTime';

/**
 * Pure answers over BusinessHours, shared by the hub (voice, chat, acknowledgements) and the admin screen's
 * live preview. No hours at all means always open.
 */

/** How far ahead an opening is looked for: past a year, "closed" has no date worth showing. */
const HORIZON_DAYS = 400;
/** An open run longer than this from `at` counts as open around the clock (spares walking a year of 24/7 days). */
const OPEN_RUN_CAP_MS = 8 * 86_400_000;

type Interval = readonly [start: number, end: number];

/** The ranges that apply to a local day: its exception's when it has one, else its weekday's. */
export function rangesOn(hours: BusinessHours, day: number): readonly HoursRange[] {
  const date = dayString(day);
  const exception = hours.exceptions.find((e) => e.date === date);
  if (exception) return exception.ranges;
  return hours.weekly[weekdays[weekdayIndex(day)] ?? 'mon'] ?? [];
}

/**
 * Open intervals (instants) in order, merged where they touch, starting with the one that contains `at` or
 * comes next. A run that reaches the horizon, or stays open more than eight days past `at`, ends at
 * Infinity (open around the clock).
 */
function* openIntervals(hours: BusinessHours, at: number): Generator<Interval> {
  const first = localTime(at, hours.timeZone).day - 1; // yesterday's late range may still be running
  const last = first + HORIZON_DAYS;
  let pending: [number, number] | null = null;
  for (let day = first; day <= last; day += 1) {
    const spans = rangesOn(hours, day)
      .map(rangeSpan)
      .sort((a, b) => a[0] - b[0]);
    for (const [from, to] of spans) {
      const start = zonedInstant(day, from, hours.timeZone);
      const end = zonedInstant(day, to, hours.timeZone);
      if (end <= start) continue; // wholly inside a spring-forward gap
      if (pending && start <= pending[1]) {
        pending[1] = Math.max(pending[1], end);
        if (pending[1] - Math.max(at, pending[0]) > OPEN_RUN_CAP_MS) {
          yield [pending[0], Infinity];
          return;
        }
      } else {
        if (pending && pending[1] > at) yield pending;
        pending = [start, end];
      }
    }
  }
  if (pending && pending[1] > at) {
    const horizon = zonedInstant(last + 1, 0, hours.timeZone);
    yield pending[1] >= horizon ? [pending[0], Infinity] : pending;
  }
}

export type HoursStatus = Readonly<{ open: true; closesAt: number | null } | { open: false; opensAt: number | null }>;

/** Open at `at`, and until when; or closed, and when it opens next (null: not within a year). */
export function hoursStatus(hours: BusinessHours | undefined, at: number): HoursStatus {
  if (!hours) return { open: true, closesAt: null };
  for (const [start, end] of openIntervals(hours, at)) {
    if (start <= at) return { open: true, closesAt: end === Infinity ? null : end };
    return { open: false, opensAt: start };
  }
  return { open: false, opensAt: null };
}

/** Open at `at`? Reads only today's and yesterday's ranges (a range runs at most into the next day). */
export function isOpen(hours: BusinessHours | undefined, at: number): boolean {
  if (!hours) return true;
  const today = localTime(at, hours.timeZone).day;
  for (const day of [today - 1, today]) {
    for (const [from, to] of rangesOn(hours, day).map(rangeSpan)) {
      if (zonedInstant(day, from, hours.timeZone) <= at && at < zonedInstant(day, to, hours.timeZone)) return true;
    }
  }
  return false;
}

/** The first instant at or after `at` when the queue is open (`at` itself when open now); null if not within a year. */
export function nextOpening(hours: BusinessHours | undefined, at: number): number | null {
  const status = hoursStatus(hours, at);
  return status.open ? at : status.opensAt;
}

/** The instant `seconds` of open time after `at` (the clock stops while closed); null if it never gets there. */
export function addOpenTime(hours: BusinessHours | undefined, at: number, seconds: number): number | null {
  if (!hours) return at + seconds * 1000;
  let left = seconds * 1000;
  for (const [start, end] of openIntervals(hours, at)) {
    const from = Math.max(start, at);
    if (from + left <= end) return from + left;
    left -= end - from;
  }
  return null;
}

export type ExpectedReply = Readonly<{
  /** The queue is open now. */
  openNow: boolean;
  /** When it opens, if closed now (null when open now, or when it does not open within a year). */
  opensAt: number | null;
  /** By when a reply can be expected: the queue's SLA target counted in open time only; null when it never opens. */
  replyBy: number | null;
}>;

/**
 * What an acknowledgement (SMS, email, chat offline form) can promise: the queue's service-level target
 * counted in its open hours, so a message sent on Friday evening to a weekday queue is answered "by
 * Monday 09:30", not "within 30 minutes".
 */
export function expectedReply(queue: Readonly<{ hours?: BusinessHours; slaSeconds: number }>, now: number): ExpectedReply {
  const status = hoursStatus(queue.hours, now);
  return {
    openNow: status.open,
    opensAt: status.open ? null : status.opensAt,
    replyBy: addOpenTime(queue.hours, now, queue.slaSeconds),
  };
}

/**
 * "Mon 09:00" for an instant within the coming week, "25 Dec 09:00" further out: read in the queue's
 * time zone, which is what the customer and the admin set the hours in; `locale` words it ("lun 09:00").
 */
export function openingLabel(at: number, timeZone: string, now: number, locale = 'en-GB'): string {
  const days = localTime(at, timeZone).day - localTime(now, timeZone).day;
  const options: Intl.DateTimeFormatOptions =
    days < 7
      ? { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
      : { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return new Intl.DateTimeFormat(locale, options).format(new Date(at)).replace(',', '');
}

/** Local day number of a 'YYYY-MM-DD' (re-exported for editors that list exceptions by date). */
export { dayNumber };
