import { parse } from 'csv-parse/sync';
import type { ImportUpload } from '../../contracts';

/** A file the hub will not store: the message says what is wrong in the user's words. */
export class ImportUploadError extends Error {}

type Delimiter = ImportUpload['delimiter'];
const DELIMITERS: readonly Delimiter[] = [',', ';', '\t', '|'];
const HEAD_BYTES = 64 * 1024;
const PREVIEW_ROWS = 5;

/**
 * Spreadsheets save "Unicode text" as UTF-16 with a byte-order mark; the engine reads UTF-8, so such a
 * file is converted once here. Anything else must already be UTF-8.
 */
export function toUtf8(body: Buffer): Buffer {
  if (body.length >= 2 && body[0] === 0xff && body[1] === 0xfe) return Buffer.from(body.subarray(2).toString('utf16le'), 'utf8');
  if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) {
    const swapped = Buffer.from(body.subarray(2));
    swapped.swap16();
    return Buffer.from(swapped.toString('utf16le'), 'utf8');
  }
  return body;
}

/** The delimiter that splits the header line into the most columns (quoted text is not counted). */
function guessDelimiter(headerLine: string): Delimiter {
  const unquoted = headerLine.replace(/"[^"]*"/g, '');
  let best: Delimiter = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = unquoted.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Refuses what is not a CSV before it is stored: binary files, text that is not UTF-8, a missing header,
 * two columns with the same name (the mapping names columns by header). Returns the header, the guessed
 * delimiter and the first rows for the mapping preview.
 */
export function inspectCsv(body: Buffer): Omit<ImportUpload, 'uploadId' | 'bytes'> {
  const head = body.subarray(0, HEAD_BYTES);
  if (head.includes(0))
    throw new ImportUploadError('this is not a CSV file (it contains binary data); export the sheet as CSV and try again');
  try {
    // The whole file: a bad byte on row 90,000 would otherwise become a silently garbled name.
    new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new ImportUploadError('the file is not UTF-8 text; in your spreadsheet save it as "CSV UTF-8" and upload it again');
  }
  let text = head.toString('utf8').replace(/^\uFEFF/, '');
  // Cut at the last line break so a row split by the 64 KiB window is not previewed as broken.
  if (body.length > HEAD_BYTES) text = text.slice(0, Math.max(0, text.lastIndexOf('\n')));
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.trim() === '') throw new ImportUploadError('the file has no header row: the first line must name the columns');
  const delimiter = guessDelimiter(firstLine);
  let records: string[][];
  try {
    const parsed: unknown = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, to_line: 1 + PREVIEW_ROWS * 20 });
    records = parsed as string[][];
  } catch {
    // Unbalanced quotes or similar near the top: still show the header; the run reports the exact error.
    records = [firstLine.split(delimiter)];
  }
  const columns = (records[0] ?? []).map((c) => c.trim());
  const seen = new Set<string>();
  for (const c of columns) {
    if (c === '') continue;
    if (seen.has(c)) throw new ImportUploadError(`two columns are called "${c.slice(0, 80)}"; rename one and upload again`);
    seen.add(c);
  }
  return { columns, delimiter, preview: records.slice(1, 1 + PREVIEW_ROWS) };
}
