import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from '../../services/store/sql';
import { ingestLookupsQuery } from '../../services/store/repos/ingestLookups';
import { Store } from '../../services/store/store';
import { allMigrations } from '../../services/server/migrations';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'switchboard-store-'));
  file = path.join(dir, 'store.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function plan(store: Store, query: ReturnType<typeof sql>): Promise<string> {
  const rows = await store.all<{ detail: string }>({ text: `EXPLAIN QUERY PLAN ${query.text}`, values: query.values });
  return rows.map((r) => r.detail).join(' | ');
}

describe('store', () => {
  it('applies every migration once and records it in user_version; WAL and foreign keys are on', async () => {
    const store = await Store.open({ migrations: allMigrations, file });
    const version = await store.get<{ user_version: number }>(sql`PRAGMA user_version`);
    expect(version?.user_version).toBe(allMigrations.at(-1)?.version);
    const mode = await store.get<{ journal_mode: string }>(sql`PRAGMA journal_mode`);
    expect(mode?.journal_mode).toBe('wal');
    await expect(
      store.write((tx) => tx.run(sql`INSERT INTO identity (customer_id, kind, value, created_at) VALUES (999, 'email', 'x@y', 0)`)),
    ).rejects.toThrow(/FOREIGN KEY/);
    await store.close();
    const again = await Store.open({ migrations: allMigrations, file });
    expect((await again.get<{ user_version: number }>(sql`PRAGMA user_version`))?.user_version).toBe(allMigrations.at(-1)?.version);
    await again.close();
  });

  it('refuses a database from a newer hub', async () => {
    const store = await Store.open({ migrations: allMigrations, file });
    await store.write((tx) => tx.exec('PRAGMA user_version = 9999'));
    await store.close();
    await expect(Store.open({ migrations: allMigrations, file })).rejects.toThrow(/newer than this hub/);
  });

  it('group commit: concurrent writes share transactions; a failing unit rolls back alone', async () => {
    const store = await Store.open({ migrations: allMigrations, file });
    const ok = Array.from({ length: 50 }, (_, i) =>
      store.write((tx) => tx.run(sql`INSERT INTO customer (display_name, created_at) VALUES (${`c${i}`}, ${i})`)),
    );
    const bad = store.write(async (tx) => {
      await tx.run(sql`INSERT INTO customer (display_name, created_at) VALUES ('doomed', 0)`);
      throw new Error('unit failed');
    });
    await Promise.all(ok);
    await expect(bad).rejects.toThrow('unit failed');
    const rows = await store.all<{ display_name: string }>(sql`SELECT display_name FROM customer`);
    expect(rows).toHaveLength(50);
    expect(rows.some((r) => r.display_name === 'doomed')).toBe(false);
    await store.close();
  });

  it('a resolved write is durable across close/reopen', async () => {
    const store = await Store.open({ migrations: allMigrations, file });
    await store.write((tx) => tx.run(sql`INSERT INTO customer (display_name, created_at) VALUES ('kept', 1)`));
    await store.close();
    const again = await Store.open({ migrations: allMigrations, file });
    expect((await again.get<{ n: number }>(sql`SELECT count(*) AS n FROM customer WHERE display_name = 'kept'`))?.n).toBe(1);
    await again.close();
  });

  // Migration 0001: the queries on the hot paths must be answered from an index, not a table scan.
  describe('0001 query plans', () => {
    const hot: Array<[string, ReturnType<typeof sql>, RegExp]> = [
      ['dedupe by provider id', sql`SELECT * FROM message WHERE provider_id = ${'SM1'}`, /USING INDEX sqlite_autoindex_message_1/],
      [
        'identity lookup',
        sql`SELECT customer_id FROM identity WHERE kind = ${'email'} AND value = ${'a@b'}`,
        /USING INDEX sqlite_autoindex_identity_1/,
      ],
      [
        'thread lookup',
        sql`SELECT * FROM conversation WHERE thread_key = ${'k'} ORDER BY created_at DESC, id DESC LIMIT 1`,
        /USING INDEX conversation_thread/,
      ],
      [
        'open work at start-up',
        sql`SELECT * FROM conversation WHERE state IN ('queued','offered','active','wrap_up') ORDER BY id`,
        /USING INDEX conversation_state/,
      ],
      [
        'agent work list',
        sql`SELECT * FROM conversation WHERE assigned_agent_id = ${1} AND state IN ('active','wrap_up')`,
        /USING INDEX conversation_agent/,
      ],
      [
        'messages of a conversation',
        sql`SELECT * FROM message WHERE conversation_id = ${1} ORDER BY id DESC LIMIT 500`,
        /USING (COVERING )?INDEX message_conversation/,
      ],
      [
        'customer history',
        sql`SELECT * FROM conversation WHERE customer_id = ${1} ORDER BY created_at DESC`,
        /USING INDEX conversation_customer/,
      ],
      ['events of a conversation', sql`SELECT * FROM event WHERE conversation_id = ${1} ORDER BY seq`, /USING INDEX event_conversation/],
      ['events of a day', sql`SELECT * FROM event WHERE at >= ${0} AND at < ${86_400_000} ORDER BY at`, /USING INDEX event_at/],
      [
        'session by token',
        sql`SELECT agent_id FROM session WHERE token_hash = ${'h'} AND expires_at > ${0}`,
        /USING INDEX sqlite_autoindex_session_1/,
      ],
    ];
    it.each(hot)('%s uses an index', async (_name, query, expected) => {
      const store = await Store.open({ migrations: allMigrations, file });
      const detail = await plan(store, query);
      await store.close();
      expect(detail).toMatch(expected);
      expect(detail).not.toMatch(/^SCAN (message|identity|event|session)\b/);
    });
  });

  // Batch ingest's one look-up statement: every part must be an index search driven by the batch's keys.
  it('the batch ingest look-up searches indexes only, whatever the batch', async () => {
    const store = await Store.open({ migrations: allMigrations, file });
    const detail = await plan(
      store,
      ingestLookupsQuery({
        identities: [{ kind: 'phone', value: '+12025550101' }],
        conversationIds: [1],
        threadKeys: ['sms:+12025550101:+12025550199'],
        providerIds: ['SM1'],
        queueIds: ['support'],
      }),
    );
    await store.close();
    expect(detail).toMatch(/SEARCH i USING INDEX sqlite_autoindex_identity_1/);
    expect(detail).toMatch(/USING (COVERING )?INDEX conversation_thread/);
    expect(detail).toMatch(/USING (COVERING )?INDEX sqlite_autoindex_message_1/);
    expect(detail).not.toMatch(/\bSCAN (message|identity|conversation|customer|event)\b/);
  });
});
