import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { z } from 'zod';
import { lockKey } from './lockKey';

/**
 * Team mode keeps files (inbound MMS and email attachments, chat uploads, imports) under `dataDir`, and any
 * hub may be asked for a file another hub stored: every hub must see the same directory (shared storage).
 * The first hub of a center writes a marker file with a random id into its dataDir and records the id in
 * the database; every other hub must find that marker in its own dataDir, or it refuses to start. A hub
 * with a private dataDir would otherwise run and store files no other hub can serve (a download works or
 * fails by which hub the load balancer picks), which no one notices until a customer's file is missing.
 */
export const MARKER_FILE = '.switchboard-team-volume.json';

const Marker = z.object({ id: z.string().min(8).max(100), createdAt: z.string().optional() });

const SCHEMA = `CREATE TABLE IF NOT EXISTS cluster_data_dir (
  only_one BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_one),
  marker TEXT NOT NULL,
  recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  recorded_by TEXT NOT NULL
)`;

export type SharedDataDirResult = Readonly<{ marker: string; recorded: boolean }>;

/** Not the shared dataDir: what is wrong, in words an operator acts on. */
export class NotSharedDataDir extends Error {}

/**
 * Checks (or, for the first hub, records) that `dataDir` is the center's shared one. Serialised with an
 * advisory transaction lock, so two hubs starting together on an empty database agree on one marker.
 */
export async function checkSharedDataDir(
  db: pg.Pool,
  options: Readonly<{ dataDir: string; hubName: string }>,
): Promise<SharedDataDirResult> {
  const dir = path.resolve(options.dataDir);
  const file = path.join(dir, MARKER_FILE);
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey('shared-data-dir')]);
    await client.query(SCHEMA);
    const { rows } = await client.query<{ marker: string; recorded_by: string }>('SELECT marker, recorded_by FROM cluster_data_dir');
    const found = readMarker(file);
    const recorded = rows[0];
    if (!recorded) {
      // The first hub (or a new database for an existing directory: its marker is adopted).
      const id = found ?? randomUUID();
      if (!found) writeMarker(dir, file, id);
      await client.query('INSERT INTO cluster_data_dir (marker, recorded_by) VALUES ($1, $2)', [id, options.hubName]);
      await client.query('COMMIT');
      return { marker: id, recorded: true };
    }
    await client.query('COMMIT');
    if (found === recorded.marker) return { marker: found, recorded: false };
    const why =
      found === null
        ? `it has no ${MARKER_FILE}, which the first hub (${recorded.recorded_by}) wrote into the shared directory`
        : `its ${MARKER_FILE} belongs to another center (id ${found}; this database expects ${recorded.marker})`;
    throw new NotSharedDataDir(
      `${dir} is not the directory the other hubs use: ${why}. In team mode every hub needs the same dataDir on ` +
        'shared storage (NFS, a mounted volume), so that a file one hub stored can be served by any other.',
    );
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** The marker's id, or null when there is none (an unreadable or foreign file counts as none). */
function readMarker(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = Marker.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.id : null;
  } catch {
    return null;
  }
}

function writeMarker(dir: string, file: string, id: string): void {
  mkdirSync(dir, { recursive: true });
  // Whole or not at all: a hub reading it meanwhile sees no marker, never half of one.
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ id, createdAt: new Date().toISOString() })}\n`, { mode: 0o644 });
  renameSync(temp, file);
}
