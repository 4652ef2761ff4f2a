import type { Queue } from '../../contracts';
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
  };
}

export async function upsertQueue(tx: Connection, q: Queue): Promise<Queue> {
  await tx.run(sql`
    INSERT INTO queue (id, name, channels, skills, sla_seconds, priority, sl_target_percent, short_abandon_seconds)
    VALUES (${q.id}, ${q.name}, ${JSON.stringify(q.channels)}, ${JSON.stringify(q.skills)}, ${q.slaSeconds}, ${q.priority},
            ${q.slTargetPercent}, ${q.shortAbandonSeconds})
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, channels = excluded.channels, skills = excluded.skills,
      sla_seconds = excluded.sla_seconds, priority = excluded.priority, sl_target_percent = excluded.sl_target_percent,
      short_abandon_seconds = excluded.short_abandon_seconds`);
  return q;
}

export async function listQueues(db: Pick<Connection, 'all'>): Promise<Queue[]> {
  const rows = await db.all<DbQueue>(sql`SELECT * FROM queue ORDER BY id`);
  return rows.map(toQueue);
}
