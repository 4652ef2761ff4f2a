import type { LiveBoard } from '../../../services/contracts';
import { formatClock } from '../../common/time';
import { useT } from '../../i18n';
import { percent, wholePercent } from './format';

const W = 320;
const H = 72;
/** Early in the day the chart spans at least four hours, so a few slots are not squeezed into a corner. */
const MIN_SLOTS = 16;

/**
 * Waiting (bars) and service level (line) per 15-minute slot since midnight; an inline SVG, no chart
 * library. The text summary below it carries the same facts for screen readers.
 */
export function DayChart({ series, targetPercent }: Readonly<{ series: LiveBoard['series']; targetPercent: number }>) {
  const maxWaiting = Math.max(1, ...series.map((p) => p.waiting));
  const slotW = W / Math.max(MIN_SLOTS, series.length);
  const y = (sl: number): number => H - 2 - sl * (H - 4);
  const line = series
    .map((p, i) => (p.serviceLevel === null ? null : `${(i + 0.5) * slotW},${y(p.serviceLevel)}`))
    .filter((p): p is string => p !== null);
  const last = [...series].reverse().find((p) => p.serviceLevel !== null);
  const peak = series.reduce((m, p) => Math.max(m, p.waiting), 0);
  const { t } = useT('supervision');
  return (
    <figure className="sv-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={t('chart.label')}>
        <rect x="0" y="0" width={W} height={H} className="sv-chart-bg" />
        {series.map((p, i) =>
          i > 0 && i % 4 === 0 ? <line key={p.at} x1={i * slotW} x2={i * slotW} y1={0} y2={H} className="sv-chart-grid" /> : null,
        )}
        <line x1={0} x2={W} y1={y(targetPercent / 100)} y2={y(targetPercent / 100)} className="sv-chart-target" />
        {series.map((p, i) => {
          const h = (p.waiting / maxWaiting) * (H - 4);
          return p.waiting > 0 ? (
            <rect key={p.at} x={i * slotW + 0.5} y={H - h} width={Math.max(1, slotW - 1)} height={h} className="sv-chart-bar" />
          ) : null;
        })}
        {line.length > 1 && <polyline points={line.join(' ')} className="sv-chart-line" />}
        {line.length === 1 && <circle cx={line[0]!.split(',')[0]} cy={line[0]!.split(',')[1]} r={3} className="sv-chart-dot" />}
      </svg>
      <figcaption className="muted small">
        {series[0] ? `${t('chart.since', { from: formatClock(series[0].at) })} ` : ''}
        {t('chart.bars', { peak })} {t('chart.line')}
        {last ? ` ${t('chart.latest', { value: percent(last.serviceLevel ?? 0) })}` : ''}
        {t('chart.target', { target: wholePercent(targetPercent) })}
      </figcaption>
    </figure>
  );
}
