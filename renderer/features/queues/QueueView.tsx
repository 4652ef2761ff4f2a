import { useQueueListQuery, useSessionMeQuery } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { channelLabel } from '../../common/ChannelBadge';
import { formatDuration, useNow } from '../../common/time';
import { liveChannels, useChannelsAvailableQuery } from '../channels/availabilityApi';
import { ChannelsOff } from '../channels/ChannelsOff';
import { formatCount } from '../../common/numbers';
import { useT } from '../../i18n';

/** The queues this agent can serve first, with what waits in them and for how long. */
export function QueueView() {
  const { t } = useT('queues');
  const ready = useHubReady();
  const now = useNow();
  const { data } = useQueueListQuery(undefined, { skip: !ready });
  const rows = [...(data ?? [])].sort((a, b) => Number(b.eligible) - Number(a.eligible) || b.stats.waiting - a.stats.waiting);
  const availability = useChannelsAvailableQuery(undefined, { skip: !ready });
  const available = availability.data?.channels;
  const role = useSessionMeQuery(undefined, { skip: !ready }).data?.agent.role;
  const listed = [...new Set(rows.flatMap((r) => r.queue.channels))];
  const waiting = rows.filter((r) => r.eligible).reduce((sum, r) => sum + r.stats.waiting, 0);
  return (
    <section className="queues" aria-labelledby="queues-title">
      <header className="section-head">
        <h2 id="queues-title">{t('title')}</h2>
        <span className="count" aria-label={t('waitingInYours', { count: waiting })}>
          {formatCount(waiting)}
        </span>
      </header>
      {rows.length === 0 ? (
        <p className="empty pad">{t('empty')}</p>
      ) : (
        <table className="queue-table">
          <thead>
            <tr>
              <th scope="col">{t('queue')}</th>
              <th scope="col" className="num">
                {t('waiting')}
              </th>
              <th scope="col" className="num">
                {t('oldest')}
              </th>
              <th scope="col" className="num" title={t('availableTitle')}>
                {t('available')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ queue, stats, eligible }) => {
              // Only the channels that run on this hub: a chat-only hub shows "Chat", whatever the queue lists.
              // A hub that cannot say (an older hub in remote mode) gets the queue's own list, as before.
              const channels = availability.isError ? queue.channels : liveChannels(queue.channels, available);
              const oldest = stats.oldestWaitingSince === null ? null : now - stats.oldestWaitingSince;
              const late = oldest !== null && oldest > queue.slaSeconds * 1000;
              return (
                <tr key={queue.id} className={eligible ? '' : 'ineligible'}>
                  <th scope="row">
                    <span className="q-name">{queue.name}</span>
                    <span className="q-channels muted">
                      {[...(channels ?? []).map(channelLabel), ...(eligible ? [] : [t('notYours')])].join(' · ')}
                    </span>
                  </th>
                  <td className="num mono">{formatCount(stats.waiting)}</td>
                  <td className={`num mono${late ? ' sla-breach' : ''}`}>{oldest === null ? t('common:none') : formatDuration(oldest)}</td>
                  <td className="num mono">{formatCount(stats.agentsAvailable)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {/* Supervisors and admins also see which listed channel is off on this hub, and why, in words. */}
      {role !== undefined && role !== 'agent' && <ChannelsOff listed={listed} />}
    </section>
  );
}
