import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestInbound } from '../../services/ingest/ingest';
import { sql } from '../../services/store/sql';
import { Store } from '../../services/store/store';

// Ingest dedupes on message.provider_id UNIQUE instead of a look-up per message: the replay's unit must roll
// back whole (no second customer, no reopen, no events) and the caller must get the stored copy.
let dir: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'switchboard-dedupe-'));
  store = await Store.open({ file: path.join(dir, 'hub.sqlite') });
  await store.write((tx) =>
    tx.run(sql`INSERT INTO queue (id, name, channels, sla_seconds) VALUES ('support', 'Support', '["sms","chat"]', 60)`),
  );
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

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
});
