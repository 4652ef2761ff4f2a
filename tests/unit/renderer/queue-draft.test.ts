import { describe, expect, it } from 'vitest';
import { Queue } from '../../../services/contracts';
import { check, draftOf, newDraft, placeOf, previewOf, statusText } from '../../../renderer/features/admin/queues/queueDraft';

const night = Queue.parse({
  id: 'night',
  name: 'Night desk',
  channels: ['voice', 'chat'],
  skills: { spanish: 3 },
  slaSeconds: 120,
  priority: 7,
  slTargetPercent: 90,
  stickyWindowHours: 24,
  language: 'es',
  hours: {
    timeZone: 'Europe/Berlin',
    weekly: { fri: [{ from: '22:00', to: '02:00' }], sat: [{ from: '18:00', to: '24:00' }] },
    exceptions: [{ date: '2026-12-25', label: 'Christmas Day' }],
  },
});

describe('queue form draft', () => {
  it('a stored queue comes back unchanged through the form', () => {
    const draft = draftOf(night);
    expect(draft.weekly.sat).toEqual([{ from: '18:00', to: '00:00' }]); // a time input cannot show 24:00
    const checked = check(draft, 'update');
    expect(checked.ok && { ...checked.input, mode: undefined }).toEqual({ ...night, mode: undefined });
  });

  it('a new queue starts always open with weekday hours ready, and says what is missing in words', () => {
    const draft = newDraft();
    expect(previewOf(draft, 0)).toEqual({ open: true, text: 'Always open' });
    const checked = check({ ...draft, hoursOn: true, timeZone: 'UTC', slaSeconds: 'soon' }, 'create');
    expect(checked).toEqual({
      ok: false,
      problems: [
        'ID: up to 64 lower-case letters, digits, "-" and "_", starting with a letter or digit',
        'Name: a queue needs a name',
        'Answer target: a whole number of seconds from 1 to 604800 (a week)',
      ],
    });
  });

  it('names places in the hours in words', () => {
    expect(placeOf(['hours', 'weekly', 'fri', 1, 'to'])).toBe('Friday, range 2, closes');
    expect(placeOf(['hours', 'exceptions', 0, 'date'])).toBe('Exception 1, date');
    expect(placeOf(['hours', 'timeZone'])).toBe('Time zone');
    expect(placeOf(['slTargetPercent'])).toBe('Service level');
  });

  it('previews open and closed in the queue time zone', () => {
    const friday2330 = Date.parse('2026-01-09T22:30:00Z');
    expect(statusText(night.hours, friday2330)).toEqual({ open: true, text: 'Open now · closes Sat 02:00' });
    expect(statusText(night.hours, Date.parse('2026-01-10T02:00:00Z'))).toEqual({ open: false, text: 'Closed · opens Sat 18:00' });
  });
});
