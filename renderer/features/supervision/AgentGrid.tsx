import { useState } from 'react';
import type { AgentSnapshot, Capacity, CommandOutput, Presence } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { ChannelBadge } from '../../common/ChannelBadge';
import { formatDuration, useNow } from '../../common/time';
import { useT } from '../../i18n';
import { AgentEditDialog } from './AgentEditDialog';
import { useForceLogoutMutation, useSetAgentPresenceMutation } from './supervisionApi';

export type AgentRow = CommandOutput<'supervisor/agents'>[number];

const settable: ReadonlyArray<Exclude<Presence, 'away_missed'>> = ['available', 'away', 'offline'];

/** The router counts a ringing offer in the load; more load than held conversations means one is ringing. */
const ringing = (agent: AgentRow['agent'], held: number): boolean =>
  agent.state === 'available' && agent.load.voice + agent.load.chat + agent.load.email + agent.load.sms > held;

/** Every agent: state and time in it, what they hold and for how long, missed offers, and the controls. */
export function AgentGrid({
  rows,
  onMonitor,
  onControl,
}: Readonly<{ rows: readonly AgentRow[]; onMonitor: (conversationId: number) => void; onControl: (conversationId: number) => void }>) {
  const now = useNow();
  const { t } = useT('supervision');
  const ready = useHubReady();
  const [setPresence] = useSetAgentPresenceMutation();
  const [forceLogout] = useForceLogoutMutation();
  const [editing, setEditing] = useState<AgentSnapshot | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Force log-out signs the agent out everywhere: a second click on the same row confirms it.
  const [confirming, setConfirming] = useState<number | null>(null);
  const sorted = [...rows].sort((a, b) => a.agent.displayName.localeCompare(b.agent.displayName));

  const act = async (run: () => Promise<unknown>): Promise<void> => {
    setError(null);
    try {
      await run();
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <section className="sv-panel" aria-labelledby="sv-agents-title">
      <header className="sv-panel-head">
        <h2 id="sv-agents-title">{t('agents.title')}</h2>
        <span className="muted">{t('agents.connected', { count: rows.filter((r) => r.agent.connected).length })}</span>
      </header>
      {error && (
        <p role="alert" className="inline-error pad">
          {error}
        </p>
      )}
      <div className="sv-scroll">
        <table className="sv-table sv-agents" aria-label={t('agents.table')}>
          <thead>
            <tr>
              <th scope="col">{t('agents.col.agent')}</th>
              <th scope="col">{t('agents.col.state')}</th>
              <th scope="col" className="num">
                {t('agents.col.inState')}
              </th>
              <th scope="col">{t('agents.col.conversations')}</th>
              <th scope="col" className="num" title={t('agents.col.missedHint')}>
                {t('agents.col.missed')}
              </th>
              <th scope="col">{t('agents.col.capacity')}</th>
              <th scope="col">{t('agents.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map(({ agent, conversations }) => (
              <tr key={agent.id} aria-label={agent.displayName}>
                <th scope="row">
                  {agent.displayName} <span className="muted small">{agent.username}</span>
                </th>
                <td>
                  <span className={`sv-state sv-state-${agent.state}`}>{t(`state.${agent.state}`)}</span>
                  {!agent.connected && agent.state !== 'offline' && <span className="muted small"> {t('agents.notConnected')}</span>}
                  {/* 'Away (missed offers)' already says why; only a reason the agent chose adds anything. */}
                  {agent.state === 'away' && agent.awayReason && <span className="muted small"> · {agent.awayReason}</span>}
                  {ringing(agent, conversations.length) && <span className="muted small"> · {t('agents.ringing')}</span>}
                </td>
                <td className="num mono">{formatDuration(now - agent.stateSince)}</td>
                <td>
                  {conversations.length === 0 ? (
                    <span className="muted">—</span>
                  ) : (
                    <ul className="sv-convs">
                      {conversations.map((c) => (
                        <li key={c.conversationId}>
                          <ChannelBadge channel={c.channel} /> <span className="mono">#{c.conversationId}</span>{' '}
                          <span className="mono muted">{c.since === null ? '' : formatDuration(now - c.since)}</span>
                          {c.state === 'wrap_up' && <span className="muted small"> {t('agents.wrapUp')}</span>}{' '}
                          <button type="button" className="btn btn-small" disabled={!ready} onClick={() => onMonitor(c.conversationId)}>
                            {c.channel === 'voice' ? t('agents.listen') : t('agents.monitor')}
                          </button>{' '}
                          <button
                            type="button"
                            className="btn btn-small btn-ghost"
                            disabled={!ready}
                            onClick={() => onControl(c.conversationId)}
                          >
                            {t('agents.move')}
                          </button>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td className={`num mono${agent.missedOffers > 0 ? ' sv-bad' : ''}`}>{agent.missedOffers}</td>
                <td className="mono small">{capacityText(agent.capacity)}</td>
                <td>
                  <div className="sv-actions">
                    <label className="visually-hidden" htmlFor={`sv-presence-${agent.id}`}>
                      {t('agents.setStateOf', { name: agent.displayName })}
                    </label>
                    <select
                      id={`sv-presence-${agent.id}`}
                      value=""
                      disabled={!ready}
                      onChange={(e) => {
                        const presence = e.target.value as (typeof settable)[number];
                        if (presence) void act(() => setPresence({ agentId: agent.id, presence }).unwrap());
                      }}
                    >
                      <option value="">{t('agents.setState')}</option>
                      {settable.map((p) => (
                        <option key={p} value={p}>
                          {t(`state.${p}`)}
                        </option>
                      ))}
                    </select>
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={!ready}
                      onClick={() => setEditing(agent)}
                      aria-label={t('agents.skillsOf', { name: agent.displayName })}
                    >
                      {t('agents.skills')}
                    </button>
                    {confirming === agent.id ? (
                      <>
                        <button
                          type="button"
                          className="btn btn-small sv-danger"
                          disabled={!ready}
                          aria-label={t('agents.confirmLogoutOf', { name: agent.displayName })}
                          onClick={() => {
                            setConfirming(null);
                            void act(() => forceLogout({ agentId: agent.id }).unwrap());
                          }}
                        >
                          {t('agents.confirmLogout')}
                        </button>
                        <button type="button" className="btn btn-small btn-ghost" onClick={() => setConfirming(null)}>
                          {t('agents.cancel')}
                        </button>
                      </>
                    ) : (
                      <button
                        type="button"
                        className="btn btn-small sv-danger"
                        disabled={!ready || (!agent.connected && agent.presence === 'offline')}
                        aria-label={t('agents.forceLogoutOf', { name: agent.displayName })}
                        onClick={() => setConfirming(agent.id)}
                      >
                        {t('agents.logout')}
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && <AgentEditDialog agent={editing} onClose={() => setEditing(null)} />}
    </section>
  );
}

const capacityText = (c: Capacity): string => `${c.chat}/${c.sms}/${c.email}/${c.voice}`;
