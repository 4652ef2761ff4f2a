import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CountryCode } from 'libphonenumber-js';
import { HubError, type ImportField, type ImportProgress, type ImportUpload } from '../../contracts';
import type { Store } from '../../store/store';
import { ImportAbortedError, importCustomersCsv } from './csvImport';
import { inspectCsv, toUtf8 } from './uploadCheck';
import { ImportSetupError } from './rowMapping';
import { finishImportJob, insertImportJob, lastImportOfFile } from '../repo';

export type ImportStartInput = Readonly<{
  uploadId: string;
  mapping: Readonly<Record<string, ImportField>>;
  dryRun: boolean;
  delimiter: string;
  tag?: string;
}>;

type Job = { progress: ImportProgress; agentId: number; lastPush: number };

/**
 * CSV imports for one hub: uploads land in <dataDir>/imports (the file is too big for a socket message),
 * jobs run one at a time in the background and report progress to the agent who started them.
 */
export class ImportJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly running = new Set<Promise<void>>();
  private tail: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly store: Store,
    private readonly dir: string,
    private readonly push: (agentId: number, progress: ImportProgress) => void,
    private readonly now: () => number,
    private readonly region: CountryCode,
    private readonly onError: (error: unknown) => void,
    private readonly progressEveryMs = 250,
  ) {}

  /** Checks and stores an upload; throws ImportUploadError (with a plain reason) for what is not a usable CSV. */
  async upload(raw: Buffer): Promise<ImportUpload> {
    const body = toUtf8(raw);
    const inspected = inspectCsv(body);
    const uploadId = randomBytes(16).toString('hex');
    await mkdir(this.dir, { recursive: true });
    await writeFile(path.join(this.dir, `${uploadId}.csv`), body);
    return { uploadId, bytes: raw.length, ...inspected };
  }

  /** Queues a run and returns its id at once; progress and the final report arrive as events. */
  async start(agentId: number, input: ImportStartInput): Promise<string> {
    if (this.stopping) throw new HubError('conflict', 'the hub is stopping');
    const file = path.join(this.dir, `${input.uploadId}.csv`);
    const body = await readFile(file).catch(() => {
      throw new HubError('not_found', 'upload not found; upload the file again');
    });
    const jobId = randomBytes(8).toString('hex');
    const job: Job = {
      agentId,
      lastPush: 0,
      progress: { jobId, dryRun: input.dryRun, state: 'running', rowsDone: 0, rowsTotal: 0, error: null, report: null },
    };
    this.jobs.set(jobId, job);
    // One import at a time: two files touching the same customers would race on the id allocation.
    const previous = this.tail;
    const holder: { run?: Promise<void> } = {};
    const run = (async () => {
      try {
        await previous;
        await this.run(job, body, input);
      } finally {
        if (holder.run) this.running.delete(holder.run);
      }
    })();
    holder.run = run;
    this.tail = run;
    this.running.add(run);
    return jobId;
  }

  status(jobId: string): ImportProgress {
    const job = this.jobs.get(jobId);
    if (!job) throw new HubError('not_found', `import ${jobId} not found`);
    return job.progress;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.running]);
  }

  private async run(job: Job, body: Buffer, input: ImportStartInput): Promise<void> {
    const sha = createHash('sha256').update(body).digest('hex');
    const { jobId } = job.progress;
    const startedAt = this.now();
    try {
      const previous = await lastImportOfFile(this.store, sha);
      await this.store.write(async (tx) => {
        await insertImportJob(tx, { id: jobId, sha256: sha, byAgentId: job.agentId, dryRun: input.dryRun, startedAt });
      });
      const report = await importCustomersCsv(this.store, body, {
        mapping: input.mapping,
        dryRun: input.dryRun,
        delimiter: input.delimiter,
        tag: input.tag,
        region: this.region,
        byAgentId: job.agentId,
        now: this.now,
        cancelled: () => this.stopping,
        onProgress: (done, total) => this.progress(job, { rowsDone: done, rowsTotal: total }),
      });
      if (previous) {
        report.warnings.push(
          `this file was already imported on ${new Date(previous.finished_at).toISOString()} (import ${previous.id}); rows it matched are reported unchanged`,
        );
      }
      await this.finish(job, 'done', null, report);
    } catch (error) {
      const message =
        error instanceof ImportSetupError || error instanceof ImportAbortedError
          ? error.message
          : error instanceof Error &&
              'code' in error &&
              typeof (error as { code: unknown }).code === 'string' &&
              (error as { code: string }).code.startsWith('CSV_')
            ? `the file is not valid CSV: ${error.message}`
            : 'the import failed; see the hub log';
      await this.finish(job, 'failed', message, null).catch(() => undefined);
      if (message === 'the import failed; see the hub log') this.onError(error);
    }
  }

  private progress(job: Job, update: Pick<ImportProgress, 'rowsDone' | 'rowsTotal'>): void {
    job.progress = { ...job.progress, ...update };
    const now = this.now();
    if (now - job.lastPush >= this.progressEveryMs || update.rowsDone === update.rowsTotal) {
      job.lastPush = now;
      this.push(job.agentId, job.progress);
    }
  }

  private async finish(job: Job, state: 'done' | 'failed', error: string | null, report: ImportProgress['report']): Promise<void> {
    job.progress = { ...job.progress, state, error, report };
    this.push(job.agentId, job.progress);
    await this.store.write(async (tx) => {
      await finishImportJob(tx, job.progress.jobId, state, this.now(), report ?? { error });
    });
  }
}
