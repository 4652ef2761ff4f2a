import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mediaRows } from '../../services/channels/telephony/repo';
import type { InboundEvent } from '../../services/ingest/inbound';
import { ingestInbound, ingestOnWorker, type IngestOptions } from '../../services/ingest/ingest';
import { IngestWorker } from '../../services/ingest/worker/client';
import { allMigrations } from '../../services/server/migrations';
import type { CheckpointOptions } from '../../services/store/checkpointer';
import { appendEvent, type EventRow } from '../../services/store/repos/events';
import { sql } from '../../services/store/sql';
import { Store } from '../../services/store/store';

// Batch ingest on the worker thread (services/ingest/worker) must store exactly what it stores on the main
// writer: same rows, same outcomes, event-log numbers continuing across the two connections without a gap
// or a repeat, each batch acknowledged only after its COMMIT, and nothing lost or doubled across a restart.

const T0 = Date.UTC(2026, 0, 5, 9);
const OPTIONS: IngestOptions = { reopenWindowMs: 3_600_000, stickyWindowMs: 72 * 3_600_000, now: () => T0 };

type Opened = Readonly<{ store: Store; worker: IngestWorker | null; events: EventRow[] }>;

let dir: string;
const open: Opened[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'switchboard-ingest-worker-'));
});
afterEach(async () => {
  for (const o of open.splice(0)) await closeStore(o);
  rmSync(dir, { recursive: true, force: true });
});

async function openStore(name: string, design: 'writer' | 'worker', fixtures = true, checkpoint?: CheckpointOptions): Promise<Opened> {
  const file = path.join(dir, `${name}.sqlite`);
  const store = await Store.open({ migrations: allMigrations, file, ...(checkpoint ? { checkpoint } : {}) });
  if (fixtures) {
    await store.write((tx) =>
      tx.run(sql`INSERT INTO queue (id, name, channels, sla_seconds) VALUES ('support', 'Support', '["sms","chat","email"]', 60)`),
    );
  }
  const worker = design === 'worker' ? await IngestWorker.start(file) : null;
  if (worker) ingestOnWorker(store, worker);
  const events: EventRow[] = [];
  store.onEvents((rows) => events.push(...rows));
  const opened = { store, worker, events };
  open.push(opened);
  return opened;
}

async function closeStore(o: Opened): Promise<void> {
  const i = open.indexOf(o);
  if (i >= 0) open.splice(i, 1);
  await o.store.close();
  await o.worker?.close();
}

const sms = (providerId: string, from: string, extra: Partial<InboundEvent> = {}): InboundEvent => ({
  channel: 'sms',
  providerId,
  from: { kind: 'phone', value: from },
  queueId: 'support',
  threadKey: `sms:${from}`,
  bodyText: `hello from ${from} (${providerId})`,
  ...extra,
});

/** New senders (set-wise path), a repeated sender and a repeated provider id in one batch (per-message path). */
const mixed = (): InboundEvent[] => [
  sms('SM1', '+12025550101'),
  sms('SM2', '+12025550102'),
  sms('SM3', '(202) 555-0101'),
  sms('SM1', '+12025550101'),
  sms('SM4', '+12025550103', { followUps: mediaRows([{ url: 'https://media.example/1', contentType: 'image/jpeg' }]) }),
];

async function dump(store: Store): Promise<unknown> {
  return {
    customers: await store.all(sql`SELECT id, display_name FROM customer ORDER BY id`),
    conversations: await store.all(sql`SELECT id, customer_id, state, thread_key FROM conversation ORDER BY id`),
    messages: await store.all(sql`SELECT id, conversation_id, provider_id, body_text FROM message ORDER BY id`),
    attachments: await store.all(sql`SELECT message_id, url FROM attachment ORDER BY id`),
    events: await store.all(sql`SELECT seq, type, conversation_id FROM event ORDER BY seq`),
  };
}

describe('ingest on the worker thread', () => {
  it('stores and answers exactly what ingest on the main writer does', async () => {
    const a = await openStore('a', 'writer');
    const b = await openStore('b', 'worker');
    const onA = await Promise.all(mixed().map((e) => ingestInbound(a.store, e, OPTIONS)));
    const onB = await Promise.all(mixed().map((e) => ingestInbound(b.store, e, OPTIONS)));
    expect(onB).toEqual(onA);
    expect(onB.map((r) => r.outcome)).toEqual(['created', 'created', 'created', 'duplicate', 'created']);
    // The third is the first sender written another way: the same customer (its thread key is its own).
    expect(onB[2]?.customerId).toBe(onB[0]?.customerId);
    expect(await dump(b.store)).toEqual(await dump(a.store));
    // The listeners saw the same committed events, in order.
    expect(b.events).toEqual(a.events);
  });

  it('continues the event numbering across main-writer writes and worker batches, without gaps or repeats', async () => {
    const b = await openStore('seq', 'worker');
    const work: Array<Promise<unknown>> = [];
    for (let i = 0; i < 40; i += 1) {
      work.push(ingestInbound(b.store, sms(`SMs${i}`, `+1202555${String(1000 + i)}`), OPTIONS));
      // A main-thread write unit that appends an event, in between the worker's batches.
      if (i % 7 === 0) work.push(b.store.write((tx) => appendEvent(tx, { at: T0, type: 'test/marker', data: { i } })));
    }
    await Promise.all(work);
    const seqs = (await b.store.all<{ seq: number }>(sql`SELECT seq FROM event ORDER BY seq`)).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(seqs.length).toBe(40 * 3 + 6);
    // Pushed to listeners in commit order, each once.
    expect(b.events.map((e) => e.seq)).toEqual(seqs);
  });

  it('fails only the message whose follow-up row fails; its retry is stored once', async () => {
    const b = await openStore('followups', 'worker');
    await b.store.write((tx) =>
      tx.run(
        sql`CREATE TRIGGER fail_follow_up BEFORE INSERT ON attachment WHEN NEW.url LIKE '%boom%' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
      ),
    );
    const mms = (id: string, from: string, url: string): InboundEvent =>
      sms(id, from, { followUps: mediaRows([{ url, contentType: 'image/jpeg' }]) });
    const first = await Promise.allSettled([
      ingestInbound(b.store, mms('MMa', '+12025550101', 'https://media.example/a'), OPTIONS),
      ingestInbound(b.store, mms('MMb', '+12025550102', 'https://media.example/boom'), OPTIONS),
    ]);
    expect(first.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    // The error keeps SQLite's code across the thread boundary (callers test it).
    expect((first[1] as PromiseRejectedResult).reason).toMatchObject({
      code: 'SQLITE_CONSTRAINT',
      message: expect.stringContaining('injected failure'),
    });
    await b.store.write((tx) => tx.run(sql`DROP TRIGGER fail_follow_up`));
    const retry = await ingestInbound(b.store, mms('MMb', '+12025550102', 'https://media.example/boom'), OPTIONS);
    expect(retry.outcome).toBe('created');
    const again = await ingestInbound(b.store, mms('MMb', '+12025550102', 'https://media.example/boom'), OPTIONS);
    expect(again.outcome).toBe('duplicate');
    expect(
      await b.store.all(sql`SELECT m.provider_id, a.url FROM attachment a JOIN message m ON m.id = a.message_id ORDER BY a.id`),
    ).toEqual([
      { provider_id: 'MMa', url: 'https://media.example/a' },
      { provider_id: 'MMb', url: 'https://media.example/boom' },
    ]);
  });

  it('an acknowledged message is on disk: after a restart everything is there once and numbering goes on', async () => {
    const first = await openStore('restart', 'worker');
    const acked = await Promise.all(
      Array.from({ length: 30 }, (_, i) => ingestInbound(first.store, sms(`SMr${i}`, `+1202555${2000 + i}`), OPTIONS)),
    );
    // Read on a separate connection before anything closes: the acknowledgement came after COMMIT.
    const other = await Store.open({ migrations: allMigrations, file: path.join(dir, 'restart.sqlite') });
    expect((await other.get<{ n: number }>(sql`SELECT count(*) AS n FROM message`))?.n).toBe(acked.length);
    await other.close();
    await closeStore(first);
    const second = await openStore('restart', 'worker', false);
    // Replays of every acknowledged message are duplicates; a new one continues the numbering.
    const replays = await Promise.all(
      Array.from({ length: 30 }, (_, i) => ingestInbound(second.store, sms(`SMr${i}`, `+1202555${2000 + i}`), OPTIONS)),
    );
    expect(replays.every((r) => r.outcome === 'duplicate')).toBe(true);
    await ingestInbound(second.store, sms('SMr-new', '+12025559999'), OPTIONS);
    expect((await second.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM message`))?.n).toBe(31);
    const seqs = (await second.store.all<{ seq: number }>(sql`SELECT seq FROM event ORDER BY seq`)).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 93 }, (_, i) => i + 1));
  });
});
