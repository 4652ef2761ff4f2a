import { useEffect, useState } from 'react';
import type { AttributeDef, ImportProgress, ImportUpload } from '../../../../services/contracts';
import { useAppSelector, useHubReady } from '../../../app/hooks';
import { ColumnMapping } from './ColumnMapping';
import { FilePicker } from './FilePicker';
import { ImportReportView } from './ImportReportView';
import { useImportAttributeDefsQuery, useImportLimitsQuery, useImportStartMutation, useImportStatusQuery } from './importApi';
import { guessMapping, toImportMapping, type ColumnChoice } from './mapping';
import { checkFileBeforeUpload, formatBytes, uploadCsv } from './upload';
import './import.css';

type Loaded = Readonly<{ upload: ImportUpload; fileName: string }>;
type Step =
  | Readonly<{ kind: 'choose' }>
  | Readonly<{ kind: 'map'; file: Loaded }>
  | Readonly<{ kind: 'dry'; file: Loaded; jobId: string }>
  | Readonly<{ kind: 'import'; file: Loaded; jobId: string }>;

const noDefs: readonly AttributeDef[] = [];
const STEPS = ['File', 'Columns', 'Dry run', 'Import'] as const;
const stepIndex = (kind: Step['kind']): number => ({ choose: 0, map: 1, dry: 2, import: 3 })[kind];

function Progress({ job, label }: Readonly<{ job: ImportProgress | undefined; label: string }>) {
  const total = job?.rowsTotal ?? 0;
  const done = job?.rowsDone ?? 0;
  const pct = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <div className="imp-progress">
      <div
        className="imp-bar"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={`${done.toLocaleString()} of ${total.toLocaleString()} rows`}
      >
        <span style={{ width: `${pct}%` }} />
      </div>
      <p className="small muted" aria-live="polite">
        {total > 0 ? `${done.toLocaleString()} of ${total.toLocaleString()} rows (${pct}%)` : 'Starting…'}
      </p>
    </div>
  );
}

/**
 * Customer CSV import for supervisors and admins (the hub checks the role on the upload and every command):
 * choose a file, map its columns with a preview, see a dry run of what would happen, then import with live
 * progress and a report whose rejected rows can be downloaded to fix.
 */
export function ImportScreen() {
  const ready = useHubReady();
  const session = useAppSelector((s) => s.session.session);
  const limits = useImportLimitsQuery(undefined, { skip: !ready });
  const defs = useImportAttributeDefsQuery(undefined, { skip: !ready }).data ?? noDefs;
  const [start, startState] = useImportStartMutation();
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [choices, setChoices] = useState<ColumnChoice[]>([]);
  const [tag, setTag] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const jobId = step.kind === 'dry' || step.kind === 'import' ? step.jobId : null;
  const job = useImportStatusQuery(jobId ?? '', { skip: jobId === null || !ready }).data;
  const current = job && job.jobId === jobId ? job : undefined;

  // A new file gets a fresh guess; attribute definitions may arrive after the file.
  const columns = step.kind === 'choose' ? null : step.file.upload.columns;
  useEffect(() => {
    if (columns) setChoices(guessMapping(columns, defs));
  }, [columns, defs]);

  const maxBytes = limits.data?.maxBytes ?? null;
  const onFile = async (file: File): Promise<void> => {
    setError(null);
    const problem = checkFileBeforeUpload(file, maxBytes ?? Number.POSITIVE_INFINITY);
    if (problem) return setError(problem);
    if (!session) return setError('Sign in again to import.');
    setBusy(true);
    try {
      const result = await uploadCsv(session.hubUrl, session.token, file);
      if (!result.ok) return setError(result.message);
      setTag('');
      setStep({ kind: 'map', file: { upload: result.upload, fileName: file.name } });
    } finally {
      setBusy(false);
    }
  };

  const planned = step.kind === 'choose' ? null : toImportMapping(step.file.upload.columns, choices);
  const tagProblem = tag.trim().length > 40 ? 'A tag is at most 40 characters.' : null;
  const run = async (file: Loaded, dryRun: boolean): Promise<string | null> => {
    if (!planned?.ok) return null;
    setError(null);
    const reply = await start({
      uploadId: file.upload.uploadId,
      mapping: planned.mapping,
      dryRun,
      delimiter: file.upload.delimiter,
      ...(tag.trim() ? { tag: tag.trim() } : {}),
    });
    if ('error' in reply) {
      const e = reply.error as { message?: string };
      setError(e.message ? `The hub refused: ${e.message}` : 'The hub refused to start the import.');
      return null;
    }
    return reply.data.jobId;
  };

  const startDryRun = async (file: Loaded): Promise<void> => {
    const id = await run(file, true);
    if (id) setStep({ kind: 'dry', file, jobId: id });
  };
  const startImport = async (file: Loaded): Promise<void> => {
    const id = await run(file, false);
    if (id) setStep({ kind: 'import', file, jobId: id });
  };

  const active = stepIndex(step.kind);
  const running = current?.state === 'running' || (jobId !== null && !current);
  return (
    <div className="imp">
      <div className="imp-head">
        <h2>Import customers</h2>
        <ol className="imp-steps" aria-label="Import steps">
          {STEPS.map((label, i) => (
            <li
              key={label}
              className={i === active ? 'current' : i < active ? 'done' : undefined}
              aria-current={i === active ? 'step' : undefined}
            >
              <span className="imp-step-no" aria-hidden="true">
                {i + 1}
              </span>
              {label}
            </li>
          ))}
        </ol>
      </div>

      {step.kind === 'choose' && <FilePicker maxBytes={maxBytes} busy={busy} error={error} onFile={(f) => void onFile(f)} />}

      {step.kind !== 'choose' && (
        <p className="imp-file">
          <strong>{step.file.fileName}</strong>{' '}
          <span className="muted">
            · {formatBytes(step.file.upload.bytes)} · {step.file.upload.columns.length} columns · separated by{' '}
            {step.file.upload.delimiter === '\t' ? 'tabs' : `“${step.file.upload.delimiter}”`}
          </span>
        </p>
      )}

      {step.kind === 'map' && (
        <section className="imp-step" aria-labelledby="imp-map-title">
          <h3 id="imp-map-title">Match the columns</h3>
          <p className="muted small">
            Guessed from the header; change anything that is wrong. Rows are matched to existing customers by external ID, then email, then
            phone.
          </p>
          <ColumnMapping
            upload={step.file.upload}
            defs={defs}
            choices={choices}
            onChange={(i, c) => setChoices((all) => all.map((old, j) => (j === i ? c : old)))}
          />
          <div className="imp-options">
            <label>
              Tag every imported customer (optional)
              <input value={tag} maxLength={60} placeholder="e.g. legacy-crm" onChange={(e) => setTag(e.target.value)} />
            </label>
          </div>
          {planned && !planned.ok && (
            <p className="imp-error" role="alert">
              {planned.problem}
            </p>
          )}
          {tagProblem && (
            <p className="imp-error" role="alert">
              {tagProblem}
            </p>
          )}
          {error && (
            <p className="imp-error" role="alert">
              {error}
            </p>
          )}
          <div className="imp-actions">
            <button type="button" className="btn" onClick={() => setStep({ kind: 'choose' })}>
              Choose another file
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={!planned?.ok || tagProblem !== null || startState.isLoading || !ready}
              onClick={() => void startDryRun(step.file)}
            >
              Check the file (dry run)
            </button>
          </div>
        </section>
      )}

      {step.kind === 'dry' && (
        <section className="imp-step" aria-labelledby="imp-dry-title">
          <h3 id="imp-dry-title">Dry run: what the import would do</h3>
          {running && <Progress job={current} label="Dry run progress" />}
          {current?.state === 'failed' && (
            <p className="imp-error" role="alert">
              The file could not be checked: {current.error}
            </p>
          )}
          {current?.state === 'done' && current.report && <ImportReportView report={current.report} dryRun fileName={step.file.fileName} />}
          {error && (
            <p className="imp-error" role="alert">
              {error}
            </p>
          )}
          <div className="imp-actions">
            <button type="button" className="btn" disabled={running} onClick={() => setStep({ kind: 'map', file: step.file })}>
              Change the mapping
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={current?.state !== 'done' || startState.isLoading || !ready}
              onClick={() => void startImport(step.file)}
            >
              Import {current?.report ? `${(current.report.rows - current.report.rejected).toLocaleString()} rows` : ''}
            </button>
          </div>
        </section>
      )}

      {step.kind === 'import' && (
        <section className="imp-step" aria-labelledby="imp-run-title">
          <h3 id="imp-run-title">{running ? 'Importing…' : current?.state === 'failed' ? 'The import stopped' : 'Import finished'}</h3>
          {(running || current?.state === 'done') && <Progress job={current} label="Import progress" />}
          {current?.state === 'failed' && (
            <p className="imp-error" role="alert">
              {current.error} Rows already written stay; running the same file again finishes it.
            </p>
          )}
          {current?.state === 'done' && current.report && (
            <ImportReportView report={current.report} dryRun={false} fileName={step.file.fileName} />
          )}
          <div className="imp-actions">
            <button type="button" className="btn" disabled={running} onClick={() => setStep({ kind: 'choose' })}>
              Import another file
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
