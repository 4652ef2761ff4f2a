import { useMemo, useState } from 'react';
import { channelKinds, type ChannelKind } from '../../../services/contracts';
import { errorText, useQueueListQuery } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { currentLanguage, useT } from '../../i18n';
import { pointFigures, type ReportFilter } from './combineFigures';
import { reportFormat } from './format';
import { reportCsv } from './reportCsv';
import { useMetricsSeriesQuery } from './reportsApi';
import { SeriesChart } from './SeriesChart';
import './reports.css';

const DAY = 86_400_000;
/** Catalogue keys (namespace 'reports') of each channel's name. */
const channelWords: Readonly<Record<ChannelKind, string>> = {
  voice: 'channels.voice',
  sms: 'channels.sms',
  email: 'channels.email',
  chat: 'channels.chat',
};
const PERCENT_RANGE = [0, 100] as const;
const presets = [
  { id: 'today', days: 1 },
  { id: '7d', days: 7 },
  { id: '30d', days: 30 },
  { id: '90d', days: 90 },
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
  const { t } = useT('reports');
  const language = currentLanguage();
  const fmt = reportFormat(language);
  /** Seconds under two minutes, else minutes: "45s" / "45 s", "3m" / "3 min"; null is "—". */
  const seconds = (ms: number | null): string => {
    if (ms === null) return '—';
    const s = Math.round(ms / 1000);
    return s < 120 ? t('unit.seconds', { value: s }) : t('unit.minutes', { value: Math.round(s / 60) });
  };
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
      { label: t('figure.arrivals'), color: '#0b5cad', values: rows.map((r) => r.figures.arrivals), bars: true },
      { label: t('figure.answered'), color: '#17712f', values: rows.map((r) => r.figures.answered) },
      { label: t('figure.abandoned'), color: '#c4212f', values: rows.map((r) => r.figures.abandoned) },
    ],
    [rows, t],
  );
  const slTarget = filter.queueId ? queues.find((q) => q.id === filter.queueId)?.slTargetPercent : undefined;
  const service = useMemo(
    () => [
      {
        label: t('figure.serviceLevel'),
        color: '#6639ba',
        values: rows.map((r) => (r.figures.serviceLevel === null ? null : Math.round(r.figures.serviceLevel * 100))),
      },
    ],
    [rows, t],
  );
  const target = useMemo(() => (slTarget === undefined ? undefined : { value: slTarget, label: t('figure.target') }), [slTarget, t]);
  const scope = `${filter.queueId ? (queues.find((q) => q.id === filter.queueId)?.name ?? filter.queueId) : t('allQueues')} · ${filter.channel ? t(channelWords[filter.channel]) : t('allChannels')}`;
  const when = (at: number): string => fmt.bucket(at, bucket);
  const formatX = useMemo(() => (at: number) => fmt.bucket(at, bucket), [fmt, bucket]);

  return (
    <section className="rp" aria-labelledby="rp-title">
      <div className="rp-head">
        <h2 id="rp-title">{t('title')}</h2>
        <div className="rp-presets" role="group" aria-label={t('period')}>
          {presets.map((p) => (
            <button
              key={p.id}
              type="button"
              className="btn btn-small"
              onClick={() => setRange({ from: today - (p.days - 1) * DAY, to: today + DAY })}
            >
              {t(`preset.${p.id}`)}
            </button>
          ))}
        </div>
        <label>
          {t('from')}
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
          {t('to')}
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
          {t('queue')}
          <select
            aria-label={t('queue')}
            value={filter.queueId ?? ''}
            onChange={(e) => setFilter({ ...filter, queueId: e.target.value || null })}
          >
            <option value="">{t('allQueues')}</option>
            {queues.map((q) => (
              <option key={q.id} value={q.id}>
                {q.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('channel')}
          <select
            aria-label={t('channel')}
            value={filter.channel ?? ''}
            onChange={(e) => setFilter({ ...filter, channel: (e.target.value || null) as ChannelKind | null })}
          >
            <option value="">{t('allChannels')}</option>
            {channelKinds.map((c) => (
              <option key={c} value={c}>
                {t(channelWords[c])}
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
          {t('export')}
        </button>
      </div>
      <p className="muted small rp-note">
        {t('note', { from: fmt.day(range.from), to: fmt.day(range.to - DAY), by: t(`by.${bucket}`), scope })}
      </p>
      {report.error ? (
        <p className="inline-error" role="alert">
          {errorText(report.error)}
        </p>
      ) : !report.data ? (
        <p className="empty pad">{t('loading')}</p>
      ) : (
        <>
          {total && (
            <dl className="rp-tiles">
              <div>
                <dt>{t('figure.arrivals')}</dt>
                <dd>{fmt.count(total.arrivals)}</dd>
              </div>
              <div>
                <dt>{t('figure.answered')}</dt>
                <dd>{fmt.count(total.answered)}</dd>
              </div>
              <div>
                <dt>{t('figure.serviceLevel')}</dt>
                <dd>{fmt.percent(total.serviceLevel)}</dd>
              </div>
              <div>
                <dt>{t('figure.asa')}</dt>
                <dd>{seconds(total.asaMs)}</dd>
              </div>
              <div>
                <dt>{t('figure.abandoned')}</dt>
                <dd>{fmt.percent(total.abandonRate)}</dd>
              </div>
              <div>
                <dt>{t('figure.aht')}</dt>
                <dd>{seconds(total.ahtMs)}</dd>
              </div>
              <div>
                <dt>{t('figure.frt')}</dt>
                <dd>{seconds(total.frtMs)}</dd>
              </div>
            </dl>
          )}
          <div className="rp-charts">
            <SeriesChart
              title={t('chart.volume')}
              times={times}
              series={volume}
              formatX={formatX}
              formatY={fmt.number}
              language={language}
            />
            <SeriesChart
              title={t('figure.serviceLevel')}
              times={times}
              series={service}
              formatX={formatX}
              formatY={fmt.percentPoints}
              yRange={PERCENT_RANGE}
              language={language}
              target={target}
              emptyText={t('chart.noServiceLevel')}
            />
          </div>
          <table className="rp-table" aria-label={t('table.label')}>
            <thead>
              <tr>
                <th scope="col">{bucket === 'hour' ? t('table.hour') : t('table.day')}</th>
                <th scope="col">{t('figure.arrivals')}</th>
                <th scope="col">{t('figure.answered')}</th>
                <th scope="col">{t('figure.abandoned')}</th>
                <th scope="col">{t('figure.serviceLevel')}</th>
                <th scope="col">
                  <abbr title={t('figure.asa')}>{t('table.asa')}</abbr>
                </th>
                <th scope="col">
                  <abbr title={t('figure.aht')}>{t('table.aht')}</abbr>
                </th>
                <th scope="col">
                  <abbr title={t('figure.frt')}>{t('table.frt')}</abbr>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.start}>
                  <th scope="row">{when(r.start)}</th>
                  <td>{fmt.count(r.figures.arrivals)}</td>
                  <td>{fmt.count(r.figures.answered)}</td>
                  <td>{fmt.count(r.figures.abandoned)}</td>
                  <td>{fmt.percent(r.figures.serviceLevel)}</td>
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
