import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestInbound } from '../../services/ingest/ingest';
import { sql } from '../../services/store/sql';
import { type Store } from '../../services/store/store';
import { openIngestStore } from '../support/ingestStore';

// Ingest dedupes on message.provider_id UNIQUE instead of a look-up per message: the replay's unit must roll
// back whole (no second customer, no reopen, no events) and the caller must get the stored copy.
let store: Store;
let opened: Awaited<ReturnType<typeof openIngestStore>>;
beforeEach(async () => {
  opened = await openIngestStore('dedupe');
  store = opened.store;
});
afterEach(() => opened.close());

const count = async (table: string): Promise<number> =>
  (await store.get<{ n: number }>({ text: `SELECT count(*) AS n FROM ${table}`, values: [] }))?.n ?? 0;

describe('ingest dedupe on provider id', () => {
  it('the same provider id in one batch and in a later one: stored once, the others answered "duplicate"', async () => {
    const event = (from: string) => ({
      channel: 'sms' as const,
      providerId: 'SMdup',
      from: { kind: 'phone' as const, value: from },
      queueId: 'support',
      threadKey: `sms:${from}`,
      bodyText: 'hello',
    });
    // Same tick: one group-committed batch. The replay comes from another number, so it would otherwise
    // create a customer and a conversation of its own.
    const [first, second] = await Promise.all([ingestInbound(store, event('+12025550101')), ingestInbound(store, event('+12025550102'))]);
    const third = await ingestInbound(store, event('+12025550103'));
    expect([first.outcome, second.outcome, third.outcome]).toEqual(['created', 'duplicate', 'duplicate']);
    expect(second.message.id).toBe(first.message.id);
    expect(third.conversation.id).toBe(first.conversation.id);
    expect(await count('message')).toBe(1);
    expect(await count('conversation')).toBe(1);
    expect(await count('customer')).toBe(1);
    expect((await store.all<{ type: string }>(sql`SELECT type FROM event ORDER BY seq`)).map((e) => e.type)).toEqual([
      'conversation/created',
      'conversation/queued',
      'message/in',
    ]);
  });

  it('other write errors are not mistaken for duplicates', async () => {
    await expect(
      ingestInbound(store, {
        channel: 'sms',
        providerId: 'SMx',
        from: { kind: 'phone', value: '+12025550104' },
        queueId: 'no-such-queue',
        bodyText: 'hi',
      }),
    ).rejects.toThrow(/FOREIGN KEY/);
    expect(await count('customer')).toBe(0);
  });

  it('the hot-path joins use indexes (identity by kind+value, identities by customer)', async () => {
    const plan = async (q: ReturnType<typeof sql>): Promise<string> =>
      (await store.all<{ detail: string }>({ text: `EXPLAIN QUERY PLAN ${q.text}`, values: q.values })).map((r) => r.detail).join(' | ');
    const resolve = await plan(
      sql`SELECT i.customer_id, c.merged_into FROM identity i JOIN customer c ON c.id = i.customer_id WHERE i.kind = ${'phone'} AND i.value = ${'+1'}`,
    );
    expect(resolve).toMatch(/SEARCH i USING (COVERING )?INDEX \S+ \(kind=\? AND value=\?\)/);
    expect(resolve).toMatch(/SEARCH c USING INTEGER PRIMARY KEY/);
    const summary = await plan(
      sql`SELECT c.id, c.display_name, i.kind, i.value FROM customer c LEFT JOIN identity i ON i.customer_id = c.id WHERE c.id = ${1} ORDER BY i.id`,
    );
    expect(summary).toMatch(/SEARCH c USING INTEGER PRIMARY KEY/);
    expect(summary).toMatch(/SEARCH i USING INDEX identity_customer/);
    expect(summary).not.toMatch(/SCAN/);
  });
});
