import { useEffect, useState } from 'react';
import type { AttributeDef, ImportProgress, ImportUpload } from '../../../../services/contracts';
import { useAppSelector, useHubReady } from '../../../app/hooks';
import { useT } from '../../../i18n';
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
/** Catalogue keys of the four steps. */
const STEPS = ['step.file', 'step.columns', 'step.dryRun', 'step.import'] as const;
const stepIndex = (kind: Step['kind']): number => ({ choose: 0, map: 1, dry: 2, import: 3 })[kind];

function Progress({ job, label }: Readonly<{ job: ImportProgress | undefined; label: string }>) {
  const { t } = useT('customers/import');
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
        aria-valuetext={t('progress.value', { done, count: total })}
      >
        <span style={{ width: `${pct}%` }} />
      </div>
      <p className="small muted" aria-live="polite">
        {total > 0 ? t('progress.text', { done, count: total, pct: pct / 100 }) : t('progress.starting')}
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
  const { t } = useT('customers/import');
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
    if (!session) return setError(t('error.signIn'));
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
  const tagProblem = tag.trim().length > 40 ? t('error.tagLength') : null;
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
      setError(e.message ? t('error.refused', { message: e.message }) : t('error.refusedStart'));
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
        <h2>{t('title')}</h2>
        <ol className="imp-steps" aria-label={t('steps')}>
          {STEPS.map((label, i) => (
            <li
              key={label}
              className={i === active ? 'current' : i < active ? 'done' : undefined}
              aria-current={i === active ? 'step' : undefined}
            >
              <span className="imp-step-no" aria-hidden="true">
                {i + 1}
              </span>
              {t(label)}
            </li>
          ))}
        </ol>
      </div>

      {step.kind === 'choose' && <FilePicker maxBytes={maxBytes} busy={busy} error={error} onFile={(f) => void onFile(f)} />}

      {step.kind !== 'choose' && (
        <p className="imp-file">
          <strong>{step.file.fileName}</strong>{' '}
          <span className="muted">
            ·{' '}
            {t('fileFacts', {
              size: formatBytes(step.file.upload.bytes),
              count: step.file.upload.columns.length,
              separator: step.file.upload.delimiter === '\t' ? t('tabs') : `“${step.file.upload.delimiter}”`,
            })}
          </span>
        </p>
      )}

      {step.kind === 'map' && (
        <section className="imp-step" aria-labelledby="imp-map-title">
          <h3 id="imp-map-title">{t('map.title')}</h3>
          <p className="muted small">{t('map.intro')}</p>
          <ColumnMapping
            upload={step.file.upload}
            defs={defs}
            choices={choices}
            onChange={(i, c) => setChoices((all) => all.map((old, j) => (j === i ? c : old)))}
          />
          <div className="imp-options">
            <label>
              {t('map.tag')}
              <input value={tag} maxLength={60} placeholder={t('map.tagPlaceholder')} onChange={(e) => setTag(e.target.value)} />
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
              {t('map.another')}
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={!planned?.ok || tagProblem !== null || startState.isLoading || !ready}
              onClick={() => void startDryRun(step.file)}
            >
              {t('map.dryRun')}
            </button>
          </div>
        </section>
      )}

      {step.kind === 'dry' && (
        <section className="imp-step" aria-labelledby="imp-dry-title">
          <h3 id="imp-dry-title">{t('dry.title')}</h3>
          {running && <Progress job={current} label={t('dry.progress')} />}
          {current?.state === 'failed' && (
            <p className="imp-error" role="alert">
              {t('dry.failed', { error: current.error })}
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
              {t('dry.changeMapping')}
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={current?.state !== 'done' || startState.isLoading || !ready}
              onClick={() => void startImport(step.file)}
            >
              {current?.report ? t('dry.importRows', { count: current.report.rows - current.report.rejected }) : t('dry.import')}
            </button>
          </div>
        </section>
      )}

      {step.kind === 'import' && (
        <section className="imp-step" aria-labelledby="imp-run-title">
          <h3 id="imp-run-title">{running ? t('run.importing') : current?.state === 'failed' ? t('run.stopped') : t('run.finished')}</h3>
          {(running || current?.state === 'done') && <Progress job={current} label={t('run.progress')} />}
          {current?.state === 'failed' && (
            <p className="imp-error" role="alert">
              {current.error} {t('run.failedHint')}
            </p>
          )}
          {current?.state === 'done' && current.report && (
            <ImportReportView report={current.report} dryRun={false} fileName={step.file.fileName} />
          )}
          <div className="imp-actions">
            <button type="button" className="btn" disabled={running} onClick={() => setStep({ kind: 'choose' })}>
              {t('run.another')}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
