import type { LiveBoard } from '../../../services/contracts';
import { channelLabel } from '../../common/ChannelBadge';
import { formatDuration, useNow } from '../../common/time';
import { DayChart } from './DayChart';
import { percent, seconds, slTone, wholePercent, wholeSeconds } from './format';
import { useT } from '../../i18n';

type QueueRow = LiveBoard['queues'][number];

/*
 * The hub judges each queue's status by the rules of docs/metrics.md ("Queue status") and sends codes
 * (level ok | at_risk | breach, reasons such as wait_over_target); the words are the catalogue's
 * `status.level.<code>` and `status.reason.<code>`, so the contract never carries a language.
 */

/** One row per queue (and a line per channel under it): live waiting beside today's and the last 30 minutes' figures. */
export function QueueBoard({ board }: Readonly<{ board: LiveBoard }>) {
  // The clock ticks once a second; a board pushed since is newer, and its status was judged at its own time.
  const now = Math.max(useNow(), board.at);
  const target = board.queues.length > 0 ? Math.min(...board.queues.map((q) => q.slTargetPercent)) : 80;
  const states = board.agentsByState;
  const { t } = useT('supervision');
  return (
    <section className="sv-panel" aria-labelledby="sv-board-title">
      <header className="sv-panel-head">
        <h2 id="sv-board-title">{t('board.title')}</h2>
        <p className="sv-totals muted" aria-label={t('board.byState')}>
          <span className="sv-dot sv-dot-available" aria-hidden="true" />
          {t('board.available', { count: states.available ?? 0 })} · <span className="sv-dot sv-dot-busy" aria-hidden="true" />
          {t('board.busy', { count: (states.busy ?? 0) + (states.wrap_up ?? 0), wrapUp: states.wrap_up ?? 0 })} ·{' '}
          <span className="sv-dot sv-dot-away" aria-hidden="true" />
          {t('board.away', { count: (states.away ?? 0) + (states.away_missed ?? 0) })} ·{' '}
          {t('board.offline', { count: states.offline ?? 0 })} · {t('board.occupancy', { value: percent(board.occupancyToday.occupancy) })}
        </p>
      </header>
      <div className="sv-board-body">
        <div className="sv-board-scroll">
          <table className="sv-table sv-board" aria-label={t('board.table')}>
            <thead>
              <tr>
                <th scope="col">{t('board.col.queue')}</th>
                {boardColumns.map((col) => (
                  <th key={col} scope="col" className="num" title={t(`board.hint.${col}`, { defaultValue: '' }) || undefined}>
                    {t(`board.col.${col}`)}
                  </th>
                ))}
                <th scope="col">{t('board.col.status')}</th>
              </tr>
            </thead>
            {board.queues.map((q) => (
              <QueueRows key={q.queueId} q={q} now={now} />
            ))}
          </table>
        </div>
        <DayChart series={board.series} targetPercent={target} />
      </div>
    </section>
  );
}

/** The numeric columns, in order; each has a header word and, when the header is an abbreviation, a hint. */
const boardColumns = ['waiting', 'oldest', 'slToday', 'sl30', 'abandons', 'asa', 'aht', 'frt', 'agents', 'forecast', 'needed'] as const;

function QueueRows({ q, now }: Readonly<{ q: QueueRow; now: number }>) {
  const { t } = useT('supervision');
  const oldest = q.oldestWaitingSince === null ? null : now - q.oldestWaitingSince;
  const late = oldest !== null && oldest > q.slaSeconds * 1000;
  const { level, reasons } = q.status;
  const f = q.forecast;
  const short = q.today.shortAbandoned > 0 ? ` (${q.today.shortAbandoned})` : '';
  return (
    <tbody className={level === 'ok' ? undefined : `sv-level-${level}`} aria-label={t('board.queueLabel', { name: q.name })}>
      <tr className="sv-queue-row">
        <th scope="row">
          <span className="sv-qname">{q.name}</span>
          <span className="muted small">
            {' '}
            {t('board.target', { sla: wholeSeconds(q.slaSeconds), target: wholePercent(q.slTargetPercent) })}
          </span>
        </th>
        <td className="num mono sv-big">{q.waiting}</td>
        <td className={`num mono${late ? ' sv-bad' : ''}`} data-testid={`oldest-${q.queueId}`}>
          {oldest === null ? '—' : formatDuration(oldest)}
        </td>
        <td className={`num mono sv-tone-${slTone(q.today.serviceLevel, q.slTargetPercent)}`}>{percent(q.today.serviceLevel)}</td>
        <td className={`num mono sv-tone-${slTone(q.last30.serviceLevel, q.slTargetPercent)}`}>{percent(q.last30.serviceLevel)}</td>
        <td className="num mono">
          {q.today.abandoned}
          <span className="muted">{short}</span>
        </td>
        <td className="num mono">{seconds(q.today.asaMs)}</td>
        <td className="num mono">{seconds(q.today.ahtMs)}</td>
        <td className="num mono">{seconds(q.today.frtMs)}</td>
        <td className={`num mono${q.waiting > 0 && q.agentsAvailable === 0 ? ' sv-bad' : ''}`}>
          {q.agentsAvailable}/{q.agentsBusy}/{q.agentsAway}
        </td>
        <td className={`num mono sv-tone-${slTone(f.predictedServiceLevel, q.slTargetPercent)}`}>{percent(f.predictedServiceLevel)}</td>
        <td
          className={`num mono${f.agentsNeeded !== null && f.agentsNeeded > f.staffed ? ' sv-bad' : ''}`}
          title={t('board.staffed', { staffed: f.staffed, perHour: Math.round(f.arrivalsPerHour) })}
        >
          {f.agentsNeeded === null ? '—' : `${f.agentsNeeded} (${f.staffed})`}
        </td>
        <td data-testid={`status-${q.queueId}`}>
          <span className={`sv-badge sv-badge-${level}`}>{t(`status.level.${level}`)}</span>
          {reasons.length > 0 && (
            <ul className="sv-reasons small" aria-label={t('status.why')}>
              {reasons.map((r) => (
                <li key={r}>{t(`status.reason.${r}`)}</li>
              ))}
            </ul>
          )}
        </td>
      </tr>
      {q.byChannelToday.map(({ channel, figures }) => (
        <tr key={channel} className="sv-channel-row">
          <th scope="row" className="muted">
            {channelLabel(channel)}
          </th>
          <td className="num mono muted" colSpan={2} title={t('board.channelHint')}>
            {t('board.channelFigures', { arrivals: figures.arrivals, answered: figures.answered })}
          </td>
          <td className={`num mono sv-tone-${slTone(figures.serviceLevel, q.slTargetPercent)}`}>{percent(figures.serviceLevel)}</td>
          <td />
          <td className="num mono muted">{figures.abandoned}</td>
          <td className="num mono muted">{seconds(figures.asaMs)}</td>
          <td className="num mono muted">{seconds(figures.ahtMs)}</td>
          <td className="num mono muted">{figures.frtMs === null ? '' : seconds(figures.frtMs)}</td>
          <td colSpan={4} />
        </tr>
      ))}
    </tbody>
  );
}
