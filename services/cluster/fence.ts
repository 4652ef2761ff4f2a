import type pg from 'pg';
import { SCHEMA_LOCK } from './socketAdapter';

/**
 * The database is the fence between routers. A router that takes a partition bumps the partition's epoch
 * (and voids the previous router's open offers) in one transaction; every offer it makes is then claimed as
 * a row keyed by conversation, written only while the partition's epoch is still its own. So:
 * - a contact can hold one open offer at a time (primary key), whichever hub made it;
 * - a router that lost its lock without noticing yet (a cut lock connection, a paused process) cannot offer:
 *   its claim reads the partition row FOR SHARE, which waits for a takeover in flight and then sees the new
 *   epoch, so the claim writes nothing.
 */
export const FENCE_SCHEMA = `
CREATE TABLE IF NOT EXISTS cluster_partition (
  partition INTEGER PRIMARY KEY,
  epoch BIGINT NOT NULL,
  holder TEXT NOT NULL,
  since TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS cluster_offer (
  conversation_id BIGINT PRIMARY KEY,
  agent_id BIGINT NOT NULL,
  partition INTEGER NOT NULL,
  epoch BIGINT NOT NULL,
  offered_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS cluster_offer_partition ON cluster_offer(partition, epoch);
`;

export type Claim = Readonly<{ conversationId: number; agentId: number }>;

export class OfferFence {
  constructor(private readonly pool: pg.Pool) {}

  async ensureSchema(): Promise<void> {
    // Two hubs creating the tables at once: CREATE IF NOT EXISTS can still race on the catalogue; serialise.
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`);
      await client.query(FENCE_SCHEMA);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** A new router for `partition`: its epoch, the previous router's open offers voided. */
  async takeOver(partition: number, holder: string): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ epoch: string }>(
        `INSERT INTO cluster_partition (partition, epoch, holder) VALUES ($1, 1, $2)
         ON CONFLICT (partition) DO UPDATE SET epoch = cluster_partition.epoch + 1, holder = $2, since = now()
         RETURNING epoch`,
        [partition, holder],
      );
      await client.query('DELETE FROM cluster_offer WHERE partition = $1', [partition]);
      await client.query('COMMIT');
      return Number(rows[0]?.epoch);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /**
   * Claims offers for this router's epoch. Returns the conversation ids claimed; one left out is already
   * offered elsewhere or this router is no longer the partition's (then none is claimed).
   */
  async claim(partition: number, epoch: number, claims: readonly Claim[]): Promise<Set<number>> {
    if (claims.length === 0) return new Set();
    const { rows } = await this.pool.query<{ conversation_id: string }>(
      `WITH fence AS (SELECT 1 FROM cluster_partition WHERE partition = $1 AND epoch = $2 FOR SHARE)
       INSERT INTO cluster_offer (conversation_id, agent_id, partition, epoch)
       SELECT c.conversation_id, c.agent_id, $1, $2
         FROM unnest($3::bigint[], $4::bigint[]) AS c(conversation_id, agent_id)
        WHERE EXISTS (SELECT 1 FROM fence)
       ON CONFLICT (conversation_id) DO NOTHING
       RETURNING conversation_id`,
      [partition, epoch, claims.map((c) => c.conversationId), claims.map((c) => c.agentId)],
    );
    return new Set(rows.map((r) => Number(r.conversation_id)));
  }

  /**
   * claim() for a routing pass, telling also whether this router still holds the partition (`current`):
   * a claim left out while current is a contact offered elsewhere; nothing claimed and not current means
   * another hub took the partition over and this router must stop at once.
   */
  async claimPass(
    partition: number,
    epoch: number,
    claims: readonly Claim[],
  ): Promise<Readonly<{ current: boolean; claimed: Set<number> }>> {
    const { rows } = await this.pool.query<{ current: boolean; claimed: string[] | null }>(
      `WITH fence AS (SELECT 1 FROM cluster_partition WHERE partition = $1 AND epoch = $2 FOR SHARE),
       claimed AS (
         INSERT INTO cluster_offer (conversation_id, agent_id, partition, epoch)
         SELECT c.conversation_id, c.agent_id, $1, $2
           FROM unnest($3::bigint[], $4::bigint[]) AS c(conversation_id, agent_id)
          WHERE EXISTS (SELECT 1 FROM fence)
         ON CONFLICT (conversation_id) DO NOTHING
         RETURNING conversation_id)
       SELECT EXISTS (SELECT 1 FROM fence) AS current, (SELECT array_agg(conversation_id) FROM claimed) AS claimed`,
      [partition, epoch, claims.map((c) => c.conversationId), claims.map((c) => c.agentId)],
    );
    const row = rows[0];
    return { current: row?.current ?? false, claimed: new Set((row?.claimed ?? []).map(Number)) };
  }

  /** The offer ended (accepted, rejected, timed out, revoked): the contact may be offered again. */
  async release(partition: number, epoch: number, conversationIds: readonly number[]): Promise<void> {
    if (conversationIds.length === 0) return;
    await this.pool.query('DELETE FROM cluster_offer WHERE partition = $1 AND epoch = $2 AND conversation_id = ANY($3::bigint[])', [
      partition,
      epoch,
      conversationIds,
    ]);
  }

  /** Who routes each partition now, as the database last recorded it. */
  async holders(): Promise<readonly Readonly<{ partition: number; epoch: number; holder: string }>[]> {
    const { rows } = await this.pool.query<{ partition: number; epoch: string; holder: string }>(
      'SELECT partition, epoch, holder FROM cluster_partition ORDER BY partition',
    );
    return rows.map((r) => ({ partition: r.partition, epoch: Number(r.epoch), holder: r.holder }));
  }
}
