import { ImportUpload } from '../../../../services/contracts';
import { i18n } from '../../../i18n';

export type UploadResult = Readonly<{ ok: true; upload: ImportUpload }> | Readonly<{ ok: false; message: string }>;

const say = (key: string, values: Record<string, unknown> = {}): string => i18n.t(key, { ns: 'customers/import', ...values });

const EXCEL = /\.(xlsx|xlsm|xls|ods|numbers)$/i;
const TEXTUAL = /\.(csv|tsv|txt)$/i;

/** What can be said about a file before sending it: its kind by name and its size against the hub's limit. */
export function checkFileBeforeUpload(file: Readonly<{ name: string; size: number }>, maxBytes: number): string | null {
  if (EXCEL.test(file.name)) return say('file.workbook', { name: file.name });
  if (!TEXTUAL.test(file.name)) return say('file.notCsv', { name: file.name });
  if (file.size === 0) return say('file.empty', { name: file.name });
  if (file.size > maxBytes) return say('file.tooLarge', { name: file.name, size: formatBytes(file.size), max: formatBytes(maxBytes) });
  return null;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return say('size.mb', { size: Math.round((bytes / (1024 * 1024)) * 10) / 10 });
  if (bytes >= 1024) return say('size.kb', { size: Math.round(bytes / 1024) });
  return say('size.bytes', { count: bytes });
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
    return { ok: false, message: say('upload.unreachable') };
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.status === 413) return { ok: false, message: say('upload.tooLarge') };
  if (!res.ok) {
    const message = typeof body === 'object' && body && 'message' in body && typeof body.message === 'string' ? body.message : null;
    return { ok: false, message: message ? capitalise(message) : say('upload.failed', { status: res.status }) };
  }
  const parsed = ImportUpload.safeParse(body);
  return parsed.success ? { ok: true, upload: parsed.data } : { ok: false, message: say('upload.unreadable') };
}

const capitalise = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}`;
