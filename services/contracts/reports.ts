import { z } from 'zod';
import type { CommandTable } from './commandSpec';
import { MetricsReport } from './metrics';

const supervisors = ['supervisor', 'admin'] as const;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const ReportBucket = z.enum(['hour', 'day']);
export type ReportBucket = z.infer<typeof ReportBucket>;

/** One bucket of a historical report: the same figures as the whole window, for [start, end). */
export const ReportPoint = MetricsReport.pick({ byQueueChannel: true, byQueue: true }).extend({
  start: z.number(),
  end: z.number(),
});
export type ReportPoint = z.infer<typeof ReportPoint>;

export const ReportSeries = z.object({
  from: z.number(),
  to: z.number(),
  bucket: ReportBucket,
  total: MetricsReport,
  points: z.array(ReportPoint),
});
export type ReportSeries = z.infer<typeof ReportSeries>;

export const reportCommands = {
  /**
   * Historical figures over [from, to) by hour (up to 7 days) or by day (up to 92 days), from the stored
   * event log read in time slices (never the whole window in memory at once).
   */
  'metrics/series': {
    roles: supervisors,
    input: z
      .object({ from: z.number().int().nonnegative(), to: z.number().int().positive(), bucket: ReportBucket })
      .strict()
      .refine((r) => r.to > r.from, 'from must be before to')
      .refine((r) => r.to - r.from <= (r.bucket === 'hour' ? 7 * DAY_MS : 92 * DAY_MS), 'hourly: at most 7 days; daily: at most 92 days'),
    output: ReportSeries,
  },
} as const satisfies CommandTable;
