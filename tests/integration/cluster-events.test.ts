import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventFeed, type FeedRow } from '../../services/cluster/eventFeed';
import { startPostgres, type Postgres } from '../support/postgres';
import { until } from '../support/until';

let postgres: Postgres;
let url: string;
let pool: pg.Pool;

beforeAll(async () => {
  postgres = await startPostgres();
  url = await postgres.createDatabase();
  pool = new pg.Pool({ connectionString: url, max: 4 });
  // The event log as the PostgreSQL store lays it out (migration 0001 through the engine's DDL).
  await pool.query(`CREATE TABLE event (
    seq BIGINT PRIMARY KEY, at BIGINT NOT NULL, type TEXT NOT NULL, conversation_id BIGINT, agent_id BIGINT,
    queue_id TEXT, channel TEXT, data TEXT NOT NULL DEFAULT '{}')`);
});
afterAll(async () => {
  await pool?.end();
  await postgres?.destroy();
});

/** What a hub's writer does: insert the batch's event rows, COMMIT, then NOTIFY the new max seq. */
async function commitEvents(from: number, count: number): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (let i = 0; i < count; i += 1) {
      await client.query(`INSERT INTO event (seq, at, type, queue_id, channel) VALUES ($1, $2, 'conversation.created', 'support', 'sms')`, [
        from + i,
        Date.now(),
      ]);
    }
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  await EventFeed.notify(pool, from + count - 1);
  return from + count - 1;
}

describe('every hub folds the one event log (NOTIFY + read by seq) on a real PostgreSQL', () => {
  it('three hubs see every committed row once, in seq order, whichever hub wrote it', async () => {
    const seen: number[][] = [[], [], []];
    const feeds = seen.map(
      (rows) =>
        new EventFeed({ url, fromSeq: 0, pollMs: 60_000, onRows: (batch: readonly FeedRow[]) => rows.push(...batch.map((r) => r.seq)) }),
    );
    await Promise.all(feeds.map((f) => f.start()));
    let seq = 1;
    for (let i = 0; i < 40; i += 1) seq = (await commitEvents(seq, 1 + (i % 5))) + 1;
    const total = seq - 1;
    const started = Date.now();
    await until(() => seen.every((rows) => rows.length === total));
    console.log(`event feed: ${total} rows reached 3 hubs, all folded ${Date.now() - started} ms after the last commit`);
    const expected = Array.from({ length: total }, (_, i) => i + 1);
    for (const rows of seen) expect(rows).toEqual(expected);
    await Promise.all(feeds.map((f) => f.stop()));
  });

  it('a hub starting late catches up from its last folded seq, and a seq hole waits for its commit', async () => {
    const base = Number((await pool.query<{ m: string }>('SELECT coalesce(max(seq), 0) AS m FROM event')).rows[0]!.m);
    const rows: number[] = [];
    const feed = new EventFeed({ url, fromSeq: base - 3, pollMs: 100, onRows: (batch) => rows.push(...batch.map((r) => r.seq)) });
    await feed.start();
    await until(() => rows.length === 3);
    // base+2 commits before base+1: the feed must not skip base+1.
    await commitEvents(base + 2, 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(rows).toEqual([base - 2, base - 1, base]);
    await commitEvents(base + 1, 1);
    await until(() => rows.length === 5);
    expect(rows.slice(3)).toEqual([base + 1, base + 2]);
    await feed.stop();
  });
});
