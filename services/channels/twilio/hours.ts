import { weekdays, type BusinessHours, type Weekday } from './config';

const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(at: number, timeZone: string): { day: Weekday; minutes: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(at));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('weekday').toLowerCase().slice(0, 3) as Weekday;
  return { day: weekdays.includes(day) ? day : 'sun', minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Open at `at`? No hours configured means always open. A range whose close is before its open spans midnight. */
export function isOpen(hours: BusinessHours | undefined, at: number): boolean {
  if (!hours) return true;
  const { day, minutes } = localParts(at, hours.timeZone);
  const previous = weekdays[(weekdays.indexOf(day) + 6) % 7] ?? 'sat';
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
