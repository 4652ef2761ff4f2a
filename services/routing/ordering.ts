import type { QueueConfig, WaitingItem } from './types';

/**
 * Queue order: higher priority first, then less time left before the SLA breaches, then older.
 * Returns < 0 when `a` goes before `b`.
 */
export function compareWaiting(a: WaitingItem, b: WaitingItem, queues: ReadonlyMap<string, QueueConfig>): number {
  const pa = effectivePriority(a, queues);
  const pb = effectivePriority(b, queues);
  if (pa !== pb) return pb - pa;
  const da = slaDeadline(a, queues);
  const db = slaDeadline(b, queues);
  if (da !== db) return da - db;
  if (a.enqueuedAt !== b.enqueuedAt) return a.enqueuedAt - b.enqueuedAt;
  return a.conversationId - b.conversationId;
}

export function effectivePriority(item: WaitingItem, queues: ReadonlyMap<string, QueueConfig>): number {
  return item.priority + (queues.get(item.queueId)?.priority ?? 0);
}

export function slaDeadline(item: WaitingItem, queues: ReadonlyMap<string, QueueConfig>): number {
  const sla = queues.get(item.queueId)?.slaSeconds ?? 3600;
  return item.enqueuedAt + sla * 1000;
}

/** Index of the first element for which `before(x)` is false, in an array sorted so `before` is monotone. */
export function lowerBound<T>(items: readonly T[], before: (x: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(items[mid] as T)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
