import { useEffect, useRef } from 'react';
import type { Conversation } from '../../../services/contracts';
import { useConversationGetQuery, useConversationMineQuery, useQueueListQuery, useSessionMeQuery } from '../../app/api';
import { useAppDispatch, useAppSelector, useHubReady } from '../../app/hooks';
import { ChannelBadge } from '../../common/ChannelBadge';
import { formatDuration, useNow } from '../../common/time';
import { repliesClosedReason } from '../conversation/messageLines';
import { formatCount } from '../../common/numbers';
import { useT } from '../../i18n';
import { slaStatus } from './sla';
import { conversationSelected } from './worklistSlice';

/** Every conversation the agent holds, across channels. Arrow keys move; Alt+↑/↓ work from anywhere. */
export function Worklist() {
  const { t } = useT('worklist');
  const dispatch = useAppDispatch();
  const ready = useHubReady();
  const { data, isLoading } = useConversationMineQuery(undefined, { skip: !ready });
  const selectedId = useAppSelector((s) => s.worklist.selectedId);
  const { data: me } = useSessionMeQuery(undefined, { skip: !ready });
  const conversations = data?.conversations ?? [];
  const listRef = useRef<HTMLUListElement>(null);

  const move = (delta: number, focus: boolean): void => {
    if (conversations.length === 0) return;
    const index = conversations.findIndex((c) => c.id === selectedId);
    const next = conversations[(index + delta + conversations.length) % conversations.length] ?? conversations[0];
    if (!next) return;
    dispatch(conversationSelected(next.id));
    if (focus) listRef.current?.querySelector<HTMLElement>(`[data-conversation-id="${next.id}"]`)?.focus();
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!event.altKey || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return;
      event.preventDefault();
      move(event.key === 'ArrowDown' ? 1 : -1, false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  // Select the first conversation when nothing valid is selected (e.g. after closing one).
  useEffect(() => {
    if (!data) return;
    if (selectedId !== null && data.conversations.some((c) => c.id === selectedId)) return;
    const first = data.conversations[0]?.id ?? null;
    if (first !== selectedId) dispatch(conversationSelected(first));
  }, [data, selectedId, dispatch]);

  return (
    <section className="worklist" aria-labelledby="worklist-title">
      <header className="section-head">
        <h2 id="worklist-title">{t('title')}</h2>
        <span className="count" aria-label={t('count', { count: conversations.length })}>
          {formatCount(conversations.length)}
        </span>
      </header>
      {isLoading && <p className="muted pad">{t('loading')}</p>}
      {!isLoading && conversations.length === 0 && (
        <p className="empty pad">{me?.agent.presence === 'available' ? t('emptyAvailable') : t('emptyAway')}</p>
      )}
      <ul
        ref={listRef}
        className="worklist-items"
        role="listbox"
        aria-labelledby="worklist-title"
        onKeyDown={(e) => {
          if (e.altKey) return;
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            move(e.key === 'ArrowDown' ? 1 : -1, true);
          }
        }}
      >
        {conversations.map((c) => (
          <WorklistItem
            key={c.id}
            conversation={c}
            selected={c.id === selectedId}
            tabbable={c.id === selectedId || (selectedId === null && c === conversations[0])}
          />
        ))}
      </ul>
    </section>
  );
}

function WorklistItem({
  conversation,
  selected,
  tabbable,
}: Readonly<{ conversation: Conversation; selected: boolean; tabbable: boolean }>) {
  const { t } = useT('worklist');
  const dispatch = useAppDispatch();
  const ready = useHubReady();
  const now = useNow();
  const { data } = useConversationGetQuery(conversation.id, { skip: !ready });
  const { data: queues } = useQueueListQuery(undefined, { skip: !ready });
  const unread = useAppSelector((s) => s.worklist.unread[conversation.id] ?? 0);
  const hasDraft = useAppSelector((s) => (s.worklist.drafts[conversation.id]?.text.trim().length ?? 0) > 0);
  const sla = slaStatus(conversation, queues?.find((q) => q.queue.id === conversation.queueId)?.queue.slaSeconds, now);
  const last = data?.messages.filter((m) => m.direction !== 'note').at(-1);
  const name = data?.customer.displayName ?? t('untitled', { id: conversation.id });

  return (
    <li
      role="option"
      aria-selected={selected}
      tabIndex={tabbable ? 0 : -1}
      data-conversation-id={conversation.id}
      className={`worklist-item${selected ? ' selected' : ''}${unread ? ' unread' : ''}`}
      onClick={() => dispatch(conversationSelected(conversation.id))}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          dispatch(conversationSelected(conversation.id));
        }
      }}
    >
      <div className="wl-row">
        <ChannelBadge channel={conversation.channel} />
        <span className="wl-name">{name}</span>
        {unread > 0 && (
          <span className="unread-badge" aria-label={t('unread', { count: unread })}>
            {formatCount(unread)}
          </span>
        )}
      </div>
      <div className="wl-row wl-sub">
        <span className="wl-preview">
          {hasDraft && <span className="draft-tag">{t('draft')}</span>}
          {conversation.subject ?? last?.bodyText ?? ''}
        </span>
        {conversation.state === 'wrap_up' ? (
          <span className="sla sla-wrap">{t('wrapUp')}</span>
        ) : data && repliesClosedReason(conversation, data.messages) !== null ? (
          <span className="sla sla-wrap" title={repliesClosedReason(conversation, data.messages) ?? undefined}>
            {t('visitorLeft')}
          </span>
        ) : sla.kind === 'running' ? (
          <span className={`sla mono${sla.warning ? ' sla-warn' : ''}`} title={t('slaLeftTitle')}>
            {t('slaLeft', { time: formatDuration(sla.leftMs) })}
          </span>
        ) : sla.kind === 'breached' ? (
          <span className="sla sla-breach mono" title={t('slaBreachedTitle')}>
            +{formatDuration(sla.overMs)}
          </span>
        ) : sla.kind === 'answered' ? (
          <span className="sla sla-ok">{t('answered')}</span>
        ) : null}
      </div>
    </li>
  );
}
