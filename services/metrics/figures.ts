import type { WindowFigures } from '../contracts/metrics';

/** Raw counters summed over buckets; rates are derived at read time (docs/metrics.md). */
export type Counters = {
  arrivals: number;
  reopened: number;
  transfersIn: number;
  transfersOut: number;
  answered: number;
  answeredInSl: number;
  waitSumMs: number;
  abandoned: number;
  shortAbandoned: number;
  handled: number;
  handleSumMs: number;
  firstResponses: number;
  frtSumMs: number;
};

export const emptyCounters = (): Counters => ({
  arrivals: 0,
  reopened: 0,
  transfersIn: 0,
  transfersOut: 0,
  answered: 0,
  answeredInSl: 0,
  waitSumMs: 0,
  abandoned: 0,
  shortAbandoned: 0,
  handled: 0,
  handleSumMs: 0,
  firstResponses: 0,
  frtSumMs: 0,
});

export function addCounters(into: Counters, from: Readonly<Counters>): void {
  for (const key of Object.keys(into) as Array<keyof Counters>) into[key] += from[key];
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

export function toFigures(c: Readonly<Counters>): WindowFigures {
  const offeredForSl = c.answered + c.abandoned;
  return {
    arrivals: c.arrivals,
    reopened: c.reopened,
    transfersIn: c.transfersIn,
    transfersOut: c.transfersOut,
    answered: c.answered,
    answeredInSl: c.answeredInSl,
    abandoned: c.abandoned,
    shortAbandoned: c.shortAbandoned,
    serviceLevel: ratio(c.answeredInSl, offeredForSl),
    asaMs: ratio(c.waitSumMs, c.answered),
    abandonRate: ratio(c.abandoned, offeredForSl),
    handled: c.handled,
    ahtMs: ratio(c.handleSumMs, c.handled),
    firstResponses: c.firstResponses,
    frtMs: ratio(c.frtSumMs, c.firstResponses),
  };
}
