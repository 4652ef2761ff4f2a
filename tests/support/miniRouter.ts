import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { ClusterConfig } from '../../services/cluster/config';
import { OfferFence } from '../../services/cluster/fence';
import { RouterLeadership } from '../../services/cluster/leadership';

/**
 * A hub's routing seat reduced to what failover is about, in its own process: it contends for the router
 * lock; holding it, it rebuilds the waiting list from the database (offers of the previous epoch count as
 * waiting, as restoreFromStore requeues them), claims each contact for an agent through the fence, logs
 * the offer, and the agent accepts a few ms later with a conditional update. Ingest (the test) inserts
 * contacts and NOTIFYs; the seat also polls, as a hub's router would be told by ingest.
 */
export const MINI_SCHEMA = `
CREATE TABLE IF NOT EXISTS contact (id BIGINT PRIMARY KEY, state TEXT NOT NULL DEFAULT 'waiting', created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS offer_log (id BIGSERIAL PRIMARY KEY, contact_id BIGINT NOT NULL, agent_id BIGINT NOT NULL, epoch BIGINT NOT NULL, hub TEXT NOT NULL, at BIGINT NOT NULL, ended_at BIGINT);
CREATE TABLE IF NOT EXISTS epoch_log (epoch BIGINT PRIMARY KEY, hub TEXT NOT NULL, at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS accept_log (contact_id BIGINT NOT NULL, agent_id BIGINT NOT NULL, at BIGINT NOT NULL);
`;

export function spawnMiniRouter(url: string, hub: string): Readonly<{ kill(): Promise<void>; leading: Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/miniRouter.ts'], {
    env: { ...process.env, SWITCHBOARD_MINI_ROUTER: JSON.stringify({ url, hub }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const leading = new Promise<void>((resolve) =>
    createInterface({ input: child.stdout }).on('line', (l) => l.includes('leading') && resolve()),
  );
  return {
    leading,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

async function run(url: string, hub: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const fence = new OfferFence(pool);
  let epoch: number | null = null;
  let busy = false;
  const agents = 50;
  let next = 0;
  const route = async (): Promise<void> => {
    if (busy || epoch === null) return;
    busy = true;
    try {
      const mine = epoch;
      const { rows } = await pool.query<{ id: string }>(
        `SELECT c.id FROM contact c WHERE c.state IN ('waiting', 'offered')
           AND NOT EXISTS (SELECT 1 FROM cluster_offer o WHERE o.conversation_id = c.id) ORDER BY c.id LIMIT 200`,
      );
      const claims = rows.map((r) => ({ conversationId: Number(r.id), agentId: (next++ % agents) + 1 }));
      const claimed = await fence.claim(0, mine, claims);
      for (const c of claims) {
        if (!claimed.has(c.conversationId)) continue;
        const at = Date.now();
        await pool.query(`UPDATE contact SET state = 'offered' WHERE id = $1 AND state = 'waiting'`, [c.conversationId]);
        await pool.query('INSERT INTO offer_log (contact_id, agent_id, epoch, hub, at) VALUES ($1, $2, $3, $4, $5)', [
          c.conversationId,
          c.agentId,
          mine,
          hub,
          at,
        ]);
        // The agent accepts shortly after; the accept is conditional on the contact still being offered.
        setTimeout(() => void accept(c.conversationId, c.agentId, mine), 5 + Math.floor(Math.random() * 20));
      }
    } finally {
      busy = false;
    }
  };
  const accept = async (contactId: number, agentId: number, mine: number): Promise<void> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const fenced = await client.query(
        'SELECT 1 FROM cluster_offer WHERE conversation_id = $1 AND epoch = $2 AND agent_id = $3 FOR UPDATE',
        [contactId, mine, agentId],
      );
      if (fenced.rowCount === 1) {
        const done = await client.query(`UPDATE contact SET state = 'accepted' WHERE id = $1 AND state = 'offered'`, [contactId]);
        if (done.rowCount === 1) await client.query('INSERT INTO accept_log VALUES ($1, $2, $3)', [contactId, agentId, Date.now()]);
        await client.query('UPDATE offer_log SET ended_at = $3 WHERE contact_id = $1 AND epoch = $2 AND ended_at IS NULL', [
          contactId,
          mine,
          Date.now(),
        ]);
        await client.query('DELETE FROM cluster_offer WHERE conversation_id = $1', [contactId]);
      }
      await client.query('COMMIT');
    } catch {
      await client.query('ROLLBACK').catch(() => undefined);
    } finally {
      client.release();
    }
  };
  const leadership = new RouterLeadership({
    url,
    config: ClusterConfig.parse({ lockRetryMs: 300 }),
    fence,
    hubName: hub,
    seat: {
      takeOver: async (_partition, e) => {
        // Rebuild: the waiting list is read from the database by route() itself; offered-but-void contacts
        // (the previous epoch's) are waiting again.
        await pool.query(`UPDATE contact SET state = 'waiting' WHERE state = 'offered'`);
        await pool.query('INSERT INTO epoch_log VALUES ($1, $2, $3)', [e, hub, Date.now()]);
        epoch = e;
        process.stdout.write('leading\n');
      },
      standDown: () => {
        epoch = null;
      },
    },
  });
  const listener = new pg.Client({ connectionString: url });
  await listener.connect();
  listener.on('notification', () => void route());
  await listener.query('LISTEN contact_new');
  setInterval(() => void route(), 100);
  leadership.start();
}

if (process.env.SWITCHBOARD_MINI_ROUTER && process.argv[1]?.endsWith('miniRouter.ts')) {
  const { url, hub } = JSON.parse(process.env.SWITCHBOARD_MINI_ROUTER) as { url: string; hub: string };
  await run(url, hub);
}
