import { defaultCapacity, type Agent, type Capacity, type Presence, type Role, type SkillLevels } from '../../contracts';
import type { Connection } from '../connection';
import { sql } from '../sql';
import { parseJson } from './json';

type DbAgent = {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string | null;
  skills: string;
  capacity: string;
  presence: Presence;
  away_reason: string | null;
  disabled_at: number | null;
  must_change_password: number;
};

/**
 * disabledAt: set while an administrator has disabled the account (no sign-in, no live session).
 * mustChangePassword: the password is temporary; the agent's sessions may only choose a new one.
 */
export type StoredAgent = Agent &
  Readonly<{
    passwordHash: string | null;
    presence: Presence;
    awayReason: string | null;
    disabledAt: number | null;
    mustChangePassword: boolean;
  }>;

/** What others may see of an agent: the stored record without its password hash and session state. */
export function publicAgent(a: StoredAgent): Agent {
  return { id: a.id, username: a.username, displayName: a.displayName, role: a.role, skills: a.skills, capacity: a.capacity };
}

function toAgent(r: DbAgent): StoredAgent {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    skills: parseJson<SkillLevels>(r.skills, {}),
    capacity: { ...defaultCapacity, ...parseJson<Partial<Capacity>>(r.capacity, {}) },
    passwordHash: r.password_hash,
    presence: r.presence,
    awayReason: r.away_reason,
    disabledAt: r.disabled_at ?? null,
    mustChangePassword: r.must_change_password === 1,
  };
}

export type AgentUpsert = Readonly<{
  username: string;
  displayName: string;
  role: Role;
  skills: SkillLevels;
  capacity?: Capacity;
  passwordHash?: string;
  /** Left out: an existing agent keeps theirs (a new one gets false). */
  mustChangePassword?: boolean;
}>;

export async function upsertAgent(tx: Connection, a: AgentUpsert, now: number): Promise<StoredAgent> {
  const capacity = JSON.stringify(a.capacity ?? defaultCapacity);
  await tx.run(sql`
    INSERT INTO agent (username, display_name, role, password_hash, skills, capacity, created_at, must_change_password)
    VALUES (${a.username}, ${a.displayName}, ${a.role}, ${a.passwordHash ?? null}, ${JSON.stringify(a.skills)}, ${capacity}, ${now},
      ${a.mustChangePassword ? 1 : 0})
    ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name, role = excluded.role,
      skills = excluded.skills,
      capacity = CASE WHEN ${a.capacity ? 1 : 0} THEN excluded.capacity ELSE agent.capacity END,
      password_hash = COALESCE(excluded.password_hash, agent.password_hash),
      must_change_password = CASE WHEN ${a.mustChangePassword === undefined ? 0 : 1}
        THEN excluded.must_change_password ELSE agent.must_change_password END`);
  const row = await tx.get<DbAgent>(sql`SELECT * FROM agent WHERE username = ${a.username}`);
  if (!row) throw new Error('agent upsert lost its row');
  return toAgent(row);
}

export async function findAgentByUsername(db: Pick<Connection, 'get'>, username: string): Promise<StoredAgent | undefined> {
  const row = await db.get<DbAgent>(sql`SELECT * FROM agent WHERE username = ${username}`);
  return row ? toAgent(row) : undefined;
}

export async function findAgent(db: Pick<Connection, 'get'>, id: number): Promise<StoredAgent | undefined> {
  const row = await db.get<DbAgent>(sql`SELECT * FROM agent WHERE id = ${id}`);
  return row ? toAgent(row) : undefined;
}

export async function listAgents(db: Pick<Connection, 'all'>): Promise<StoredAgent[]> {
  const rows = await db.all<DbAgent>(sql`SELECT * FROM agent ORDER BY id`);
  return rows.map(toAgent);
}

export async function countAgents(db: Pick<Connection, 'get'>): Promise<number> {
  const row = await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM agent`);
  return row?.n ?? 0;
}

export async function savePresence(tx: Connection, agentId: number, presence: Presence, reason: string | null): Promise<void> {
  await tx.run(sql`UPDATE agent SET presence = ${presence}, away_reason = ${reason} WHERE id = ${agentId}`);
}

export async function setAgentDisabled(tx: Connection, agentId: number, disabledAt: number | null): Promise<void> {
  await tx.run(sql`UPDATE agent SET disabled_at = ${disabledAt} WHERE id = ${agentId}`);
}

/** mustChange: a temporary password (an administrator's reset) that the agent has to replace at sign-in. */
export async function setAgentPassword(tx: Connection, agentId: number, passwordHash: string, mustChange = false): Promise<void> {
  await tx.run(sql`UPDATE agent SET password_hash = ${passwordHash}, must_change_password = ${mustChange ? 1 : 0} WHERE id = ${agentId}`);
}
