import { Worker, type ResourceLimits } from 'node:worker_threads';
import { startWorker } from '../../threads/startWorker';
import type { Analysis } from '../analyse';
import type { AnalyseReply, AnalyseRequest, AnalyserReady } from './protocol';

/** Where customer texts are read: the analysis thread, or the hub's own thread when that could not start. */
export type AnalyserMode = 'worker' | 'in-process';

/** Reads chunks of customer texts for the VOC job: one Analysis per text, in order (analyseMessage's). */
export type TextAnalyser = Readonly<{
  readonly mode: AnalyserMode;
  analyse(texts: readonly string[]): Promise<Analysis[]>;
  close(): Promise<void>;
}>;

/** The model is loaded only where texts are read: in worker mode the hub's thread never loads it. */
async function analyseHere(texts: readonly string[]): Promise<Analysis[]> {
  const { analyseMessage } = await import('../analyse');
  return texts.map((text) => analyseMessage(text));
}

/** Analysis on the calling thread (tests and benches that measure the analysis itself). */
export const inProcessAnalyser: TextAnalyser = { mode: 'in-process', analyse: analyseHere, close: async () => {} };

export type WorkerAnalyserEvents = Readonly<{
  /** The thread could not start: texts are read on the hub's thread from now on. Said once. */
  fellBack?(error: Error): void;
  /** The thread died with a chunk in flight: a new one is started and the chunk sent again. */
  crashed?(error: Error): void;
  /** A thread started (tests reach it through this). */
  started?(worker: Worker): void;
}>;

/**
 * The analysis thread's own V8 heap. Left to V8's defaults a worker sizes its young generation for
 * throughput (two 16 MB semi-spaces) and lets its old generation grow to several times the model before
 * collecting, which at a 50,000-message catch-up was ~65-90 MB of the hub's RSS for ~22 MB of live data
 * (the model and the code). A 1 MB semi-space costs a few percent of analysis speed (each message's garbage
 * dies young either way), and a low old-generation ceiling makes V8 collect early (its growing factor is
 * smaller for small heaps). The ceiling is several times what the thread holds: reaching it ends the
 * thread (the chunk goes to a new one, then the batch is retried), it does not take the hub down.
 */
export const ANALYSIS_THREAD_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 3, maxOldGenerationSizeMb: 128 };

/** The thread ended (crash, or closed) before answering: the chunk may be sent again, nothing was stored. */
class ThreadGone extends Error {}

/**
 * Customer-text analysis on one worker thread per hub, started on the first chunk. wink-nlp tokenising every
 * inbound message was ~28% of the main thread's busy time under ingest load (docs/benchmarks.md); here the
 * main thread posts a chunk of texts and gets the analyses back, and keeps the reads, the writes and the
 * watermark (the job moves it only after storing, so a crash loses no message: the chunk is sent again to
 * a new thread). If the thread cannot start (its file missing from a package, say), texts are read in
 * process as before, and that is said once.
 */
export class WorkerAnalyser implements TextAnalyser {
  private thread: Promise<Thread | null> | null = null;
  private fellBack = false;
  private closed = false;

  constructor(
    private readonly events: WorkerAnalyserEvents = {},
    /** The worker's module; by default the bundled one next to the hub, or the TypeScript source. */
    private readonly entry?: URL,
    private readonly limits: ResourceLimits = ANALYSIS_THREAD_LIMITS,
  ) {}

  get mode(): AnalyserMode {
    return this.fellBack ? 'in-process' : 'worker';
  }

  async analyse(texts: readonly string[]): Promise<Analysis[]> {
    if (texts.length === 0) return [];
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw new Error('customer-text analysis is closed');
      const thread = await this.connect();
      if (!thread) return analyseHere(texts);
      try {
        return await thread.analyse(texts);
      } catch (error) {
        // Once per chunk: a chunk that kills a fresh thread too fails its batch, which the job retries later.
        if (!(error instanceof ThreadGone) || attempt >= 1 || this.closed) throw error;
        this.events.crashed?.(error);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const thread = await this.thread;
    this.thread = null;
    await thread?.terminate();
  }

  private connect(): Promise<Thread | null> {
    if (this.fellBack) return Promise.resolve(null);
    this.thread ??= this.startThread();
    return this.thread;
  }

  private async startThread(): Promise<Thread | null> {
    try {
      const thread = await Thread.start(this.entry, this.limits, () => (this.thread = null));
      this.events.started?.(thread.worker);
      return thread;
    } catch (error) {
      this.fellBack = true;
      this.events.fellBack?.(error instanceof Error ? error : new Error(String(error)));
      return null;
    }
  }
}

/** One running analysis thread and its requests in flight. */
class Thread {
  private readonly pending = new Map<number, Readonly<{ resolve: (a: Analysis[]) => void; reject: (e: Error) => void }>>();
  private nextId = 1;
  private gone: ThreadGone | null = null;

  private constructor(
    readonly worker: Worker,
    private readonly onGone: () => void,
  ) {
    worker.on('message', (reply: AnalyseReply | AnalyserReady) => {
      if (!('id' in reply)) return;
      const request = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.ok) request?.resolve([...reply.analyses]);
      else request?.reject(new Error(reply.error));
    });
    worker.on('error', (error) => this.end(new ThreadGone(`customer-text analysis thread failed: ${error.message}`)));
    worker.on('exit', (code) => this.end(new ThreadGone(`customer-text analysis thread exited (${code})`)));
    // Idle, it never keeps a process alive (a forgotten one must not hang a test); with a chunk in flight it
    // does, or a caller awaiting the answer could see its process end first.
    worker.unref();
  }

  /** Resolves once the model is loaded in the thread; rejects if it cannot start. */
  static async start(entry: URL | undefined, resourceLimits: ResourceLimits, onGone: () => void): Promise<Thread> {
    const worker = entry ? new Worker(entry, { resourceLimits }) : startWorker(import.meta.url, 'vocWorker', undefined, resourceLimits);
    await new Promise<void>((resolve, reject) => {
      worker.once('message', (message: AnalyserReady) => (message.ready ? resolve() : reject(new Error(message.error))));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`customer-text analysis thread exited (${code}) before it was ready`)));
    });
    return new Thread(worker, onGone);
  }

  analyse(texts: readonly string[]): Promise<Analysis[]> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise<Analysis[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, texts } satisfies AnalyseRequest);
    });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  private end(error: ThreadGone): void {
    if (this.gone) return;
    this.gone = error;
    this.onGone();
    for (const request of this.pending.values()) request.reject(error);
    this.pending.clear();
  }
}
