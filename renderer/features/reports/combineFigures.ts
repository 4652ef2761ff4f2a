import type { ChannelKind, ReportPoint, WindowFigures } from '../../../services/contracts';

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** Figures of several queue/channel rows as one: counts add up, averages are weighted by their counts. */
export function combineFigures(rows: readonly WindowFigures[]): WindowFigures {
  const sum = (pick: (f: WindowFigures) => number): number => rows.reduce((n, f) => n + pick(f), 0);
  const weighted = (avg: (f: WindowFigures) => number | null, weight: (f: WindowFigures) => number): number =>
    rows.reduce((n, f) => n + (avg(f) ?? 0) * weight(f), 0);
  const answered = sum((f) => f.answered);
  const abandoned = sum((f) => f.abandoned);
  const answeredInSl = sum((f) => f.answeredInSl);
  const handled = sum((f) => f.handled);
  const firstResponses = sum((f) => f.firstResponses);
  return {
    arrivals: sum((f) => f.arrivals),
    reopened: sum((f) => f.reopened),
    transfersIn: sum((f) => f.transfersIn),
    transfersOut: sum((f) => f.transfersOut),
    answered,
    answeredInSl,
    abandoned,
    shortAbandoned: sum((f) => f.shortAbandoned),
    serviceLevel: ratio(answeredInSl, answered + abandoned),
    asaMs: ratio(
      weighted(
        (f) => f.asaMs,
        (f) => f.answered,
      ),
      answered,
    ),
    abandonRate: ratio(abandoned, answered + abandoned),
    handled,
    ahtMs: ratio(
      weighted(
        (f) => f.ahtMs,
        (f) => f.handled,
      ),
      handled,
    ),
    firstResponses,
    frtMs: ratio(
      weighted(
        (f) => f.frtMs,
        (f) => f.firstResponses,
      ),
      firstResponses,
    ),
  };
}

export type ReportFilter = Readonly<{ queueId: string | null; channel: ChannelKind | null }>;

/** One bucket's figures for the chosen queue and channel (null = all). */
export function pointFigures(point: Pick<ReportPoint, 'byQueueChannel'>, filter: ReportFilter): WindowFigures {
  return combineFigures(
    point.byQueueChannel
      .filter((r) => (filter.queueId === null || r.queueId === filter.queueId) && (filter.channel === null || r.channel === filter.channel))
      .map((r) => r.figures),
  );
}
