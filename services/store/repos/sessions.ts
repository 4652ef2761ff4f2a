import type { Connection } from '../connection';
import { sql } from '../sql';

export async function insertSession(tx: Connection, tokenHash: string, agentId: number, now: number, expiresAt: number): Promise<void> {
  await tx.run(
    sql`INSERT INTO session (token_hash, agent_id, created_at, expires_at) VALUES (${tokenHash}, ${agentId}, ${now}, ${expiresAt})`,
  );
}

export type FoundSession = Readonly<{ agentId: number; expiresAt: number }>;

export async function findSession(db: Pick<Connection, 'get'>, tokenHash: string, now: number): Promise<FoundSession | undefined> {
  const row = await db.get<{ agent_id: number; expires_at: number }>(
    sql`SELECT agent_id, expires_at FROM session WHERE token_hash = ${tokenHash} AND expires_at > ${now}`,
  );
  return row ? { agentId: row.agent_id, expiresAt: row.expires_at } : undefined;
}

/** Ends every session of an agent, or every one but `keepTokenHash`; returns the token hashes it ended. */
export async function deleteSessionsOf(tx: Connection, agentId: number, keepTokenHash = ''): Promise<string[]> {
  const rows = await tx.all<{ token_hash: string }>(
    sql`SELECT token_hash FROM session WHERE agent_id = ${agentId} AND token_hash <> ${keepTokenHash}`,
  );
  await tx.run(sql`DELETE FROM session WHERE agent_id = ${agentId} AND token_hash <> ${keepTokenHash}`);
  return rows.map((r) => r.token_hash);
}

/** Returns the agent whose session it was (undefined: no such session). */
export async function deleteSession(tx: Connection, tokenHash: string): Promise<number | undefined> {
  const row = await tx.get<{ agent_id: number }>(sql`SELECT agent_id FROM session WHERE token_hash = ${tokenHash}`);
  await tx.run(sql`DELETE FROM session WHERE token_hash = ${tokenHash}`);
  return row?.agent_id;
}
