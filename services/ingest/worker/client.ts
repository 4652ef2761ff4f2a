import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../threads/startWorker';
import type { Connection } from '../../store/connection';
import type { BatchItem, BatchOutcome } from '../batch';
import type { IngestOptions } from '../single';
import { fromWire, type WireItem, type WireOptions, type WorkerReady, type WorkerReply, type WorkerRequest } from './protocol';

/**
 * Batch ingest on a worker thread with its own sqlite3 connection.
 *
 * On the main thread every node-sqlite3 call is a hop to libuv's pool and back, and a batch makes several
 * (look-up, savepoint, inserts + COMMIT): each hop wakes a pool thread that then competes with the main
 * thread for a core while requests wait (docs/benchmarks.md, "Ingest"). Here the main thread posts the
 * batch once and gets one message back after COMMIT; the statements' hops happen on the worker's side.
 *
 * Durability is unchanged: the reply comes after the worker's COMMIT, and only then are the callers'
 * promises resolved (so the provider is acknowledged after the commit). The worker writes only when the
 * main writer hands it the turn (Store.writeOutside), so the two connections never contend for the lock,
 * and the event log's numbering passes from one to the other with the turn.
 */
export class IngestWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (reply: WorkerReply) => void>();
  private nextId = 1;
  private failed: Error | null = null;
  private readonly ready: Promise<void>;

  private constructor(file: string) {
    this.worker = startWorker(import.meta.url, 'ingestWorker', { file });
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.once('message', (message: WorkerReady) => {
        if (message.ready) resolve();
        else reject(fromWire(message.error));
      });
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => reject(new Error(`ingest worker exited (${code}) before its connection opened`)));
    });
    this.worker.on('message', (message: WorkerReply | WorkerReady) => {
      if (!('id' in message)) return;
      const settle = this.pending.get(message.id);
      this.pending.delete(message.id);
      settle?.(message);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`ingest worker exited (${code})`)));
  }

  /** Starts the worker on the hub's database file; resolves once its connection is open. */
  static async start(file: string): Promise<IngestWorker> {
    const worker = new IngestWorker(file);
    await worker.ready;
    return worker;
  }

  /**
   * Ingests `items` in one transaction on the worker; called by the writer when it is this batch's turn
   * (`tx` is the main writer connection, whose event numbering the worker continues).
   */
  async ingest(tx: Connection, items: readonly BatchItem[], now: number): Promise<{ value: BatchOutcome[]; events: readonly unknown[] }> {
    if (this.failed) throw this.failed;
    const id = this.nextId++;
    const request: WorkerRequest = { id, items: items.map(toWireItem), eventSeq: tx.eventSeq, now };
    const reply = await new Promise<WorkerReply>((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage(request);
    });
    if (!reply.ok) throw fromWire(reply.error);
    tx.eventSeq = reply.eventSeq;
    const value = reply.outcomes.map((o): BatchOutcome => (o.ok ? o : { ok: false, error: fromWire(o.error) }));
    return { value, events: reply.events };
  }

  /** Closes the worker's connection and ends the thread (after the writer has drained). */
  async close(): Promise<void> {
    if (this.failed) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage('close');
    await exited;
  }

  private fail(error: Error): void {
    this.failed ??= error;
    for (const settle of this.pending.values()) settle({ id: 0, ok: false, error: { name: error.name, message: error.message } });
    this.pending.clear();
  }
}

function toWireItem(item: BatchItem): WireItem {
  return { event: item.event, options: toWireOptions(item.options, item.event.queueId), ...(item.perMessage ? { perMessage: true } : {}) };
}

function toWireOptions(options: IngestOptions, queueId: string): WireOptions {
  const sticky = options.stickyWindowMsOf?.(queueId);
  return {
    reopenWindowMs: options.reopenWindowMs,
    stickyWindowMs: options.stickyWindowMs,
    stickyWindowMsByQueue: sticky === undefined ? {} : { [queueId]: sticky },
    ...(options.defaultRegion !== undefined ? { defaultRegion: options.defaultRegion } : {}),
    ...(options.autoMergeOn !== undefined ? { autoMergeOn: options.autoMergeOn } : {}),
  };
}
