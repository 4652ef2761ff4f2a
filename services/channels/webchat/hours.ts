import type { OpeningHours } from './config';

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Is `at` inside one of the weekly windows, read on the wall clock of the configured time zone? */
export function isOpen(hours: OpeningHours | undefined, at: number): boolean {
  if (!hours) return true;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: hours.timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = weekdays.indexOf(get('weekday'));
  const minute = Number(get('hour')) * 60 + Number(get('minute'));
  return hours.weekly.some((w) => w.days.includes(day) && minute >= toMinutes(w.from) && minute < toMinutes(w.to));
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}
