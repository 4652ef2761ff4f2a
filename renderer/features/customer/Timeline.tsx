import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { ChannelBadge } from '../../common/ChannelBadge';
import { formatDateTime } from '../../common/time';
import type { TimelineItem } from './timeline';

const directionLabel = { in: 'Customer', out: 'Agent', note: 'Note' } as const;

/** Virtualised: only the rows in view are in the DOM, so 10,000 items scroll like 10. */
export function Timeline({ items, onEndReached }: Readonly<{ items: readonly TimelineItem[]; onEndReached?: () => void }>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 58,
    overscan: 8,
    getItemKey: (index) => items[index]?.key ?? index,
  });
  const rows = virtualizer.getVirtualItems();
  const lastIndex = rows.at(-1)?.index ?? -1;
  // Infinite scroll: ask for older items when the last row comes into view.
  useEffect(() => {
    if (onEndReached && items.length > 0 && lastIndex >= items.length - 1) onEndReached();
  }, [onEndReached, lastIndex, items.length]);

  if (items.length === 0) return <p className="muted small pad">No history yet.</p>;
  return (
    <div ref={scrollRef} className="timeline-scroll" tabIndex={0} aria-label="Customer timeline">
      <ul className="timeline" role="list" style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const item = items[row.index];
          if (!item) return null;
          return (
            <li
              key={row.key}
              ref={virtualizer.measureElement}
              data-index={row.index}
              aria-setsize={items.length}
              aria-posinset={row.index + 1}
              className={`tl-item tl-${item.direction}`}
              style={{ transform: `translateY(${row.start}px)` }}
            >
              <div className="tl-meta">
                <ChannelBadge channel={item.channel} />
                <span>{directionLabel[item.direction]}</span>
                <time className="muted" dateTime={new Date(item.at).toISOString()}>
                  {formatDateTime(item.at)}
                </time>
              </div>
              <div className="tl-text">{item.text}</div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
