import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ChannelKind, type TimelineItem } from '../../../services/contracts';
import { errorText } from '../../app/api';
import { useHubReady } from '../../app/hooks';
import { ChannelBadge, channelLabel } from '../../common/ChannelBadge';
import { useT } from '../../i18n';
import { CallRecordings } from '../telephony/CallRecordings';
import { useCustomerTimelineInfiniteQuery } from './customerApi';
import { formatWhen } from './dates';

const allChannels = ChannelKind.options;
const MAX_HEIGHT_PX = 340;

/**
 * The customer's conversations on every channel, newest first, from customer/timeline. Virtualised (only
 * the rows in view are in the DOM) and paged by cursor: the next page loads when the last row shows.
 */
export function CustomerTimeline({ customerId, currentConversationId }: Readonly<{ customerId: number; currentConversationId?: number }>) {
  const { t } = useT('customers');
  const ready = useHubReady();
  const [channels, setChannels] = useState<readonly ChannelKind[]>([]);
  const query = useCustomerTimelineInfiniteQuery({ customerId, channels }, { skip: !ready });
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const onEndReached = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const toggle = (channel: ChannelKind): void =>
    setChannels((current) => (current.includes(channel) ? current.filter((c) => c !== channel) : [...current, channel]));

  return (
    <div className="c360-timeline">
      <div className="tl-filter" role="group" aria-label={t('timeline.showChannels')}>
        {allChannels.map((channel) => (
          <button
            key={channel}
            type="button"
            className={`chip chip-button${channels.includes(channel) ? ' chip-on' : ''}`}
            aria-pressed={channels.includes(channel)}
            onClick={() => toggle(channel)}
          >
            {channelLabel(channel)}
          </button>
        ))}
        {channels.length > 0 && (
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setChannels([])}>
            {t('timeline.all')}
          </button>
        )}
      </div>
      {query.error ? (
        <p className="inline-error small" role="alert">
          {errorText(query.error)}
        </p>
      ) : !query.data ? (
        <p className="muted small">{t('timeline.loading')}</p>
      ) : (
        <TimelineList
          items={items}
          onEndReached={onEndReached}
          loadingMore={isFetchingNextPage}
          currentConversationId={currentConversationId}
          extra={callRecordings}
        />
      )}
    </div>
  );
}

const callRecordings = (item: TimelineItem): ReactNode =>
  item.channel === 'voice' ? <CallRecordings conversationId={item.conversationId} /> : null;

/** Catalogue keys (namespace 'customers') of each conversation state. */
const stateLabel: Record<TimelineItem['state'], string> = {
  queued: 'timeline.state.queued',
  offered: 'timeline.state.offered',
  active: 'timeline.state.active',
  wrap_up: 'timeline.state.wrap_up',
  closed: 'timeline.state.closed',
  abandoned: 'timeline.state.abandoned',
};

export function TimelineList({
  items,
  onEndReached,
  loadingMore = false,
  currentConversationId,
  extra,
}: Readonly<{
  items: readonly TimelineItem[];
  onEndReached?: () => void;
  loadingMore?: boolean;
  currentConversationId?: number;
  /** More for a row (a call's recordings); rows stay plain without it. */
  extra?: (item: TimelineItem) => ReactNode;
}>) {
  const { t } = useT('customers');
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 76,
    overscan: 6,
    // Render rows that scroll into view in React's own scheduling, not synchronously inside each scroll event.
    useFlushSync: false,
    getItemKey: (index) => items[index]?.conversationId ?? index,
  });
  const rows = virtualizer.getVirtualItems();
  const lastIndex = rows.at(-1)?.index ?? -1;
  useEffect(() => {
    if (onEndReached && items.length > 0 && lastIndex >= items.length - 1) onEndReached();
  }, [onEndReached, lastIndex, items.length]);

  if (items.length === 0) return <p className="muted small">{t('timeline.empty')}</p>;
  return (
    <div
      ref={scrollRef}
      className="timeline-scroll c360-timeline-scroll"
      // As tall as the rows up to a cap, so a short history leaves no gap under it.
      style={{ height: Math.min(MAX_HEIGHT_PX, Math.max(80, virtualizer.getTotalSize() + 2)) }}
      tabIndex={0}
      aria-label={t('timeline.label')}
      aria-busy={loadingMore}
    >
      <ul className="timeline" role="list" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const item = items[row.index];
          if (!item) return null;
          return (
            <TimelineRow
              key={row.key}
              item={item}
              index={row.index}
              setSize={items.length}
              start={row.start}
              current={item.conversationId === currentConversationId}
              measure={virtualizer.measureElement}
              extra={extra}
            />
          );
        })}
      </ul>
      {loadingMore && <p className="muted small">{t('timeline.loadingMore')}</p>}
    </div>
  );
}

type RowProps = Readonly<{
  item: TimelineItem;
  index: number;
  setSize: number;
  start: number;
  current: boolean;
  measure: (element: HTMLElement | null) => void;
  /** Something the caller adds under a row (a call's recordings); a stable function keeps rows memoised. */
  extra?: ((item: TimelineItem) => ReactNode) | undefined;
}>;

/**
 * One history row. Memoised: a scroll frame re-renders the list, and without this every row in view (and
 * its date formatting) ran again on every frame although only the rows entering the view are new.
 */
const TimelineRow = memo(function TimelineRow({ item, index, setSize, start, current, measure, extra }: RowProps) {
  // Subscribed to the language: a memoised row still re-renders when it changes.
  const { t } = useT('customers');
  return (
    <li
      ref={measure}
      data-index={index}
      aria-setsize={setSize}
      aria-posinset={index + 1}
      className={`tl-item tl-conv tl-${item.channel}${current ? ' tl-current' : ''}`}
      // Placed by top, not one transform per row: measured with bench:desk (5,000 rows), fewer slow frames.
      style={{ top: start }}
    >
      <div className="tl-meta">
        <ChannelBadge channel={item.channel} />
        <span className={`tl-state tl-state-${item.state}`}>{current ? t('timeline.current') : t(stateLabel[item.state])}</span>
        <time className="muted" dateTime={new Date(item.createdAt).toISOString()}>
          {formatWhen(item.createdAt)}
        </time>
      </div>
      {item.subject && <div className="tl-subject">{item.subject}</div>}
      {item.firstLine && <div className="tl-text">{item.firstLine}</div>}
      <div className="tl-foot muted small">
        #{item.conversationId} · {t('timeline.messages', { count: item.messageCount })}
        {item.agentName ? ` · ${item.agentName}` : ''}
        {item.disposition ? ` · ${item.disposition}` : ''}
      </div>
      {item.notes[0] && <div className="tl-note-line small">{t('timeline.note', { body: item.notes[0].body })}</div>}
      {extra?.(item)}
    </li>
  );
});
