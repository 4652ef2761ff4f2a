import type { ImportReport } from '../../../../services/contracts';
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
  const figures: ReadonlyArray<readonly [string, number, string]> = [
    [dryRun ? 'New customers' : 'Created', report.created, 'ok'],
    [dryRun ? 'Would update a customer' : 'Updated customers', report.merged, 'info'],
    ['Already up to date', report.unchanged, 'plain'],
    ['Rejected', report.rejected, report.rejected > 0 ? 'bad' : 'plain'],
    ['Possible duplicates', report.suggestions, report.suggestions > 0 ? 'warn' : 'plain'],
  ];
  const stem = fileName.replace(/\.[^.]+$/, '') || 'import';
  return (
    <div className="imp-report">
      <p className="imp-lead">
        {report.rows.toLocaleString()} {report.rows === 1 ? 'row' : 'rows'} in the file.{' '}
        {dryRun ? 'Nothing has been written yet.' : 'The import is finished.'}
      </p>
      <dl className="imp-figures">
        {figures.map(([label, value, tone]) => (
          <div key={label} className={`imp-figure ${tone}`}>
            <dt>{label}</dt>
            <dd>{value.toLocaleString()}</dd>
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
            <h4 id="imp-rejected-title">Rejected rows</h4>
            <button type="button" className="btn btn-small" onClick={() => download(`${stem}-rejected-rows.csv`, rejectedRowsCsv(report))}>
              Download rejected rows (CSV)
            </button>
          </div>
          {report.rejected > DETAIL_CAP && (
            <p className="muted small">
              The list and the download hold the first {DETAIL_CAP} of {report.rejected.toLocaleString()} rejected rows.
            </p>
          )}
          <div className="imp-scroll short">
            <table className="imp-table" aria-labelledby="imp-rejected-title">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Reason</th>
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
            {dryRun ? 'Rows that would update a customer' : 'Rows that updated a customer'} ({report.merged.toLocaleString()})
          </summary>
          <ul className="imp-list">
            {report.mergedRows.map((m) => (
              <li key={m.row}>
                <span className="mono">Row {m.row}</span>: {m.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.suggestionRows.length > 0 && (
        <details className="imp-detail">
          <summary>Possible duplicates for review ({report.suggestions.toLocaleString()})</summary>
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
