import { useEffect, useState } from 'react';

/** Wall clock that re-renders its user every `everyMs`; one timer per component that shows a countdown. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** 0:07, 4:32, 1:02:03 — compact, tabular, never negative. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/*
 * Date.toLocale*String with options builds a new Intl.DateTimeFormat on every call (about a millisecond in
 * chromium): 400 message times or a timeline row per scroll frame made that most of the desk's render time.
 * One formatter each, built on first use, gives the same text.
 */
let clockFormat: Intl.DateTimeFormat | null = null;
let dateTimeFormat: Intl.DateTimeFormat | null = null;

export function formatClock(at: number): string {
  clockFormat ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  return clockFormat.format(at);
}

export function formatDateTime(at: number): string {
  dateTimeFormat ??= new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return dateTimeFormat.format(at);
}
