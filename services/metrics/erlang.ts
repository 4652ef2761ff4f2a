/**
 * Erlang C: probability that a contact waits, with `agents` servers and `traffic` Erlangs offered.
 * Computed with the stable recurrence on Erlang B to avoid factorial overflow.
 */
export function erlangC(agents: number, traffic: number): number {
  if (traffic <= 0) return 0;
  if (agents <= traffic) return 1;
  let b = 1;
  for (let k = 1; k <= agents; k += 1) b = (traffic * b) / (k + traffic * b);
  return b / (1 - (traffic / agents) * (1 - b));
}

/** Share of contacts answered within `thresholdSeconds` (classic Erlang C service level). */
export function erlangServiceLevel(agents: number, arrivalsPerSecond: number, ahtSeconds: number, thresholdSeconds: number): number {
  const traffic = arrivalsPerSecond * ahtSeconds;
  if (traffic <= 0) return 1;
  if (agents <= traffic) return 0;
  const wait = erlangC(agents, traffic);
  return Math.max(0, 1 - wait * Math.exp((-(agents - traffic) * thresholdSeconds) / ahtSeconds));
}

/** Fewest agents reaching `target` (0..1) service level; null when the load is absurd (> 10,000 agents). */
export function agentsNeeded(arrivalsPerSecond: number, ahtSeconds: number, thresholdSeconds: number, target: number): number | null {
  const traffic = arrivalsPerSecond * ahtSeconds;
  if (traffic <= 0) return 0;
  for (let n = Math.max(1, Math.floor(traffic) + 1); n <= 10_000; n += 1) {
    if (erlangServiceLevel(n, arrivalsPerSecond, ahtSeconds, thresholdSeconds) >= target) return n;
  }
  return null;
}
