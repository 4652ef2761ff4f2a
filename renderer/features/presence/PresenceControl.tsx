import { useState } from 'react';
import type { Presence } from '../../../services/contracts';
import { errorText, useSessionMeQuery, useSetPresenceMutation } from '../../app/api';
import { useAppSelector, useHubReady } from '../../app/hooks';
import { offerSelectors } from '../offers/offersSlice';
import { formatDuration, useNow } from '../../common/time';
import { agentStateText } from '../../common/labels';
import { useT } from '../../i18n';

/** What an agent can choose; the hub sets the rest (busy, wrap-up, away after missed offers). */
const PRESENCE_CHOICES = ['available', 'away', 'offline'] as const;
/** Sent to the hub (and shown to supervisors) as these English codes; each agent reads them in their language. */
const AWAY_REASONS = ['Break', 'Lunch', 'Meeting', 'Training', 'Admin work'];

/** Presence picker plus the agent's current state and how long they have been in it (wrap-up timer). */
export function PresenceControl() {
  const ready = useHubReady();
  const { t } = useT('presence');
  const { data } = useSessionMeQuery(undefined, { skip: !ready });
  const [setPresence, { isLoading, error }] = useSetPresenceMutation();
  const [reason, setReason] = useState(AWAY_REASONS[0] ?? 'Break');
  const now = useNow();
  const agent = data?.agent;
  // An offer only rings: the agent holds nothing yet, so the hub keeps them available; the desk says so.
  const ringing = useAppSelector((s) => offerSelectors.selectTotal(s)) > 0 && agent?.state === 'available';
  const presence: Presence = agent?.presence ?? 'offline';
  const value = presence === 'away_missed' ? 'away' : presence;

  const choose = (next: string): void => {
    if (next === 'available' || next === 'offline') void setPresence({ presence: next });
    if (next === 'away') void setPresence({ presence: 'away', reason });
  };

  return (
    <div className="presence" role="group" aria-label={t('group')}>
      <label className="visually-hidden" htmlFor="presence-select">
        {t('presence')}
      </label>
      <select id="presence-select" value={value} disabled={!ready || isLoading} onChange={(e) => choose(e.target.value)}>
        {PRESENCE_CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {agentStateText(choice)}
          </option>
        ))}
      </select>
      {value === 'away' && (
        <>
          <label className="visually-hidden" htmlFor="away-reason">
            {t('awayReason')}
          </label>
          <select
            id="away-reason"
            value={agent?.awayReason && AWAY_REASONS.includes(agent.awayReason) ? agent.awayReason : reason}
            disabled={!ready || isLoading}
            onChange={(e) => {
              setReason(e.target.value);
              void setPresence({ presence: 'away', reason: e.target.value });
            }}
          >
            {AWAY_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`reasons.${r}`, { defaultValue: r })}
              </option>
            ))}
          </select>
        </>
      )}
      {agent && (
        <span className="presence-state" aria-live="polite">
          <span className={`presence-dot state-${ringing ? 'offered' : agent.state}`} aria-hidden="true" />
          {agentStateText(ringing ? 'offered' : agent.state)} <span className="mono muted">{formatDuration(now - agent.stateSince)}</span>
        </span>
      )}
      {agent?.presence === 'away_missed' && (
        <span className="presence-warning" role="alert">
          {t('missed', { count: agent.missedOffers })}
        </span>
      )}
      {error && (
        <span className="inline-error" role="alert">
          {errorText(error)}
        </span>
      )}
    </div>
  );
}
