import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { BusinessHours, QueueId, clockMinutes, weekdays, type HoursRange, type Queue, type Weekday } from '../contracts';
import { LegacyTwilioHours } from '../channels/telephony/config';
import { OpeningHours } from '../channels/webchat/config';
import type { ContactCenter } from '../hub/contactCenter';
import { legacyImportDone, markLegacyImport } from '../store/repos/queues';
import type { Store } from '../store/store';

/**
 * Hours used to be configured twice, in two shapes: `twilio.hours` (per queue, per weekday [open, close]
 * pairs) and `webchat.hours` (one set for every chat queue, days as 0 = Sunday numbers). Both are moved
 * onto the queues once; a queue that already has hours keeps them. Each (source, queue) pair is recorded
 * in `legacy_import`, so an admin who later changes or clears a queue's hours is not overruled by the
 * file at the next start. The old keys are still accepted (deprecated) so existing files start.
 */

type Span = [number, number]; // minutes from the start of the day; past 1440 runs into the next day

const DAY = 1440;
const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Within one day: merged, sorted spans, none longer than a day. */
function mergeDay(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const [from, to] of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = out.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/**
 * Per weekday spans -> the model's weekly ranges. Spans are cut at midnight and merged per day, then a
 * range ending at 24:00 followed by one starting at 00:00 is joined again into one late range (Fri 22:00-02:00)
 * when that reads unambiguously (it closes before the time it opened; 24 hours stays two ranges).
 */
function toWeekly(perDay: ReadonlyMap<Weekday, Span[]>): Partial<Record<Weekday, HoursRange[]>> {
  const days = new Map<Weekday, Span[]>(weekdays.map((d) => [d, []]));
  weekdays.forEach((day, i) => {
    const next = weekdays[(i + 1) % 7] ?? 'mon';
    for (const [from, to] of perDay.get(day) ?? []) {
      days.get(day)?.push([from, Math.min(to, DAY)]);
      if (to > DAY) days.get(next)?.push([0, to - DAY]);
    }
  });
  for (const day of weekdays) days.set(day, mergeDay(days.get(day) ?? []));
  weekdays.forEach((day, i) => {
    const next = weekdays[(i + 1) % 7] ?? 'mon';
    const late = days.get(day)?.at(-1);
    const early = days.get(next)?.[0];
    if (late && early && late[1] === DAY && early[0] === 0 && early[1] < late[0]) {
      late[1] = DAY + early[1];
      days.get(next)?.shift();
    }
  });
  const weekly: Partial<Record<Weekday, HoursRange[]>> = {};
  for (const day of weekdays) {
    const spans = days.get(day) ?? [];
    if (spans.length > 0)
      weekly[day] = spans.map(([from, to]) => ({ from: hhmm(from), to: to === DAY ? '24:00' : hhmm(to > DAY ? to - DAY : to) }));
  }
  return weekly;
}

/** `twilio.hours.<queue>`: a pair whose close is at or before its open ran past midnight (equal: 24 hours). */
export function fromTwilioHours(old: LegacyTwilioHours): BusinessHours {
  const perDay = new Map<Weekday, Span[]>();
  for (const day of weekdays) {
    perDay.set(
      day,
      (old.days[day] ?? []).map(([open, close]) => {
        const o = clockMinutes(open);
        const c = clockMinutes(close);
        return [o, c > o ? c : c + DAY];
      }),
    );
  }
  return BusinessHours.parse({ timeZone: old.timeZone, weekly: toWeekly(perDay), exceptions: [] });
}

const sundayFirst: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** `webchat.hours`: windows never ran past midnight (a `to` at or before `from` was never open), so such a window is dropped. */
export function fromWebchatHours(old: OpeningHours): BusinessHours {
  const perDay = new Map<Weekday, Span[]>();
  for (const window of old.weekly) {
    const from = clockMinutes(window.from);
    const to = clockMinutes(window.to);
    if (to <= from) continue;
    for (const d of window.days) {
      const day = sundayFirst[d] ?? 'sun';
      perDay.set(day, [...(perDay.get(day) ?? []), [from, to]]);
    }
  }
  return BusinessHours.parse({ timeZone: old.timeZone, weekly: toWeekly(perDay), exceptions: [] });
}

const TwilioHoursSection = z.object({ hours: z.record(QueueId, LegacyTwilioHours).optional() });
const WebchatHoursSection = z.object({ hours: OpeningHours.optional() });

type Source = 'twilio.hours' | 'webchat.hours';

/** Which queue gets which converted hours: twilio's per-queue hours first, webchat's for every other chat queue. */
function plan(
  config: Readonly<{ twilio?: unknown; webchat?: unknown }>,
  queues: readonly Queue[],
): Map<string, { source: Source; hours: BusinessHours }> {
  const targets = new Map<string, { source: Source; hours: BusinessHours }>();
  const twilio = TwilioHoursSection.safeParse(config.twilio ?? {});
  if (twilio.success) {
    for (const [queueId, old] of Object.entries(twilio.data.hours ?? {}))
      targets.set(queueId, { source: 'twilio.hours', hours: fromTwilioHours(old) });
  }
  const webchat = WebchatHoursSection.safeParse(config.webchat ?? {});
  if (webchat.success && webchat.data.hours) {
    const hours = fromWebchatHours(webchat.data.hours);
    for (const q of queues) if (q.channels.includes('chat') && !targets.has(q.id)) targets.set(q.id, { source: 'webchat.hours', hours });
  }
  return targets;
}

export type LegacyHoursParts = Readonly<{ center: ContactCenter; store: Store; log: FastifyBaseLogger; now: () => number }>;

/**
 * Runs at every start (after the queues are loaded, before the hub listens); does something only while a
 * config file still carries the old keys. Logs one line when it did.
 */
export async function importLegacyHours(parts: LegacyHoursParts, config: Readonly<{ twilio?: unknown; webchat?: unknown }>): Promise<void> {
  const { center, store, log, now } = parts;
  const targets = plan(config, center.listQueues());
  const moved: string[] = [];
  const kept: string[] = [];
  const missing: string[] = [];
  for (const [queueId, { source, hours }] of targets) {
    const key = `${source}:${queueId}`;
    if (await legacyImportDone(store, key)) continue;
    const queue = center.queue(queueId);
    if (!queue) {
      missing.push(queueId);
      continue;
    }
    if (queue.hours) kept.push(queueId);
    else {
      await center.upsertQueue({ ...queue, hours });
      moved.push(`${queueId} (from ${source})`);
    }
    await store.write((tx) => markLegacyImport(tx, key, now(), JSON.stringify(hours)));
  }
  if (moved.length + kept.length + missing.length === 0) return;
  const said: string[] = [];
  if (moved.length) said.push(`moved business hours onto queue ${moved.join(', ')}`);
  if (kept.length) said.push(`kept the hours already set on ${kept.join(', ')}`);
  if (missing.length) said.push(`no queue ${missing.join(', ')} yet (moved once it exists, at a later start)`);
  log.info(
    `config: ${said.join('; ')}. twilio.hours and webchat.hours are deprecated: hours are set per queue (Queues screen) from now on`,
  );
}
