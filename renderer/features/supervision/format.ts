/** Figures as the board shows them: a null rate is "—" (nothing offered yet), never 0 %. */
export const percent = (value: number | null): string => (value === null ? '—' : `${Math.round(value * 100)}%`);

export const seconds = (ms: number | null): string => {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s}s` : `${Math.round(s / 60)}m`;
};

/** Below target is an alert; within 5 points of it is a warning. */
export function slTone(value: number | null, targetPercent: number): 'ok' | 'warn' | 'bad' | 'none' {
  if (value === null) return 'none';
  const pct = value * 100;
  if (pct < targetPercent) return 'bad';
  return pct < targetPercent + 5 ? 'warn' : 'ok';
}
