import { wallClock } from '../../hub/wallClock';
import type { OpeningHours } from './config';

/** Is `at` inside one of the weekly windows, read on the wall clock of the configured time zone? */
export function isOpen(hours: OpeningHours | undefined, at: number): boolean {
  if (!hours) return true;
  const { weekday, minutes } = wallClock(at, hours.timeZone);
  return hours.weekly.some((w) => w.days.includes(weekday) && minutes >= toMinutes(w.from) && minutes < toMinutes(w.to));
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}
