import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { HubConfigInput } from '../../services/hub/config';
import { spawnHub, type HubProcess } from './hubProcess';
import { sharedDataDirOf } from './testHub';

/**
 * A team-mode hub in its own process on the PostgreSQL database at `url`: the shared dataDir every hub of
 * that database uses (team mode refuses any other), no SQLite file of its own in use.
 */
export function spawnTeamHub(url: string, config: Partial<HubConfigInput> = {}): Promise<HubProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-team-'));
  return spawnHub({
    dbFile: path.join(dir, 'unused.sqlite'),
    ...sharedDataDirOf({ engine: 'postgres', url }),
    store: { engine: 'postgres', url },
    ...config,
  });
}

/** Signs in on any hub of the team as a user `seed` created (password `<username>-password`). */
export async function signIn(hubUrl: string, username: string): Promise<string> {
  const res = await fetch(`${hubUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: `${username}-password` }),
  });
  if (!res.ok) throw new Error(`login ${username}: HTTP ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}
