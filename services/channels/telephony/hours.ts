import { wallClock } from '../../hub/wallClock';
import { weekdays, type BusinessHours } from './config';

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Open at `at`? No hours configured means always open. A range whose close is before its open spans midnight. */
export function isOpen(hours: BusinessHours | undefined, at: number): boolean {
  if (!hours) return true;
  const { weekday, minutes } = wallClock(at, hours.timeZone);
  const day = weekdays[weekday] ?? 'sun';
  const previous = weekdays[(weekday + 6) % 7] ?? 'sat';
  for (const [open, close] of hours.days[day] ?? []) {
    const o = toMinutes(open);
    const c = toMinutes(close);
    if (c > o ? minutes >= o && minutes < c : minutes >= o) return true;
  }
  // Overnight ranges started yesterday.
  for (const [open, close] of hours.days[previous] ?? []) {
    const o = toMinutes(open);
    const c = toMinutes(close);
    if (c <= o && minutes < c) return true;
  }
  return false;
}
