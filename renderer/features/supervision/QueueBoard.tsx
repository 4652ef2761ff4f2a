import type { LiveBoard } from '../../../services/contracts';
import { channelLabel } from '../../common/ChannelBadge';
import { formatDuration, useNow } from '../../common/time';
import { DayChart } from './DayChart';
import { percent, seconds, slTone } from './format';

type QueueRow = LiveBoard['queues'][number];

const levelText: Record<QueueRow['status']['level'], string> = { ok: 'OK', at_risk: 'At risk', breach: 'Breach' };

/** Each rule of docs/metrics.md ("Queue status") in the words a supervisor reads. */
const reasonText: Record<QueueRow['status']['reasons'][number], string> = {
  wait_over_target: 'oldest wait over target',
  sl_last30_below_target: 'SL last 30 min below target',
  wait_near_target: 'oldest wait near target',
  no_agent_available: 'no agent available',
  forecast_below_target: 'forecast SL below target',
  sl_today_below_target: 'SL today below target',
};

/** One row per queue (and a line per channel under it): live waiting beside today's and the last 30 minutes' figures. */
export function QueueBoard({ board }: Readonly<{ board: LiveBoard }>) {
  // The clock ticks once a second; a board pushed since is newer, and its status was judged at its own time.
  const now = Math.max(useNow(), board.at);
  const target = board.queues.length > 0 ? Math.min(...board.queues.map((q) => q.slTargetPercent)) : 80;
  const states = board.agentsByState;
  return (
    <section className="sv-panel" aria-labelledby="sv-board-title">
      <header className="sv-panel-head">
        <h2 id="sv-board-title">Queues</h2>
        <p className="sv-totals muted" aria-label="Agents by state">
          <span className="sv-dot sv-dot-available" aria-hidden="true" />
          {states.available ?? 0} available · <span className="sv-dot sv-dot-busy" aria-hidden="true" />
          {(states.busy ?? 0) + (states.wrap_up ?? 0)} busy ({states.wrap_up ?? 0} wrap-up) ·{' '}
          <span className="sv-dot sv-dot-away" aria-hidden="true" />
          {(states.away ?? 0) + (states.away_missed ?? 0)} away · {states.offline ?? 0} offline · occupancy today{' '}
          {percent(board.occupancyToday.occupancy)}
        </p>
      </header>
      <div className="sv-board-body">
        <div className="sv-board-scroll">
          <table className="sv-table sv-board" aria-label="Queue board">
            <thead>
              <tr>
                <th scope="col">Queue</th>
                <th scope="col" className="num">
                  Waiting
                </th>
                <th scope="col" className="num">
                  Oldest
                </th>
                <th scope="col" className="num" title="Service level today (answered within threshold / answered + abandoned)">
                  SL today
                </th>
                <th scope="col" className="num" title="Service level, last 30 minutes">
                  SL 30 min
                </th>
                <th scope="col" className="num" title="Abandoned today (short abandons in brackets, not counted)">
                  Abandons
                </th>
                <th scope="col" className="num" title="Average speed of answer today">
                  ASA
                </th>
                <th scope="col" className="num" title="Average handle time today">
                  AHT
                </th>
                <th scope="col" className="num" title="First response time today (text channels)">
                  FRT
                </th>
                <th scope="col" className="num" title="Agents available / busy / away for this queue">
                  Agents A/B/Aw
                </th>
                <th scope="col" className="num" title="Erlang C: predicted SL for the next 30 minutes with the agents staffed now">
                  Forecast SL
                </th>
                <th scope="col" className="num" title="Erlang C: agents needed to reach the target">
                  Needed
                </th>
                <th scope="col">Status</th>
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

function QueueRows({ q, now }: Readonly<{ q: QueueRow; now: number }>) {
  const oldest = q.oldestWaitingSince === null ? null : now - q.oldestWaitingSince;
  const late = oldest !== null && oldest > q.slaSeconds * 1000;
  const { level, reasons } = q.status;
  const f = q.forecast;
  const short = q.today.shortAbandoned > 0 ? ` (${q.today.shortAbandoned})` : '';
  return (
    <tbody className={level === 'ok' ? undefined : `sv-level-${level}`} aria-label={`Queue ${q.name}`}>
      <tr className="sv-queue-row">
        <th scope="row">
          <span className="sv-qname">{q.name}</span>
          <span className="muted small">
            {' '}
            {q.slaSeconds}s · target {q.slTargetPercent}%
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
          title={`${f.staffed} staffed · ${Math.round(f.arrivalsPerHour)}/h`}
        >
          {f.agentsNeeded === null ? '—' : `${f.agentsNeeded} (${f.staffed})`}
        </td>
        <td data-testid={`status-${q.queueId}`}>
          <span className={`sv-badge sv-badge-${level}`}>{levelText[level]}</span>
          {reasons.length > 0 && (
            <ul className="sv-reasons small" aria-label="Why">
              {reasons.map((r) => (
                <li key={r}>{reasonText[r]}</li>
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
          <td className="num mono muted" colSpan={2} title="Arrivals and answered today">
            {figures.arrivals} in · {figures.answered} answered
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
