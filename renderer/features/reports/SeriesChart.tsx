import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useT } from '../../i18n';

export type ChartSeries = Readonly<{ label: string; color: string; values: ReadonlyArray<number | null>; bars?: boolean }>;

type Props = Readonly<{
  title: string;
  /** Bucket starts (ms). */
  times: readonly number[];
  series: readonly ChartSeries[];
  /** Y axis values as text ("80%"), in the desk's language. */
  formatY?: (value: number) => string;
  /** A bucket start (ms) as text, for the time axis and the legend (uPlot's own dates are English only). */
  formatX?: (at: number) => string;
  /** A fixed y range (a percentage is 0..100 whatever the data); otherwise uPlot fits the data. */
  yRange?: readonly [number, number];
  /** The language the labels are in: the chart is rebuilt when it changes. */
  language?: string;
  /** A horizontal target line (e.g. the service-level target). */
  target?: Readonly<{ value: number; label: string }>;
  height?: number;
  /** Said instead of an empty chart. */
  emptyText?: string;
}>;

/**
 * uPlot (canvas, small and fast) for the report's time series. The figure has a text alternative: the same
 * numbers are in the table below it, which the caption points to.
 */
export function SeriesChart({ title, times, series, formatY, formatX, language, yRange, target, height = 220, emptyText }: Props) {
  const { t } = useT('reports');
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return undefined;
    const bars = uPlot.paths.bars?.({ size: [0.6, 40] });
    const opts: uPlot.Options = {
      width: Math.max(320, element.clientWidth),
      height,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      // Report days are UTC days (as the table says); half a bucket of room so the edge bars are whole.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      scales: {
        x: {
          time: true,
          range: (_u, min, max) => {
            const half = times.length > 1 ? (times[1]! - times[0]!) / 2000 : 1800;
            return [min - half, max + half];
          },
        },
        ...(yRange ? { y: { range: (): uPlot.Range.MinMax => [yRange[0], yRange[1]] } } : {}),
      },
      axes: [
        // Room for "lun 09:00" between ticks; uPlot places ticks on whole hours and days of the UTC clock.
        formatX ? { space: 80, values: (_u, ticks) => ticks.map((ts) => formatX(ts * 1000)) } : {},
        { values: (_u, ticks) => ticks.map((v) => (formatY ? formatY(v) : String(v))), size: 56 },
      ],
      series: [
        {
          label: t('chart.when'),
          ...(formatX ? { value: (_u: uPlot, ts: number | null) => (ts === null ? '—' : formatX(ts * 1000)) } : {}),
        },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          ...(s.bars && bars ? { paths: bars, fill: `${s.color}55` } : {}),
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : formatY ? formatY(v) : String(v)),
        })),
        ...(target
          ? [
              {
                label: target.label,
                stroke: '#8a5a00',
                dash: [6, 4],
                width: 1,
                value: () => (formatY ? formatY(target.value) : String(target.value)),
              },
            ]
          : []),
      ],
    };
    const data: uPlot.AlignedData = [
      times.map((t) => t / 1000),
      ...series.map((s) => [...s.values]),
      ...(target ? [times.map(() => target.value)] : []),
    ];
    const plot = new uPlot(opts, data, element);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(320, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
    // `language` is a dependency on purpose: the legend and axes are drawn once per build of the chart.
  }, [times, series, formatY, formatX, language, yRange, target, height, t]);
  const empty = series.every((s) => s.values.every((v) => v === null));
  return (
    <figure className="rp-chart">
      <figcaption>{title}</figcaption>
      {empty ? (
        <p className="muted rp-chart-empty">{emptyText ?? t('chart.empty')}</p>
      ) : (
        <div ref={host} role="img" aria-label={t('chart.label', { title })} />
      )}
    </figure>
  );
}
