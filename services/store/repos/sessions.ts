import type { Connection } from '../connection';
import { sql } from '../sql';

export async function insertSession(tx: Connection, tokenHash: string, agentId: number, now: number, expiresAt: number): Promise<void> {
  await tx.run(sql`INSERT INTO session (token_hash, agent_id, created_at, expires_at) VALUES (${tokenHash}, ${agentId}, ${now}, ${expiresAt})`);
}

export async function findSession(db: Pick<Connection, 'get'>, tokenHash: string, now: number): Promise<{ agentId: number } | undefined> {
  const row = await db.get<{ agent_id: number }>(
    sql`SELECT agent_id FROM session WHERE token_hash = ${tokenHash} AND expires_at > ${now}`,
  );
  return row ? { agentId: row.agent_id } : undefined;
}

export async function deleteSessionsOf(tx: Connection, agentId: number): Promise<void> {
  await tx.run(sql`DELETE FROM session WHERE agent_id = ${agentId}`);
}

export async function deleteSession(tx: Connection, tokenHash: string): Promise<void> {
  await tx.run(sql`DELETE FROM session WHERE token_hash = ${tokenHash}`);
}
