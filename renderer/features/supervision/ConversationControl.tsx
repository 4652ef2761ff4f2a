import { useEffect, useId, useState } from 'react';
import type { Conversation, ConversationLookupHit } from '../../../services/contracts';
import { errorText, useConversationGetQuery } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { ChannelBadge } from '../../common/ChannelBadge';
import { repliesClosedReason } from '../conversation/messageLines';
import { anonymousVisitor } from '../customers/ProfileSections';
import type { AgentRow } from './AgentGrid';
import { useFindConversationsQuery, useMoveConversationMutation, useReassignMutation } from './supervisionApi';
import { i18n, useT } from '../../i18n';

type QueueOption = Readonly<{ queueId: string; name: string }>;

/** Which actions can apply to a conversation in this state, each with the reason when it cannot. */
export type ControlLimits = Readonly<{ move: string | null; priority: string | null; reassign: string | null }>;

export function controlLimits(conversation: Pick<Conversation, 'state'>): ControlLimits {
  const t = i18n.getFixedT(null, 'supervision');
  if (conversation.state === 'closed' || conversation.state === 'abandoned') {
    const ended = t('control.ended');
    return { move: ended, priority: ended, reassign: ended };
  }
  const waiting = conversation.state === 'queued' || conversation.state === 'offered';
  return { move: null, priority: waiting ? null : t('control.priorityWaitingOnly'), reassign: null };
}

/** The first identity worth reading (a made-up web chat id says nothing to a person). */
const contactOf = (hit: ConversationLookupHit): string | null => hit.customer.identities.find((i) => !anonymousVisitor(i))?.value ?? null;

/** Waits for the supervisor to stop typing before asking the hub. */
function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Find a conversation by customer (name, phone number, email) or #number, see what it is, then reassign
 * it, move it to another queue or raise its priority. Actions that cannot apply to it are off, with why.
 */
export function ConversationControl({
  conversationId,
  queues,
  agents,
  onMonitor,
}: Readonly<{
  conversationId: number | null;
  queues: readonly QueueOption[];
  agents: readonly AgentRow[];
  onMonitor: (id: number) => void;
}>) {
  const ready = useHubReady();
  const { t } = useT('supervision');
  const [target, setTarget] = useState<number | null>(conversationId);
  const [query, setQuery] = useState('');
  const [queueId, setQueueId] = useState('');
  const [agentId, setAgentId] = useState('');
  const [priority, setPriority] = useState('50');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [move] = useMoveConversationMutation();
  const [reassign] = useReassignMutation();
  const resultsId = useId();
  useEffect(() => {
    if (conversationId !== null) setTarget(conversationId);
  }, [conversationId]);
  const settled = useSettled(query.trim(), 250);
  const search = useFindConversationsQuery(settled, { skip: !ready || settled.length < 2 });
  const hits = settled.length >= 2 ? (search.data ?? []) : [];
  const picked = useConversationGetQuery(target ?? 0, { skip: !ready || target === null });
  const conversation = target !== null ? picked.data?.conversation : undefined;
  const limits = conversation ? controlLimits(conversation) : null;
  // Still held (to wrap up) after the web visitor left: say so rather than a plain "active".
  const visitorLeft =
    picked.data && picked.data.conversation.state === 'active' ? repliesClosedReason(picked.data.conversation, picked.data.messages) : null;
  const off = (reason: string | null | undefined): boolean => !ready || !conversation || reason != null;

  const run = async (action: 'move' | 'priority' | 'reassign', send: () => Promise<unknown>): Promise<void> => {
    setResult(null);
    const label = t(`control.action.${action}`);
    try {
      await send();
      setResult({ ok: true, text: t('control.done', { label }) });
    } catch (e) {
      setResult({ ok: false, text: t('control.failed', { label, error: errorText(e) }) });
    }
  };
  const choose = (hit: ConversationLookupHit): void => {
    setTarget(hit.conversation.id);
    setQuery('');
    setResult(null);
  };

  return (
    <section className="sv-panel" aria-labelledby="sv-control-title">
      <header className="sv-panel-head">
        <h2 id="sv-control-title">{t('control.title')}</h2>
      </header>
      <form className="sv-form sv-control" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('control.find')}
          <input
            type="search"
            value={query}
            placeholder={t('control.findPlaceholder')}
            // Only while the results exist: a reference to a missing element is invalid ARIA (axe).
            aria-controls={settled.length >= 2 ? resultsId : undefined}
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        {settled.length >= 2 && (
          <div id={resultsId} className="sv-lookup" aria-live="polite">
            {search.isFetching && hits.length === 0 && <p className="muted small">{t('control.searching')}</p>}
            {!search.isFetching && search.isSuccess && hits.length === 0 && (
              <p className="muted small">{t('control.notFound', { query: settled })}</p>
            )}
            {search.error && (
              <p className="inline-error small" role="alert">
                {errorText(search.error)}
              </p>
            )}
            {hits.length > 0 && (
              <ul className="sv-lookup-list" aria-label={t('control.found')}>
                {hits.map((hit) => (
                  <li key={hit.conversation.id}>
                    <button type="button" className="sv-lookup-hit" onClick={() => choose(hit)}>
                      <span className="sv-lookup-line">
                        <ChannelBadge channel={hit.conversation.channel} />
                        <strong>{hit.customer.displayName}</strong>
                        <span className="mono muted">#{hit.conversation.id}</span>
                        <span className={`sv-lookup-state sv-lookup-state-${hit.conversation.state}`}>
                          {t(`control.state.${hit.conversation.state}`)}
                        </span>
                      </span>
                      <span className="sv-lookup-sub muted small">
                        {hit.conversation.queueId}
                        {hit.agentName ? ` · ${hit.agentName}` : ''}
                        {contactOf(hit) ? ` · ${contactOf(hit)}` : ''}
                      </span>
                      {hit.preview && <span className="sv-lookup-preview small">{hit.preview}</span>}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {target !== null && (
          <div className="sv-picked" aria-label={t('control.selected')}>
            {picked.data ? (
              <>
                <div className="sv-lookup-line">
                  <ChannelBadge channel={picked.data.conversation.channel} />
                  <strong>{picked.data.customer.displayName}</strong>
                  <span className="mono muted">#{picked.data.conversation.id}</span>
                  {visitorLeft ? (
                    <span className="sv-lookup-state sv-lookup-state-wrap_up" title={visitorLeft}>
                      {t('control.visitorLeft')}
                    </span>
                  ) : (
                    <span className={`sv-lookup-state sv-lookup-state-${picked.data.conversation.state}`}>
                      {t(`control.state.${picked.data.conversation.state}`)}
                    </span>
                  )}
                </div>
                <div className="muted small">
                  {t('control.queuePriority', { queue: picked.data.conversation.queueId, priority: picked.data.conversation.priority })}
                </div>
                {picked.data.messages[0] && <div className="sv-lookup-preview small">{picked.data.messages[0].bodyText}</div>}
              </>
            ) : (
              <p className="muted small">{picked.error ? errorText(picked.error) : t('control.loading', { id: target })}</p>
            )}
          </div>
        )}
        {target === null && <p className="muted small">{t('control.hint')}</p>}
        {limits &&
          [...new Set([limits.move, limits.priority, limits.reassign])].map((reason) =>
            reason === null ? null : (
              <p key={reason} className="muted small" role="note">
                {reason}
              </p>
            ),
          )}
        <div className="sv-row">
          <label>
            {t('control.queue')}
            <select value={queueId} onChange={(e) => setQueueId(e.target.value)}>
              <option value="">{t('control.choose')}</option>
              {queues.map((q) => (
                <option key={q.queueId} value={q.queueId}>
                  {q.name}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="btn"
            disabled={off(limits?.move) || !queueId}
            title={limits?.move ?? undefined}
            onClick={() => void run('move', () => move({ conversationId: target!, queueId }).unwrap())}
          >
            {t('control.moveToQueue')}
          </button>
        </div>
        <div className="sv-row">
          <label>
            {t('control.priority')}
            <input type="number" min={0} max={100} value={priority} onChange={(e) => setPriority(e.target.value)} />
          </label>
          <button
            type="button"
            className="btn"
            disabled={off(limits?.priority) || !/^\d+$/.test(priority) || Number(priority) > 100}
            title={limits?.priority ?? undefined}
            onClick={() => void run('priority', () => move({ conversationId: target!, priority: Number(priority) }).unwrap())}
          >
            {t('control.raisePriority')}
          </button>
        </div>
        <div className="sv-row">
          <label>
            {t('control.agent')}
            <select value={agentId} onChange={(e) => setAgentId(e.target.value)}>
              <option value="">{t('control.choose')}</option>
              {agents
                .filter((a) => a.agent.role === 'agent')
                .map((a) => (
                  <option key={a.agent.id} value={a.agent.id}>
                    {t('control.agentOption', { name: a.agent.displayName, state: t(`state.${a.agent.state}`) })}
                  </option>
                ))}
            </select>
          </label>
          <button
            type="button"
            className="btn"
            disabled={off(limits?.reassign) || !agentId}
            title={limits?.reassign ?? undefined}
            onClick={() => void run('reassign', () => reassign({ conversationId: target!, agentId: Number(agentId) }).unwrap())}
          >
            {t('control.reassign')}
          </button>
          <button type="button" className="btn btn-ghost" disabled={!ready || !conversation} onClick={() => onMonitor(target!)}>
            {t('control.monitor')}
          </button>
        </div>
        {result && (
          <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'muted' : 'inline-error'}>
            {result.text}
          </p>
        )}
      </form>
    </section>
  );
}
