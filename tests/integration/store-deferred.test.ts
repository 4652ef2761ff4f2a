import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestInbound } from '../../services/ingest/ingest';
import { appendEvent, type EventRow } from '../../services/store/repos/events';
import { sql, valuesLiteral } from '../../services/store/sql';
import { Store } from '../../services/store/store';
import { allMigrations } from '../../services/server/migrations';

// Units may leave statements for the writer to run at the unit's end (Connection.deferredSql): batch ingest
// puts its inserts there. A deferred statement that fails must fail its own unit only, wherever the unit
// sits in the group commit, and drop that unit's event rows. Faults are injected with a real SQLite trigger.
let dir: string;
let store: Store;
let committedEvents: EventRow[];
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'switchboard-deferred-'));
  store = await Store.open({ migrations: allMigrations, file: path.join(dir, 'hub.sqlite') });
  committedEvents = [];
  store.onEvents((rows) => committedEvents.push(...rows));
  await store.write(async (tx) => {
    await tx.run(sql`INSERT INTO queue (id, name, channels, sla_seconds) VALUES ('support', 'Support', '["sms"]', 60)`);
    await tx.exec(`CREATE TABLE note (body TEXT NOT NULL);
      CREATE TRIGGER note_boom BEFORE INSERT ON note WHEN NEW.body = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END;
      CREATE TRIGGER message_boom BEFORE INSERT ON message WHEN NEW.body_text = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END;`);
  });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const notes = async (): Promise<string[]> =>
  (await store.all<{ body: string }>(sql`SELECT body FROM note ORDER BY rowid`)).map((r) => r.body);

/** A unit that defers one insert and appends one event. */
const noteUnit = (body: string) =>
  store.write(async (tx) => {
    tx.deferredSql.push(`INSERT INTO note (body) VALUES ('${body}')`);
    await appendEvent(tx, { at: 1, type: 'test/note', data: { body } });
    return body;
  });

describe('deferred statements in the writer', () => {
  it('run at the end of their unit, in the middle of a group commit and as its last unit', async () => {
    const results = await Promise.all([noteUnit('a'), noteUnit('b'), noteUnit('c')]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(await notes()).toEqual(['a', 'b', 'c']);
    expect(committedEvents.map((e) => e.data.body)).toEqual(['a', 'b', 'c']);
  });

  it('a failing deferred statement fails its unit alone, in the middle or last, with its events', async () => {
    const results = await Promise.allSettled([noteUnit('a'), noteUnit('boom'), noteUnit('c'), noteUnit('boom')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toContain('boom');
    expect(await notes()).toEqual(['a', 'c']);
    expect(committedEvents.map((e) => e.data.body)).toEqual(['a', 'c']);
    // Event numbering continues without holes left by the failed units.
    expect(committedEvents.map((e) => e.seq)).toEqual([committedEvents[0]!.seq, committedEvents[0]!.seq + 1]);
    // The writer goes on.
    expect(await noteUnit('d')).toBe('d');
  });
});

describe('batch ingest when its set-wise insert fails', () => {
  it('retries the batch one message at a time: only the bad message is refused', async () => {
    const sms = (i: number, body: string) => ({
      channel: 'sms' as const,
      providerId: `SM${i}`,
      from: { kind: 'phone' as const, value: `+1202555${String(1000 + i)}` },
      queueId: 'support',
      threadKey: `sms:${i}`,
      bodyText: body,
    });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => ingestInbound(store, sms(i, i === 3 ? 'boom' : `hello ${i}`))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const stored = await store.all<{ provider_id: string; body_text: string }>(sql`SELECT provider_id, body_text FROM message ORDER BY id`);
    expect(stored.map((m) => m.provider_id)).toEqual(['SM1', 'SM2', 'SM4', 'SM5']);
    // No orphan customer or conversation from the refused message, and no duplicates from the retry.
    expect((await store.get<{ n: number }>(sql`SELECT count(*) AS n FROM conversation`))?.n).toBe(4);
    expect((await store.get<{ n: number }>(sql`SELECT count(*) AS n FROM customer`))?.n).toBe(4);
    expect(committedEvents.filter((e) => e.type === 'message/in')).toHaveLength(4);
  });
});

describe('VALUES literals for exec', () => {
  it('store quotes, backslashes, NUL, emoji, numbers, booleans and NULL exactly as bound parameters would', async () => {
    const texts = [
      "it's",
      "''",
      'say "hi"',
      'C:\\udata\\x',
      'nul\u0000byte',
      '\u0000',
      'emoji 🎉',
      'lone \ud800 high',
      'lone \udc00 low',
      '\u2028',
      "'); DROP TABLE message; --",
    ];
    const others = [0, -5, 1.5, 2 ** 53, true, false, null, undefined, Number.NaN];
    const rows = await store.write(async (tx) => {
      await tx.exec(`CREATE TEMP TABLE lit (i INTEGER, v ANY)`);
      await tx.exec(`INSERT INTO temp.lit (i, v) VALUES ${valuesLiteral([...texts, ...others].map((v, i) => [i, v]))}`);
      return tx.all<{ v: unknown }>(sql`SELECT v FROM temp.lit ORDER BY i`);
    });
    // What the binding stores for the same values, bound one by one.
    const bound = await store.write(async (tx) => {
      const out: unknown[] = [];
      for (const v of [...texts, ...others]) out.push((await tx.all<{ v: unknown }>(sql`SELECT ${Number.isNaN(v) ? null : v} AS v`))[0]?.v);
      return out;
    });
    expect(rows.map((r) => r.v)).toEqual(bound);
    expect(rows[4]?.v).toBe('nul\u0000byte');
    expect(rows[7]?.v).toBe('lone \ufffd high');
    expect((await store.get<{ n: number }>(sql`SELECT count(*) AS n FROM sqlite_master WHERE name = 'message'`))?.n).toBe(1);
  });

  it('refuse an empty row list instead of writing invalid SQL', () => {
    expect(() => valuesLiteral([])).toThrow(/no rows/);
  });
});
