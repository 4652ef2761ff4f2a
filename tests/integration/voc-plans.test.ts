import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allMigrations } from '../../services/server/migrations';
import type { SqlQuery } from '../../services/store/sql';
import { Store } from '../../services/store/store';
import {
  conversationMessages,
  customerMessages,
  dayOf,
  dayTotals,
  inboundAfter,
  recentCounts,
  topicCounts,
  topicMessages,
  topicsOfMessages,
} from '../../services/voc/repo';
import { corpusTexts, ensureQueues, generateAnalyses, generateMessages } from '../bench/vocData';

/*
 * Every query the topics board, the drill-down, the 360 and the job run reads through an index: asserted on
 * SQLite's own plan (EXPLAIN QUERY PLAN) over a generated store, so a query that would scan a table of a
 * million rows fails here rather than in a supervisor's afternoon (bench:voc measures the times).
 */
let store: Store;
let dir: string;
const now = Date.now();

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'switchboard-voc-plans-'));
  store = await Store.open({ file: path.join(dir, 'hub.sqlite'), migrations: allMigrations });
  await ensureQueues(store);
  await generateMessages(store, 3000, 30, now, corpusTexts());
  await generateAnalyses(store, 3000, 100, 30, now);
  // A hub that has run a while has statistics (PRAGMA optimize at every close): plan with them, as it will.
  await store.write((tx) => tx.exec('ANALYZE'));
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `query` against a reader that answers every statement with its plan instead of its rows. */
async function plansOf(query: (db: Pick<Store, 'get' | 'all'>) => Promise<unknown>): Promise<string[]> {
  const plans: string[] = [];
  const explain = async (q: SqlQuery) => {
    const rows = await store.all<{ detail: string }>({ text: `EXPLAIN QUERY PLAN ${q.text}`, values: q.values });
    plans.push(...rows.map((r) => r.detail));
    return [];
  };
  await query({ all: explain, get: async (q: SqlQuery) => (await explain(q))[0] });
  return plans;
}

/** Full scans of a table (plans name tables by their alias); walking a json_each list of ids is fine. */
const scans = (plans: readonly string[]) => plans.filter((p) => p.startsWith('SCAN ') && !p.includes('json_each'));

describe('voice of the customer: hot queries use indexes', () => {
  const today = dayOf(now);
  it.each([
    ['board counts', (db: Pick<Store, 'get' | 'all'>) => topicCounts(db, { prevFrom: today - 13, curFrom: today - 6, curTo: today }, {})],
    [
      'board counts, one queue',
      (db: Pick<Store, 'get' | 'all'>) => topicCounts(db, { prevFrom: today - 1, curFrom: today, curTo: today }, { queueId: 'sales' }),
    ],
    ['last hour (spikes)', (db: Pick<Store, 'get' | 'all'>) => recentCounts(db, now - 3_600_000, {})],
    ['spike baseline', (db: Pick<Store, 'get' | 'all'>) => dayTotals(db, [1, 2, 3], today - 7, today - 1, { channel: 'sms' })],
    ['drill-down', (db: Pick<Store, 'get' | 'all'>) => topicMessages(db, { topicId: 1, since: now - 86_400_000, limit: 30 })],
    ["a customer's messages", (db: Pick<Store, 'get' | 'all'>) => customerMessages(db, 5, 200)],
    ["a conversation's messages", (db: Pick<Store, 'get' | 'all'>) => conversationMessages(db, 5, 20)],
    ['topics of messages', (db: Pick<Store, 'get' | 'all'>) => topicsOfMessages(db, [1, 2, 3])],
    ['the job reading new messages', (db: Pick<Store, 'get' | 'all'>) => inboundAfter(db, 1000, 3000, 200)],
  ])('%s', async (_name, query) => {
    const plans = await plansOf(query);
    expect(plans.length).toBeGreaterThan(0);
    expect(scans(plans)).toEqual([]);
  });

  it('one queue or one channel seeks its covering index; all of them read the rollup', async () => {
    const days = { prevFrom: today - 13, curFrom: today - 6, curTo: today };
    expect((await plansOf((db) => topicCounts(db, days, { queueId: 'sales' }))).join()).toContain('COVERING INDEX voc_topic_day_queue');
    expect((await plansOf((db) => topicCounts(db, days, { channel: 'sms' }))).join()).toContain('COVERING INDEX voc_topic_day_channel');
    expect((await plansOf((db) => topicCounts(db, days, {}))).join()).toMatch(/SEARCH d USING PRIMARY KEY \(day>\? AND day<\?\)/);
    expect((await plansOf((db) => topicCounts(db, days, {}))).join()).not.toContain('queue');
  });
});
