import type { ImportReport } from '../../../../services/contracts';
import { i18n } from '../../../i18n';

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, or a leading tab/CR) gets a leading apostrophe:
 * the rejected rows come from an untrusted file and are opened in Excel or Sheets (CSV injection).
 */
export function neutraliseCell(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

const quote = (cell: string): string => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/**
 * The rejected rows as RFC 4180 CSV: the row number as the report counts it (data rows, header not counted), the reason, then the row's
 * original cells under the file's own header, ready to fix and import again.
 */
export function rejectedRowsCsv(report: Pick<ImportReport, 'columns' | 'rejectedRows'>): string {
  // The two leading headers are for the person fixing the file; the file's own headers follow unchanged.
  const header = [
    i18n.t('rejected.row', { ns: 'customers/import' }),
    i18n.t('rejected.reason', { ns: 'customers/import' }),
    ...report.columns,
  ];
  const lines = [header, ...report.rejectedRows.map((r) => [String(r.row), r.reason, ...r.values])].map((cells) =>
    cells.map((c) => quote(neutraliseCell(c))).join(','),
  );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
