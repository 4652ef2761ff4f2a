import { describe, expect, it } from 'vitest';
import { appendEvent, type EventRow } from '../../../services/store/repos/events';
import { sql } from '../../../services/store/sql';
import type { Connection } from '../../../services/store/engine';
import { inSavepoint } from '../../../services/store/savepoint';
import { ENGINES, storeEngines } from './engines';

const place = storeEngines();
const insertQueue = (tx: Connection, id: string) =>
  tx.run(sql`INSERT INTO queue (id, name, channels, sla_seconds) VALUES (${id}, ${id}, '["sms"]', 60)`);
const queueIds = async (db: { all: Connection['all'] }) =>
  (await db.all<{ id: string }>(sql`SELECT id FROM queue ORDER BY id`)).map((r) => r.id);

describe.each(ENGINES)('the writer on %s', (engine) => {
  it('commits units queued together in one batch, rolling a failing one back alone', async () => {
    const store = await (await place(engine)).open();
    const results = await Promise.allSettled([
      store.write((tx) => insertQueue(tx, 'a')),
      store.write(async (tx) => {
        await insertQueue(tx, 'b');
        await appendEvent(tx, { at: 1, type: 'doomed' });
        throw new Error('unit fails after writing');
      }),
      // A statement error (duplicate key) fails its unit; on PostgreSQL the savepoint revives the transaction.
      store.write((tx) => insertQueue(tx, 'a')),
      store.write((tx) => insertQueue(tx, 'c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(await queueIds(store)).toEqual(['a', 'c']);
    expect(await store.all(sql`SELECT type FROM event`)).toEqual([]);
  });

  it('resolves a write only once a reader can see it (committed before acknowledged)', async () => {
    const store = await (await place(engine)).open();
    for (let i = 0; i < 20; i += 1) {
      await store.write((tx) => insertQueue(tx, `q${i}`));
      expect(await store.get(sql`SELECT id FROM queue WHERE id = ${`q${i}`}`)).toEqual({ id: `q${i}` });
    }
  });

  it('numbers events in commit order without gaps, publishes them after COMMIT, and goes on after a restart', async () => {
    const p = await place(engine);
    const store = await p.open();
    const published: EventRow[] = [];
    store.onEvents((events) => published.push(...events));
    const writes = Array.from({ length: 30 }, (_, i) =>
      store.write(async (tx) => {
        const seq = await appendEvent(tx, { at: i, type: `e${i}`, data: { i, text: "it's -- ? $1 \\ ok" } });
        if (i % 7 === 3) throw new Error('dropped');
        return seq;
      }),
    );
    const settled = await Promise.allSettled(writes);
    const kept = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(kept).toEqual(kept.map((_, i) => i + 1));
    const rows = await store.all<{ seq: number; type: string; data: string }>(sql`SELECT seq, type, data FROM event ORDER BY seq`);
    expect(rows.map((r) => r.seq)).toEqual(kept);
    expect(published.map((e) => e.seq)).toEqual(kept);
    expect(JSON.parse(rows[0]!.data)).toEqual({ i: 0, text: "it's -- ? $1 \\ ok" });
    await store.close();
    const again = await p.open();
    expect(await again.write((tx) => appendEvent(tx, { at: 99, type: 'after-restart' }))).toBe(kept.length + 1);
  });

  it('rolls back a savepoint inside a unit and keeps the rest of the unit', async () => {
    const store = await (await place(engine)).open();
    await store.write(async (tx) => {
      await insertQueue(tx, 'kept');
      await expect(
        inSavepoint(tx, 'nested', async () => {
          await appendEvent(tx, { at: 1, type: 'inner' });
          await insertQueue(tx, 'kept');
        }),
      ).rejects.toThrow();
      await insertQueue(tx, 'also');
      await appendEvent(tx, { at: 2, type: 'outer' });
    });
    expect(await queueIds(store)).toEqual(['also', 'kept']);
    expect(await store.all(sql`SELECT seq, type FROM event`)).toEqual([{ seq: 1, type: 'outer' }]);
  });

  it('runs every migration once: reopening applies nothing again', async () => {
    const p = await place(engine);
    const store = await p.open();
    const ledger = await store.all<{ version: number }>(sql`SELECT version FROM schema_migration ORDER BY version`);
    expect(ledger.length).toBeGreaterThanOrEqual(19);
    await store.close();
    const again = await p.open();
    expect(await again.all(sql`SELECT version FROM schema_migration ORDER BY version`)).toEqual(ledger);
  });

  it('returns lastID and changes the same way', async () => {
    const store = await (await place(engine)).open();
    const [first, second, changed] = await store.write(async (tx) => {
      const a = await tx.run(sql`INSERT INTO customer (display_name, created_at) VALUES ('A', 1)`);
      const b = await tx.run(sql`INSERT INTO customer (display_name, created_at) VALUES ('B', 1)`);
      const c = await tx.run(sql`UPDATE customer SET display_name = 'x' WHERE id IN (${a.lastID}, ${b.lastID})`);
      return [a.lastID, b.lastID, c.changes];
    });
    expect([first, second, changed]).toEqual([1, 2, 2]);
    // Ids an insert gets after rows numbered by the writer itself (batch ingest): MAX(id) + 1, as SQLite does.
    await store.write((tx) => tx.exec(`INSERT INTO customer (id, display_name, created_at) VALUES (10, 'C', 1)`));
    expect(await store.write((tx) => tx.run(sql`INSERT INTO customer (display_name, created_at) VALUES ('D', 1)`))).toMatchObject({
      lastID: 11,
    });
  });
});

describe('PostgreSQL with several hubs on one database', () => {
  it('three hubs starting together migrate once, and their writers number events in one commit order', async () => {
    const p = await place('postgres');
    const hubs = await Promise.all([p.open(), p.open(), p.open()]);
    const ledger = await hubs[0].all<{ version: number; n: number }>(
      sql`SELECT version, count(*) AS n FROM schema_migration GROUP BY version ORDER BY version`,
    );
    expect(ledger.every((r) => r.n === 1)).toBe(true);
    expect(ledger.length).toBeGreaterThanOrEqual(19);

    const published = hubs.map(() => [] as number[]);
    hubs.forEach((h, i) => h.onEvents((events) => published[i]!.push(...events.map((e) => e.seq))));
    const writes = Array.from({ length: 90 }, (_, i) =>
      hubs[i % 3]!.write(async (tx) => {
        await tx.run(sql`INSERT INTO customer (display_name, created_at) VALUES (${`c${i}`}, ${i})`);
        return appendEvent(tx, { at: i, type: 'hub', data: { hub: i % 3 } });
      }),
    );
    const seqs = await Promise.all(writes);
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
    // Each hub saw its own events in increasing seq order, and all of them are stored once.
    for (const list of published) expect(list).toEqual([...list].sort((a, b) => a - b));
    expect(published.flat().sort((a, b) => a - b)).toEqual(seqs.sort((a, b) => a - b));
    expect((await hubs[1].get<{ n: number }>(sql`SELECT count(DISTINCT id) AS n FROM customer`))!.n).toBe(90);
  });
});

describe('PostgreSQL connections that break', () => {
  it('a write after the server dropped the writer connection runs on a new one; reads go on', async () => {
    const store = await (await place('postgres')).open();
    await store.write((tx) => insertQueue(tx, 'before'));
    // What a database restart or a failover does to the hub's connections: terminated from the server side.
    const killed = await store.all<{ ok: number }>(
      sql`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'switchboard-writer' AND datname = current_database()`,
    );
    expect(killed).toEqual([{ ok: 1 }]);
    let after: unknown = null;
    for (let attempt = 0; attempt < 3 && after === null; attempt += 1) {
      // The first write may meet the dead connection and fail (it was not acknowledged); the next reconnects.
      try {
        await store.write((tx) => insertQueue(tx, 'after'));
        after = 'written';
      } catch {
        after = null;
      }
    }
    expect(after).toBe('written');
    expect(await queueIds(store)).toEqual(['after', 'before']);
    expect(await store.write((tx) => appendEvent(tx, { at: 1, type: 'still numbered' }))).toBe(1);
  });
});
