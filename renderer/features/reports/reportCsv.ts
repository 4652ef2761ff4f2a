import type { WindowFigures } from '../../../services/contracts';

const columns: ReadonlyArray<readonly [string, (f: WindowFigures) => number | null]> = [
  ['arrivals', (f) => f.arrivals],
  ['answered', (f) => f.answered],
  ['answered_in_sl', (f) => f.answeredInSl],
  ['abandoned', (f) => f.abandoned],
  ['short_abandoned', (f) => f.shortAbandoned],
  ['service_level_pct', (f) => (f.serviceLevel === null ? null : Math.round(f.serviceLevel * 1000) / 10)],
  ['asa_s', (f) => (f.asaMs === null ? null : Math.round(f.asaMs / 100) / 10)],
  ['abandon_rate_pct', (f) => (f.abandonRate === null ? null : Math.round(f.abandonRate * 1000) / 10)],
  ['handled', (f) => f.handled],
  ['aht_s', (f) => (f.ahtMs === null ? null : Math.round(f.ahtMs / 100) / 10)],
  ['first_responses', (f) => f.firstResponses],
  ['frt_s', (f) => (f.frtMs === null ? null : Math.round(f.frtMs / 100) / 10)],
  ['transfers_in', (f) => f.transfersIn],
  ['transfers_out', (f) => f.transfersOut],
];

/** RFC 4180 CSV, one row per bucket; times in ISO 8601 UTC so a spreadsheet in any zone reads them the same. */
export function reportCsv(rows: ReadonlyArray<Readonly<{ start: number; end: number; figures: WindowFigures }>>, scope: string): string {
  const quote = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const header = ['start', 'end', 'scope', ...columns.map(([name]) => name)].join(',');
  const lines = rows.map((r) =>
    [
      new Date(r.start).toISOString(),
      new Date(r.end).toISOString(),
      quote(scope),
      ...columns.map(([, pick]) => String(pick(r.figures) ?? '')),
    ].join(','),
  );
  return `${[header, ...lines].join('\r\n')}\r\n`;
}
