import { BusinessHours, CustomerLanguage, type Queue } from '../../contracts';
import type { Connection } from '../connection';
import { sql } from '../sql';
import { parseJson } from './json';

type DbQueue = {
  id: string;
  name: string;
  channels: string;
  skills: string;
  sla_seconds: number;
  priority: number;
  sl_target_percent: number;
  short_abandon_seconds: number;
  hours: string | null;
  sticky_window_hours: number | null;
  language: string;
};

function toQueue(r: DbQueue): Queue {
  return {
    id: r.id,
    name: r.name,
    channels: parseJson(r.channels, []),
    skills: parseJson(r.skills, {}),
    slaSeconds: r.sla_seconds,
    priority: r.priority,
    slTargetPercent: r.sl_target_percent,
    shortAbandonSeconds: r.short_abandon_seconds,
    ...hoursOf(r.hours),
    ...(r.sticky_window_hours !== null ? { stickyWindowHours: r.sticky_window_hours } : {}),
    language: CustomerLanguage.safeParse(r.language).data ?? 'en',
  };
}

/** Hours were validated when written; a value this hub cannot read any more is left out rather than guessed. */
function hoursOf(text: string | null): Pick<Queue, 'hours'> {
  if (text === null) return {};
  const parsed = BusinessHours.safeParse(parseJson(text, null));
  return parsed.success ? { hours: parsed.data } : {};
}

export async function upsertQueue(tx: Connection, q: Queue): Promise<Queue> {
  await tx.run(sql`
    INSERT INTO queue (id, name, channels, skills, sla_seconds, priority, sl_target_percent, short_abandon_seconds, hours,
                       sticky_window_hours, language)
    VALUES (${q.id}, ${q.name}, ${JSON.stringify(q.channels)}, ${JSON.stringify(q.skills)}, ${q.slaSeconds}, ${q.priority},
            ${q.slTargetPercent}, ${q.shortAbandonSeconds}, ${q.hours ? JSON.stringify(q.hours) : null}, ${q.stickyWindowHours ?? null},
            ${q.language ?? 'en'})
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, channels = excluded.channels, skills = excluded.skills,
      sla_seconds = excluded.sla_seconds, priority = excluded.priority, sl_target_percent = excluded.sl_target_percent,
      short_abandon_seconds = excluded.short_abandon_seconds, hours = excluded.hours,
      sticky_window_hours = excluded.sticky_window_hours, language = excluded.language`);
  return q;
}

export async function listQueues(db: Pick<Connection, 'all'>): Promise<Queue[]> {
  const rows = await db.all<DbQueue>(sql`SELECT * FROM queue ORDER BY id`);
  return rows.map(toQueue);
}

/** Whether a one-time import (old config keys moved into the database) has run. */
export async function legacyImportDone(db: Pick<Connection, 'get'>, key: string): Promise<boolean> {
  return (await db.get<{ key: string }>(sql`SELECT key FROM legacy_import WHERE key = ${key}`)) !== undefined;
}

export async function markLegacyImport(tx: Connection, key: string, at: number, detail: string): Promise<void> {
  await tx.run(sql`INSERT INTO legacy_import (key, done_at, detail) VALUES (${key}, ${at}, ${detail}) ON CONFLICT (key) DO NOTHING`);
}
