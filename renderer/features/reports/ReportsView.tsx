import { useMemo, useState } from 'react';
import { channelKinds, type ChannelKind } from '../../../services/contracts';
import { errorText, useQueueListQuery } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { percent, seconds } from '../supervision/format';
import { pointFigures, type ReportFilter } from './combineFigures';
import { reportCsv } from './reportCsv';
import { useMetricsSeriesQuery } from './reportsApi';
import { SeriesChart } from './SeriesChart';
import './reports.css';

const DAY = 86_400_000;
const channelWords: Readonly<Record<ChannelKind, string>> = { voice: 'Calls', sms: 'SMS', email: 'Email', chat: 'Chat' };
const presets = [
  { id: 'today', label: 'Today', days: 1 },
  { id: '7d', label: 'Last 7 days', days: 7 },
  { id: '30d', label: 'Last 30 days', days: 30 },
  { id: '90d', label: 'Last 90 days', days: 90 },
] as const;

/** Whole UTC days, like the hub's report days (docs/metrics.md). */
const utcDay = (at: number): number => at - (at % DAY);
const isoDay = (at: number): string => new Date(at).toISOString().slice(0, 10);
const parseDay = (value: string): number | null => {
  const at = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(at) ? null : at;
};

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Historical reports for supervisors: a date range (UTC days), queue and channel, charts of volume and
 * service level per hour (up to two days) or per day, the figures as a table, and the same table as CSV.
 */
export function ReportsView() {
  const ready = useHubReady();
  const today = utcDay(Date.now());
  const [range, setRange] = useState({ from: today - 6 * DAY, to: today + DAY });
  const [filter, setFilter] = useState<ReportFilter>({ queueId: null, channel: null });
  const bucket = range.to - range.from <= 2 * DAY ? 'hour' : 'day';
  const queues = (useQueueListQuery(undefined, { skip: !ready }).data ?? []).map((entry) => entry.queue);
  const report = useMetricsSeriesQuery({ ...range, bucket }, { skip: !ready });
  const rows = useMemo(
    () => (report.data?.points ?? []).map((p) => ({ start: p.start, end: p.end, figures: pointFigures(p, filter) })),
    [report.data, filter],
  );
  const total = useMemo(() => (report.data ? pointFigures(report.data.total, filter) : null), [report.data, filter]);
  const times = useMemo(() => rows.map((r) => r.start), [rows]);
  const volume = useMemo(
    () => [
      { label: 'Arrivals', color: '#0b5cad', values: rows.map((r) => r.figures.arrivals), bars: true },
      { label: 'Answered', color: '#17712f', values: rows.map((r) => r.figures.answered) },
      { label: 'Abandoned', color: '#c4212f', values: rows.map((r) => r.figures.abandoned) },
    ],
    [rows],
  );
  const slTarget = filter.queueId ? queues.find((q) => q.id === filter.queueId)?.slTargetPercent : undefined;
  const service = useMemo(
    () => [
      {
        label: 'Service level',
        color: '#6639ba',
        values: rows.map((r) => (r.figures.serviceLevel === null ? null : Math.round(r.figures.serviceLevel * 100))),
      },
    ],
    [rows],
  );
  const target = useMemo(() => (slTarget === undefined ? undefined : { value: slTarget, label: 'Target' }), [slTarget]);
  const scope = `${filter.queueId ? (queues.find((q) => q.id === filter.queueId)?.name ?? filter.queueId) : 'All queues'} · ${filter.channel ? channelWords[filter.channel] : 'All channels'}`;
  const when = (at: number): string =>
    bucket === 'hour'
      ? new Date(at).toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })
      : new Date(at).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

  return (
    <section className="rp" aria-labelledby="rp-title">
      <div className="rp-head">
        <h2 id="rp-title">Reports</h2>
        <div className="rp-presets" role="group" aria-label="Period">
          {presets.map((p) => (
            <button
              key={p.id}
              type="button"
              className="btn btn-small"
              onClick={() => setRange({ from: today - (p.days - 1) * DAY, to: today + DAY })}
            >
              {p.label}
            </button>
          ))}
        </div>
        <label>
          From
          <input
            type="date"
            value={isoDay(range.from)}
            max={isoDay(range.to - DAY)}
            onChange={(e) => {
              const from = parseDay(e.target.value);
              if (from !== null && from < range.to && range.to - from <= 92 * DAY) setRange({ ...range, from });
            }}
          />
        </label>
        <label>
          To
          <input
            type="date"
            value={isoDay(range.to - DAY)}
            min={isoDay(range.from)}
            onChange={(e) => {
              const last = parseDay(e.target.value);
              if (last !== null && last >= range.from && last + DAY - range.from <= 92 * DAY) setRange({ ...range, to: last + DAY });
            }}
          />
        </label>
        <label>
          Queue
          <select
            aria-label="Queue"
            value={filter.queueId ?? ''}
            onChange={(e) => setFilter({ ...filter, queueId: e.target.value || null })}
          >
            <option value="">All queues</option>
            {queues.map((q) => (
              <option key={q.id} value={q.id}>
                {q.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Channel
          <select
            aria-label="Channel"
            value={filter.channel ?? ''}
            onChange={(e) => setFilter({ ...filter, channel: (e.target.value || null) as ChannelKind | null })}
          >
            <option value="">All channels</option>
            {channelKinds.map((c) => (
              <option key={c} value={c}>
                {channelWords[c]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn"
          disabled={rows.length === 0}
          onClick={() => download(`switchboard-report-${isoDay(range.from)}-${isoDay(range.to - DAY)}.csv`, reportCsv(rows, scope))}
        >
          Export CSV
        </button>
      </div>
      <p className="muted small rp-note">
        {isoDay(range.from)} to {isoDay(range.to - DAY)} (UTC days), by {bucket}. {scope}.
      </p>
      {report.error ? (
        <p className="inline-error" role="alert">
          {errorText(report.error)}
        </p>
      ) : !report.data ? (
        <p className="empty pad">Loading the report…</p>
      ) : (
        <>
          {total && (
            <dl className="rp-tiles">
              <div>
                <dt>Arrivals</dt>
                <dd>{total.arrivals}</dd>
              </div>
              <div>
                <dt>Answered</dt>
                <dd>{total.answered}</dd>
              </div>
              <div>
                <dt>Service level</dt>
                <dd>{percent(total.serviceLevel)}</dd>
              </div>
              <div>
                <dt>Avg. speed of answer</dt>
                <dd>{seconds(total.asaMs)}</dd>
              </div>
              <div>
                <dt>Abandoned</dt>
                <dd>{percent(total.abandonRate)}</dd>
              </div>
              <div>
                <dt>Avg. handle time</dt>
                <dd>{seconds(total.ahtMs)}</dd>
              </div>
              <div>
                <dt>First response</dt>
                <dd>{seconds(total.frtMs)}</dd>
              </div>
            </dl>
          )}
          <div className="rp-charts">
            <SeriesChart title="Volume" times={times} series={volume} />
            <SeriesChart
              title="Service level"
              times={times}
              series={service}
              formatY={(v) => `${v}%`}
              target={target}
              emptyText="No contact was answered or abandoned in this period, so there is no service level to chart."
            />
          </div>
          <table className="rp-table" aria-label="Report figures">
            <thead>
              <tr>
                <th scope="col">{bucket === 'hour' ? 'Hour (UTC)' : 'Day (UTC)'}</th>
                <th scope="col">Arrivals</th>
                <th scope="col">Answered</th>
                <th scope="col">Abandoned</th>
                <th scope="col">Service level</th>
                <th scope="col">ASA</th>
                <th scope="col">AHT</th>
                <th scope="col">FRT</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.start}>
                  <th scope="row">{when(r.start)}</th>
                  <td>{r.figures.arrivals}</td>
                  <td>{r.figures.answered}</td>
                  <td>{r.figures.abandoned}</td>
                  <td>{percent(r.figures.serviceLevel)}</td>
                  <td>{seconds(r.figures.asaMs)}</td>
                  <td>{seconds(r.figures.ahtMs)}</td>
                  <td>{seconds(r.figures.frtMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
