import {
  BusinessHours,
  QueueUpsertInput,
  hoursStatus,
  openingLabel,
  weekdays,
  type ChannelKind,
  type CustomerLanguage,
  type Queue,
  type Weekday,
} from '../../../../services/contracts';
import { currentLanguage, i18n } from '../../../i18n';
import { intlLocale } from '../common/format';

/** The queues screen's words in the language in use (functions here run during render). */
const tq = (key: string, options?: Record<string, unknown>): string => i18n.t(key, { ns: 'admin/queues', ...options });

/**
 * The queue form's state, as typed (strings in inputs), and its conversion to the hub's contract. The form
 * validates with the contract's own schema, so what it accepts is exactly what the hub accepts.
 */

export type RangeDraft = Readonly<{ from: string; to: string }>;
export type ExceptionDraft = Readonly<{ date: string; label: string; closed: boolean; ranges: readonly RangeDraft[] }>;
export type SkillDraft = Readonly<{ skill: string; level: string }>;

export type QueueDraft = Readonly<{
  id: string;
  name: string;
  channels: readonly ChannelKind[];
  priority: string;
  slaSeconds: string;
  slTargetPercent: string;
  shortAbandonSeconds: number;
  /** Blank: the hub's default window. */
  stickyWindowHours: string;
  /** What customers hear and read from this queue: voice prompts, acknowledgements, chat lines. */
  language: CustomerLanguage;
  skills: readonly SkillDraft[];
  /** false: always open. */
  hoursOn: boolean;
  timeZone: string;
  weekly: Readonly<Record<Weekday, readonly RangeDraft[]>>;
  exceptions: readonly ExceptionDraft[];
}>;

/** A channel's name on the queue form, in the user's language. */
export const channelLabel = (kind: ChannelKind): string => tq(`channel.${kind}`);
/** A weekday's name, in the user's language. */
export const dayLabel = (day: Weekday): string => tq(`day.${day}`);

export function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

// <input type="time"> cannot show 24:00: midnight at the end of a range is shown as 00:00 ("until midnight").
const fromContractTime = (t: string): string => (t === '24:00' ? '00:00' : t);
const toContractEnd = (t: string): string => (t === '00:00' ? '24:00' : t);

const nineToFive: readonly RangeDraft[] = [{ from: '09:00', to: '17:00' }];

export function newDraft(): QueueDraft {
  return {
    id: '',
    name: '',
    channels: ['chat'],
    priority: '0',
    slaSeconds: '60',
    slTargetPercent: '80',
    shortAbandonSeconds: 5,
    stickyWindowHours: '',
    language: 'en',
    skills: [],
    hoursOn: false,
    timeZone: localTimeZone(),
    weekly: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] },
    exceptions: [],
  };
}

export function draftOf(queue: Queue): QueueDraft {
  const base = newDraft();
  const hours = queue.hours;
  const ranges = (rs: readonly { from: string; to: string }[]): RangeDraft[] =>
    rs.map((r) => ({ from: r.from, to: fromContractTime(r.to) }));
  return {
    ...base,
    id: queue.id,
    name: queue.name,
    channels: queue.channels,
    priority: String(queue.priority),
    slaSeconds: String(queue.slaSeconds),
    slTargetPercent: String(queue.slTargetPercent),
    shortAbandonSeconds: queue.shortAbandonSeconds,
    stickyWindowHours: queue.stickyWindowHours === undefined ? '' : String(queue.stickyWindowHours),
    language: queue.language ?? 'en',
    skills: Object.entries(queue.skills).map(([skill, level]) => ({ skill, level: String(level) })),
    hoursOn: hours !== undefined,
    timeZone: hours?.timeZone ?? base.timeZone,
    weekly: hours ? weekOf((d) => ranges(hours.weekly[d] ?? [])) : base.weekly,
    exceptions: (hours?.exceptions ?? []).map((e) => ({
      date: e.date,
      label: e.label ?? '',
      closed: e.ranges.length === 0,
      ranges: ranges(e.ranges),
    })),
  };
}

function weekOf(rangesOf: (day: Weekday) => readonly RangeDraft[]): QueueDraft['weekly'] {
  return {
    mon: rangesOf('mon'),
    tue: rangesOf('tue'),
    wed: rangesOf('wed'),
    thu: rangesOf('thu'),
    fri: rangesOf('fri'),
    sat: rangesOf('sat'),
    sun: rangesOf('sun'),
  };
}

const numberOr = (text: string): number | string => (text.trim() === '' || Number.isNaN(Number(text)) ? text : Number(text));

/** The hours as the contract shapes them (not yet validated); undefined when the queue is always open. */
export function hoursInput(d: QueueDraft): unknown {
  if (!d.hoursOn) return undefined;
  const ranges = (rs: readonly RangeDraft[]) => rs.map((r) => ({ from: r.from, to: toContractEnd(r.to) }));
  return {
    timeZone: d.timeZone,
    weekly: Object.fromEntries(weekdays.filter((day) => d.weekly[day].length > 0).map((day) => [day, ranges(d.weekly[day])])),
    exceptions: d.exceptions.map((e) => ({
      date: e.date,
      ...(e.label.trim() ? { label: e.label.trim() } : {}),
      ranges: e.closed ? [] : ranges(e.ranges),
    })),
  };
}

export function inputOf(d: QueueDraft, mode: 'create' | 'update'): unknown {
  const hours = hoursInput(d);
  return {
    mode,
    id: d.id.trim(),
    name: d.name,
    channels: d.channels,
    priority: numberOr(d.priority),
    slaSeconds: numberOr(d.slaSeconds),
    slTargetPercent: numberOr(d.slTargetPercent),
    shortAbandonSeconds: d.shortAbandonSeconds,
    language: d.language,
    skills: Object.fromEntries(d.skills.filter((s) => s.skill.trim() !== '').map((s) => [s.skill.trim(), numberOr(s.level)])),
    ...(d.stickyWindowHours.trim() !== '' ? { stickyWindowHours: numberOr(d.stickyWindowHours) } : {}),
    ...(hours !== undefined ? { hours } : {}),
  };
}

/** The fields an issue can be about; each one's name is the catalogue's `field.<name>`. */
const fieldNames = new Set([
  'id',
  'name',
  'channels',
  'priority',
  'slaSeconds',
  'slTargetPercent',
  'stickyWindowHours',
  'language',
  'skills',
  'timeZone',
]);
const fieldName = (field: string | undefined): string | undefined =>
  field !== undefined && fieldNames.has(field) ? tq(`field.${field}`) : undefined;

/** An issue path in words: "Friday, range 1, closes", "Exception 2, date". */
export function placeOf(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  if (head !== 'hours') return [fieldName(head) ?? head, ...rest].filter(Boolean).join(', ');
  const [section, a, b, c] = rest;
  if (section === 'weekly')
    return [
      (weekdays as readonly string[]).includes(a ?? '') ? dayLabel(a as Weekday) : a,
      b !== undefined ? tq('place.range', { n: Number(b) + 1 }) : '',
      c === 'to' ? tq('place.closes') : c === 'from' ? tq('place.opens') : '',
    ]
      .filter(Boolean)
      .join(', ');
  if (section === 'exceptions')
    return [
      tq('place.exception', { n: Number(a) + 1 }),
      b === 'ranges' ? tq('place.hours') : b === 'date' ? tq('place.date') : b === 'label' ? tq('place.label') : b,
    ]
      .filter(Boolean)
      .join(', ');
  return fieldName(section) ?? tq('place.businessHours');
}

export type Checked = Readonly<{ ok: true; input: QueueUpsertInput } | { ok: false; problems: readonly string[] }>;

export function check(d: QueueDraft, mode: 'create' | 'update'): Checked {
  const parsed = QueueUpsertInput.safeParse(inputOf(d, mode));
  if (parsed.success) return { ok: true, input: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${placeOf(i.path)}: ${i.message}`) };
}

/** A range that closes at or before it opens runs into the next day. */
export const runsPastMidnight = (r: RangeDraft): boolean => r.to <= r.from;

/** "Open now · closes Fri 17:00", "Closed · opens Mon 09:00", "Always open"; null while the hours do not validate. */
export function previewOf(d: QueueDraft, now: number): Readonly<{ open: boolean; text: string }> | null {
  const input = hoursInput(d);
  if (input === undefined) return { open: true, text: tq('status.alwaysOpen') };
  const parsed = BusinessHours.safeParse(input);
  if (!parsed.success) return null;
  return statusText(parsed.data, now);
}

export function statusText(hours: BusinessHours | undefined, now: number): Readonly<{ open: boolean; text: string }> {
  if (!hours) return { open: true, text: tq('status.alwaysOpen') };
  const status = hoursStatus(hours, now);
  if (status.open)
    return {
      open: true,
      text:
        status.closesAt === null
          ? tq('status.openNow')
          : tq('status.openCloses', { at: openingWords(status.closesAt, hours.timeZone, now) }),
    };
  return {
    open: false,
    text:
      status.opensAt === null
        ? tq('status.closedNoOpening')
        : tq('status.closedOpens', { at: openingWords(status.opensAt, hours.timeZone, now) }),
  };
}

/**
 * "Sat 02:00" / "sáb 02:00" within the week, "3 Jan 09:00" / "3 ene 09:00" beyond it, in the queue's time
 * zone. English keeps the contract's own wording (openingLabel, which the hub also uses in messages).
 */
function openingWords(at: number, timeZone: string, now: number): string {
  if (currentLanguage() === 'en') return openingLabel(at, timeZone, now);
  const day = (ms: number): number => Date.parse(new Intl.DateTimeFormat('en-CA', { timeZone }).format(ms)) / 86_400_000;
  const options: Intl.DateTimeFormatOptions =
    day(at) - day(now) < 7
      ? { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
      : { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return new Intl.DateTimeFormat(intlLocale(), options).format(at).replace(',', '');
}

/** Every time zone this browser knows, with UTC and the current value included. */
export function timeZones(current: string): readonly string[] {
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  return [...new Set(['UTC', current, ...zones])].sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)));
}
