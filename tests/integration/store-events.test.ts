import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendEvent, type EventRow } from '../../services/store/repos/events';
import { sql } from '../../services/store/sql';
import { Store } from '../../services/store/store';
import { allMigrations } from '../../services/server/migrations';

// The writer numbers event rows itself and inserts them once per batch, just before COMMIT (fewer round
// trips per ingest). These pin down what that must preserve: order, no gaps, rollback, restart.
let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'switchboard-events-'));
  file = path.join(dir, 'store.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const seqs = async (store: Store): Promise<Array<{ seq: number; type: string }>> =>
  store.all(sql`SELECT seq, type FROM event ORDER BY seq`);

describe('event log through the group-committing writer', () => {
  it('a failing unit drops its events and its numbers; the batch-mates keep contiguous seqs in order', async () => {
    const store = await Store.open({ migrations: allMigrations, file });
    const published: EventRow[] = [];
    store.onEvents((events) => published.push(...events));
    const ev = (type: string) => (tx: Parameters<Parameters<Store['write']>[0]>[0]) => appendEvent(tx, { at: 1, type, data: { type } });
    // Queued in the same tick: one batch, with a failing unit in the middle.
    const results = await Promise.allSettled([
      store.write(async (tx) => [await ev('a1')(tx), await ev('a2')(tx)]),
      store.write(async (tx) => {
        await ev('bad')(tx);
        throw new Error('unit fails after appending');
      }),
      store.write(async (tx) => ev('c1')(tx)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[0] as PromiseFulfilledResult<number[]>).value).toEqual([1, 2]);
    expect((results[2] as PromiseFulfilledResult<number>).value).toBe(3);
    expect(await seqs(store)).toEqual([
      { seq: 1, type: 'a1' },
      { seq: 2, type: 'a2' },
      { seq: 3, type: 'c1' },
    ]);
    expect(published.map((e) => [e.seq, e.type])).toEqual([
      [1, 'a1'],
      [2, 'a2'],
      [3, 'c1'],
    ]);
    const row = await store.get<{ data: string }>(sql`SELECT data FROM event WHERE seq = 3`);
    expect(JSON.parse(row?.data ?? '{}')).toEqual({ type: 'c1' });
    await store.close();
  });

  it('a batch whose COMMIT-time insert fails is rejected whole and leaves no numbers behind', async () => {
    const store = await Store.open({ migrations: allMigrations, file });
    await store.write((tx) => appendEvent(tx, { at: 1, type: 'first' }));
    // A row with this seq already exists, so the deferred insert of the next batch collides.
    await store.write(async (tx) => {
      await tx.run(sql`INSERT INTO event (seq, at, type) VALUES (3, 1, 'planted')`);
    });
    const failed = Promise.allSettled([
      store.write((tx) => appendEvent(tx, { at: 2, type: 'x' })),
      store.write((tx) => appendEvent(tx, { at: 2, type: 'y' })),
    ]);
    expect((await failed).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await seqs(store)).map((r) => r.type)).toEqual(['first', 'planted']);
    await store.close();
  });

  it('numbering continues after a restart and interleaves with many concurrent units without gaps', async () => {
    const first = await Store.open({ migrations: allMigrations, file });
    await first.write((tx) => appendEvent(tx, { at: 1, type: 'before' }));
    await first.close();
    const store = await Store.open({ migrations: allMigrations, file });
    await Promise.all(Array.from({ length: 700 }, (_, i) => store.write((tx) => appendEvent(tx, { at: 2, type: `e${i}` }))));
    const rows = await seqs(store);
    expect(rows).toHaveLength(701);
    expect(rows.every((r, i) => r.seq === i + 1)).toBe(true);
    expect(rows.slice(1).map((r) => r.type)).toEqual(Array.from({ length: 700 }, (_, i) => `e${i}`));
    await store.close();
  });
});
