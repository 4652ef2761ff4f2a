import { Readable } from 'node:stream';
import type { ReportRow } from '../../contracts';
import type { MetricsService } from '../../metrics/module';
import type { Store } from '../../store/store';
import { conversationRowsChunk, messageRowsChunk } from '../repo';

const CHUNK = 500;
const DAY_MS = 86_400_000;
/** A report export reads its events day by day; a longer window is refused rather than run for minutes. */
export const MAX_REPORT_DAYS = 366;

/** A CSV field: quoted when needed, and a leading = + - @ neutralised so a spreadsheet never runs customer text as a formula. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text =
    typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows to CSV or a JSON array, pulled chunk by chunk as the client reads: a slow client slows the reads,
 * and no more than one chunk is ever in memory, whatever the size of the export.
 */
export function streamRows<T extends Record<string, unknown>>(
  format: 'csv' | 'json',
  columns: readonly (keyof T & string)[],
  chunks: () => AsyncGenerator<readonly T[]>,
): Readable {
  async function* lines(): AsyncGenerator<string> {
    let first = true;
    yield format === 'csv' ? `${columns.join(',')}\r\n` : '[';
    for await (const chunk of chunks()) {
      if (chunk.length === 0) continue;
      if (format === 'csv') yield chunk.map((row) => columns.map((c) => csvField(row[c])).join(',')).join('\r\n') + '\r\n';
      else {
        yield (first ? '\n' : ',\n') + chunk.map((row) => JSON.stringify(row)).join(',\n');
        first = false;
      }
    }
    if (format === 'json') yield '\n]\n';
  }
  return Readable.from(lines(), { objectMode: false });
}

export async function* conversationChunks(store: Store, from: number, to: number) {
  let after = 0;
  for (;;) {
    const rows = await conversationRowsChunk(store, from, to, after, CHUNK);
    if (rows.length === 0) return;
    yield rows;
    after = rows.at(-1)!.id;
  }
}

export async function* messageChunks(store: Store, from: number, to: number) {
  let after = 0;
  for (;;) {
    const rows = await messageRowsChunk(store, from, to, after, CHUNK);
    if (rows.length === 0) return;
    yield rows;
    after = rows.at(-1)!.id;
  }
}

/** One report per UTC day of the window, each split by queue and channel. */
export async function* reportChunks(metrics: MetricsService, from: number, to: number): AsyncGenerator<ReportRow[]> {
  for (let day = from - (from % DAY_MS); day < to; day += DAY_MS) {
    const start = Math.max(day, from);
    const end = Math.min(day + DAY_MS, to);
    const report = await metrics.report(start, end);
    yield report.byQueueChannel.map((r) => ({
      day: new Date(day).toISOString().slice(0, 10),
      from: start,
      to: end,
      queueId: r.queueId,
      channel: r.channel,
      ...r.figures,
    }));
  }
}
