import { ImportUpload } from '../../../../services/contracts';

export type UploadResult = Readonly<{ ok: true; upload: ImportUpload }> | Readonly<{ ok: false; message: string }>;

const EXCEL = /\.(xlsx|xlsm|xls|ods|numbers)$/i;
const TEXTUAL = /\.(csv|tsv|txt)$/i;

/** What can be said about a file before sending it: its kind by name and its size against the hub's limit. */
export function checkFileBeforeUpload(file: Readonly<{ name: string; size: number }>, maxBytes: number): string | null {
  if (EXCEL.test(file.name)) return `“${file.name}” is a spreadsheet workbook. Save it as “CSV UTF-8” and choose that file.`;
  if (!TEXTUAL.test(file.name)) return `“${file.name}” is not a CSV file. Choose a file ending in .csv.`;
  if (file.size === 0) return `“${file.name}” is empty.`;
  if (file.size > maxBytes)
    return `“${file.name}” is ${formatBytes(file.size)}; the largest file you can import is ${formatBytes(maxBytes)}.`;
  return null;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** POST /api/customers/imports with the session token (the file is too big for a socket message); the answer is checked. */
export async function uploadCsv(hubUrl: string, token: string, file: Blob): Promise<UploadResult> {
  let res: Response;
  try {
    res = await fetch(`${hubUrl}/api/customers/imports`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      body: file,
    });
  } catch {
    return { ok: false, message: 'The hub could not be reached. Check the connection and try again.' };
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.status === 413) return { ok: false, message: 'The file is larger than the hub accepts.' };
  if (!res.ok) {
    const message = typeof body === 'object' && body && 'message' in body && typeof body.message === 'string' ? body.message : null;
    return { ok: false, message: message ? capitalise(message) : `The upload failed (the hub answered ${res.status}).` };
  }
  const parsed = ImportUpload.safeParse(body);
  return parsed.success
    ? { ok: true, upload: parsed.data }
    : { ok: false, message: 'The hub sent an answer this screen does not understand.' };
}

const capitalise = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}`;
