import type { ImportReport } from '../../../../services/contracts';
import { useT } from '../../../i18n';
import { rejectedRowsCsv } from './rejectedCsv';

type Props = Readonly<{ report: ImportReport; dryRun: boolean; fileName: string }>;

const DETAIL_CAP = 500;

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The numbers and the rows behind them: what a dry run would do, or what the import did. */
export function ImportReportView({ report, dryRun, fileName }: Props) {
  const { t } = useT('customers/import');
  const n = (value: number): string => t('number', { value });
  const figures: ReadonlyArray<readonly [string, number, string]> = [
    [dryRun ? t('report.wouldCreate') : t('report.created'), report.created, 'ok'],
    [dryRun ? t('report.wouldUpdate') : t('report.updated'), report.merged, 'info'],
    [t('report.unchanged'), report.unchanged, 'plain'],
    [t('report.rejected'), report.rejected, report.rejected > 0 ? 'bad' : 'plain'],
    [t('report.suggestions'), report.suggestions, report.suggestions > 0 ? 'warn' : 'plain'],
  ];
  const stem = fileName.replace(/\.[^.]+$/, '') || 'import';
  return (
    <div className="imp-report">
      <p className="imp-lead">
        {t('report.rows', { count: report.rows })} {dryRun ? t('report.nothingWritten') : t('report.finished')}
      </p>
      <dl className="imp-figures">
        {figures.map(([label, value, tone]) => (
          <div key={label} className={`imp-figure ${tone}`}>
            <dt>{label}</dt>
            <dd>{n(value)}</dd>
          </div>
        ))}
      </dl>
      {report.warnings.map((w) => (
        <p key={w} className="imp-warning" role="note">
          {w.charAt(0).toUpperCase() + w.slice(1)}.
        </p>
      ))}

      {report.rejected > 0 && (
        <section className="imp-detail" aria-labelledby="imp-rejected-title">
          <div className="imp-detail-head">
            <h4 id="imp-rejected-title">{t('report.rejectedRows')}</h4>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => download(t('report.rejectedFile', { stem }), rejectedRowsCsv(report))}
            >
              {t('report.download')}
            </button>
          </div>
          {report.rejected > DETAIL_CAP && <p className="muted small">{t('report.capped', { cap: DETAIL_CAP, count: report.rejected })}</p>}
          <div className="imp-scroll short">
            <table className="imp-table" aria-labelledby="imp-rejected-title">
              <thead>
                <tr>
                  <th scope="col">{t('rejected.row')}</th>
                  <th scope="col">{t('rejected.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {report.rejectedRows.map((r) => (
                  <tr key={r.row}>
                    <td className="mono">{r.row}</td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {report.mergedRows.length > 0 && (
        <details className="imp-detail">
          <summary>
            {dryRun ? t('report.wouldUpdateRows', { count: report.merged }) : t('report.updatedRows', { count: report.merged })}
          </summary>
          <ul className="imp-list">
            {report.mergedRows.map((m) => (
              <li key={m.row}>
                <span className="mono">{t('report.rowN', { row: m.row })}</span>: {m.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.suggestionRows.length > 0 && (
        <details className="imp-detail">
          <summary>{t('report.suggestionRows', { count: report.suggestions })}</summary>
          <ul className="imp-list">
            {report.suggestionRows.map((s, i) => (
              <li key={`${s.row}-${i}`}>{s.reason}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
