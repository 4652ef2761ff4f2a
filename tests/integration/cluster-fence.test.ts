import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfferFence } from '../../services/cluster/fence';
import { startPostgres, type Postgres } from '../support/postgres';

let postgres: Postgres;
let pool: pg.Pool;
let fence: OfferFence;

beforeAll(async () => {
  postgres = await startPostgres();
  pool = new pg.Pool({ connectionString: await postgres.createDatabase(), max: 8 });
  fence = new OfferFence(pool);
  await Promise.all([fence.ensureSchema(), fence.ensureSchema(), fence.ensureSchema()]);
});
afterAll(async () => {
  await pool?.end();
  await postgres?.destroy();
});

describe('the offer fence on a real PostgreSQL', () => {
  it('a contact holds one open offer: a second claim (any agent, any router) gets nothing until released', async () => {
    const epoch = await fence.takeOver(0, 'hub-a');
    expect([...(await fence.claim(0, epoch, [{ conversationId: 1, agentId: 10 }]))]).toEqual([1]);
    expect([...(await fence.claim(0, epoch, [{ conversationId: 1, agentId: 11 }]))]).toEqual([]);
    await fence.release(0, epoch, [1]);
    expect([...(await fence.claim(0, epoch, [{ conversationId: 1, agentId: 11 }]))]).toEqual([1]);
  });

  it('a router that was taken over cannot offer any more, and its open offers are void', async () => {
    const old = await fence.takeOver(1, 'hub-a');
    expect((await fence.claim(1, old, [{ conversationId: 100, agentId: 1 }])).size).toBe(1);
    const fresh = await fence.takeOver(1, 'hub-b');
    expect(fresh).toBe(old + 1);
    expect((await fence.claim(1, old, [{ conversationId: 101, agentId: 1 }])).size).toBe(0);
    // The old router's offer of 100 was voided by the takeover: the new router may offer it.
    expect([...(await fence.claim(1, fresh, [{ conversationId: 100, agentId: 2 }]))]).toEqual([100]);
    expect(await fence.holders()).toContainEqual({ partition: 1, epoch: fresh, holder: 'hub-b' });
  });

  it('claimPass tells a contact offered elsewhere (still current) from a router taken over (not current)', async () => {
    const epoch = await fence.takeOver(4, 'hub-a');
    await fence.claim(4, epoch, [{ conversationId: 4000, agentId: 1 }]);
    const pass = await fence.claimPass(4, epoch, [
      { conversationId: 4000, agentId: 2 },
      { conversationId: 4001, agentId: 2 },
    ]);
    expect(pass).toEqual({ current: true, claimed: new Set([4001]) });
    await fence.takeOver(4, 'hub-b');
    expect(await fence.claimPass(4, epoch, [{ conversationId: 4002, agentId: 1 }])).toEqual({ current: false, claimed: new Set() });
    expect(await fence.claimPass(4, epoch, [])).toEqual({ current: false, claimed: new Set() });
  });

  it('a claim in flight while a takeover commits waits for it and then writes nothing', async () => {
    const old = await fence.takeOver(3, 'hub-a');
    const other = await pool.connect();
    try {
      // The takeover's transaction, held open before COMMIT.
      await other.query('BEGIN');
      await other.query('UPDATE cluster_partition SET epoch = epoch + 1, holder = $2 WHERE partition = $1', [3, 'hub-b']);
      await other.query('DELETE FROM cluster_offer WHERE partition = 3');
      const stale = fence.claim(3, old, [{ conversationId: 3000, agentId: 1 }]);
      await new Promise((r) => setTimeout(r, 200));
      await other.query('COMMIT');
      expect((await stale).size).toBe(0);
    } finally {
      other.release();
    }
    const { rows } = await pool.query('SELECT * FROM cluster_offer WHERE partition = 3');
    expect(rows).toEqual([]);
  });

  it('claims racing a takeover: no conversation ever held by both epochs', async () => {
    const old = await fence.takeOver(2, 'hub-a');
    const ids = Array.from({ length: 400 }, (_, i) => 1000 + i);
    const claimsOld = Promise.all(ids.map((id) => fence.claim(2, old, [{ conversationId: id, agentId: 1 }])));
    const takeover = fence.takeOver(2, 'hub-b');
    const [oldResults, fresh] = await Promise.all([claimsOld, takeover]);
    const claimedByNew = await fence.claim(
      2,
      fresh,
      ids.map((id) => ({ conversationId: id, agentId: 2 })),
    );
    const { rows } = await pool.query<{ n: string; stale: string }>(
      'SELECT count(*) AS n, count(*) FILTER (WHERE epoch <> $1) AS stale FROM cluster_offer WHERE partition = 2',
      [fresh],
    );
    // Every stale claim either landed before the takeover (and was voided by it) or wrote nothing.
    expect(Number(rows[0]!.stale)).toBe(0);
    expect(claimedByNew.size).toBe(ids.length);
    expect(Number(rows[0]!.n)).toBe(ids.length);
    expect(oldResults.length).toBe(ids.length);
  });
});
