import type { Store } from '../store/store';
import { ingestBatch, type BatchItem } from './batch';
import { InboundEvent } from './inbound';
import { defaultIngestOptions, type IngestOptions, type IngestResult } from './single';
import type { IngestWorker } from './worker/client';

export { defaultIngestOptions, type IngestOptions, type IngestOutcome, type IngestResult } from './single';

/**
 * The one path for every inbound message: dedupe on the provider id, resolve the customer, thread, append,
 * write events, COMMIT. Resolves only after the commit, so the caller may acknowledge to the provider.
 * Routing happens after this returns (see hub/contactCenter), never inside the transaction.
 *
 * Messages that arrive while the writer is busy are ingested together in one write unit (ingestBatch).
 */
export async function ingestInbound(
  store: Store,
  input: InboundEvent,
  options: IngestOptions = defaultIngestOptions,
): Promise<IngestResult> {
  const event = InboundEvent.parse(input);
  return batcherFor(store).submit({ event, options });
}

const batchers = new WeakMap<Store, IngestBatcher>();
const workers = new WeakMap<Store, IngestWorker>();

/**
 * From now on, batches for `store` are ingested on `worker` (its own connection, off the main thread) instead
 * of on the store's writer connection. Call before the first ingest; close the worker before the store.
 */
export function ingestOnWorker(store: Store, worker: IngestWorker): void {
  if (batchers.has(store)) throw new Error('ingestOnWorker: call it before the first message is ingested');
  workers.set(store, worker);
}

function batcherFor(store: Store): IngestBatcher {
  let batcher = batchers.get(store);
  if (!batcher) {
    batcher = new IngestBatcher(store, workers.get(store));
    batchers.set(store, batcher);
  }
  return batcher;
}

type Waiting = BatchItem & Readonly<{ resolve: (result: IngestResult) => void; reject: (error: unknown) => void }>;

/**
 * Collects inbound messages and hands them to the writer as one unit. The unit is queued when the first
 * message arrives but takes the messages when it runs, so everything that came in while the writer was busy
 * (the previous transaction, its COMMIT) rides along: the batch grows with load, and an idle hub still
 * writes a lone message at once.
 */
class IngestBatcher {
  private waiting: Waiting[] = [];
  private queued = false;

  constructor(
    private readonly store: Store,
    /** Where batches run when set (see ingestOnWorker); on the store's writer connection otherwise. */
    private readonly worker: IngestWorker | undefined,
    /** Bounds one unit's statements' size (bodies are inlined as SQL literals) and how long it holds the write lock. */
    private readonly maxBatch = 256,
  ) {}

  submit(item: BatchItem): Promise<IngestResult> {
    return new Promise<IngestResult>((resolve, reject) => {
      this.waiting.push({ ...item, resolve, reject });
      this.queue();
    });
  }

  private queue(): void {
    if (this.queued || this.waiting.length === 0) return;
    this.queued = true;
    void this.flush();
  }

  private async flush(): Promise<void> {
    // Set when the unit runs (a holder object: TypeScript does not track assignments inside the closure).
    const run: { taken: Waiting[] | null } = { taken: null };
    try {
      const take = (): Waiting[] => {
        const taken = this.waiting.splice(0, this.maxBatch);
        run.taken = taken;
        this.queued = false;
        this.queue();
        return taken;
      };
      const worker = this.worker;
      const outcomes = worker
        ? await this.store.writeOutside(async (tx) => {
            // An idle writer runs this at once, inside the first submit: one microtask lets the messages
            // submitted in the same tick join the batch (on the main writer, its BEGIN round trip does that).
            await Promise.resolve();
            const taken = take();
            // The worker cannot call the hub's clock: it is read once for the batch, as the unit starts.
            return worker.ingest(tx, taken, taken[0]?.options.now() ?? Date.now());
          })
        : await this.store.write((tx) => ingestBatch(tx, take()));
      run.taken?.forEach((item, i) => {
        const outcome = outcomes[i];
        if (outcome?.ok) item.resolve(outcome.value);
        else item.reject(outcome?.error ?? new Error('batch ingest returned no outcome'));
      });
    } catch (error) {
      const taken = run.taken;
      if (taken === null) {
        // The unit never ran (a closed store): nothing can be stored.
        const all = this.waiting.splice(0);
        this.queued = false;
        for (const item of all) item.reject(error);
        return;
      }
      // The unit failed as a whole (its deferred inserts, or the transaction): nothing of it is stored. Its
      // messages go back to the front of the line, each to be tried on its own, so one bad message cannot cost
      // the others; no later message has been written yet (the next unit runs after this callback).
      const retry = taken.filter((item) => !item.perMessage);
      for (const item of taken) if (item.perMessage) item.reject(error);
      if (retry.length > 0) {
        this.waiting.unshift(...retry.map((item) => ({ ...item, perMessage: true })));
        this.queue();
      }
    }
  }
}
