import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { allMigrations } from '../../services/server/migrations';
import { sql } from '../../services/store/sql';
import { Store } from '../../services/store/store';
import { analyseMessage } from '../../services/voc/analyse';
import { defaultJobOptions, VocJob } from '../../services/voc/job';
import { ANALYSIS_THREAD_LIMITS, WorkerAnalyser } from '../../services/voc/worker/analyser';
import { corpusTexts, ensureQueues, generateMessages, variant } from '../bench/vocData';

const texts = corpusTexts();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function analyser(entry?: URL): { analyser: WorkerAnalyser; started: Worker[]; crashed: Error[]; fellBack: Error[] } {
  const started: Worker[] = [];
  const crashed: Error[] = [];
  const fellBack: Error[] = [];
  const a = new WorkerAnalyser(
    { started: (w) => started.push(w), crashed: (e) => crashed.push(e), fellBack: (e) => fellBack.push(e) },
    entry,
  );
  cleanups.push(() => a.close());
  return { analyser: a, started, crashed, fellBack };
}

describe('customer-text analysis on its own thread', () => {
  it('reads the labelled corpus on a worker thread, with exactly the analyses of the in-process analyser', async () => {
    const { analyser: a, started, fellBack } = analyser();
    const onThread = await a.analyse(texts);
    expect(a.mode).toBe('worker');
    expect(fellBack).toEqual([]);
    expect(started).toHaveLength(1);
    expect(started[0]!.threadId).toBeGreaterThan(0);
    expect(onThread).toEqual(texts.map((t) => analyseMessage(t)));
    // Later chunks go to the same thread.
    await a.analyse(texts.slice(0, 3));
    expect(started).toHaveLength(1);
  });

  it('runs in a small V8 heap (1 MB semi-space, 128 MB ceiling) and still gives the in-process analyses', async () => {
    const { analyser: a, started } = analyser();
    // Enough varied texts for many young-generation collections in the thread.
    const many = Array.from({ length: 2000 }, (_, i) => variant(texts, i));
    const onThread: unknown[] = [];
    for (let i = 0; i < many.length; i += 25) onThread.push(...(await a.analyse(many.slice(i, i + 25))));
    expect(started[0]!.resourceLimits).toMatchObject({ maxYoungGenerationSizeMb: 3, maxOldGenerationSizeMb: 128 });
    expect(ANALYSIS_THREAD_LIMITS).toEqual({ maxYoungGenerationSizeMb: 3, maxOldGenerationSizeMb: 128 });
    expect(onThread).toEqual(many.map((t) => analyseMessage(t)));
  });

  it('falls back to in-process analysis, said once, when the thread cannot start', async () => {
    const missing = pathToFileURL(path.join(tmpdir(), 'no-such-dir', 'vocWorker.mjs'));
    const { analyser: a, fellBack } = analyser(missing);
    expect(await a.analyse(texts.slice(0, 10))).toEqual(texts.slice(0, 10).map((t) => analyseMessage(t)));
    expect(await a.analyse(texts.slice(10, 12))).toEqual(texts.slice(10, 12).map((t) => analyseMessage(t)));
    expect(a.mode).toBe('in-process');
    expect(fellBack).toHaveLength(1);
  });

  it('a thread that dies mid-batch is replaced and the job stores every message, none skipped', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-voc-worker-'));
    const store = await Store.open({ file: path.join(dir, 'hub.sqlite'), migrations: allMigrations });
    cleanups.push(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    await ensureQueues(store);
    const n = 240;
    await generateMessages(store, n, 1, Date.now(), texts);

    const started: Worker[] = [];
    const crashed: Error[] = [];
    // The first thread is ended right after its first answer: the next chunk of the same batch is in
    // flight to a dead thread (or posted to it).
    let replies = 0;
    const killFirst = (w: Worker): void => {
      if (started.length !== 1) return;
      w.on('message', (m: unknown) => {
        if (typeof m === 'object' && m !== null && 'id' in m && ++replies === 1) void w.terminate();
      });
    };
    const watched = new WorkerAnalyser(
      {
        started: (w) => {
          started.push(w);
          killFirst(w);
        },
        crashed: (e) => crashed.push(e),
      },
      undefined,
    );
    cleanups.push(() => watched.close());
    const errors: unknown[] = [];
    const job = new VocJob(
      store,
      Date.now,
      { changed() {}, spike() {}, progress() {}, error: (e) => errors.push(e) },
      { ...defaultJobOptions, batchSize: 100, pollMs: 50 },
      watched,
    );
    await job.start();
    cleanups.push(() => job.stop());
    const deadline = Date.now() + 60_000;
    while ((await job.progress()).analysedTo < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

    expect((await job.progress()).analysedTo).toBe(n);
    expect(started.length).toBeGreaterThanOrEqual(2);
    expect(crashed.length).toBeGreaterThanOrEqual(1);
    expect(errors).toEqual([]);
    const stored = await store.all<{ message_id: number; language: string; sentiment: number | null }>(
      sql`SELECT message_id, language, sentiment FROM voc_message ORDER BY message_id`,
    );
    expect(stored.map((r) => r.message_id)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    for (const row of stored) {
      const expected = analyseMessage(variant(texts, row.message_id - 1));
      expect({ language: row.language, sentiment: row.sentiment }).toEqual({ language: expected.language, sentiment: expected.sentiment });
    }
  });
});
