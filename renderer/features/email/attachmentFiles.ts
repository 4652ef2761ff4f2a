import { MAX_COMPOSER_ATTACHMENT_BYTES } from '../../../services/contracts';
import { i18n } from '../../i18n';
import type { PickedAttachment } from './emailDraftSlice';

const say = (key: string, values: Readonly<Record<string, string | number>>): string => i18n.t(key, { ns: 'email', ...values });

export const MAX_ATTACHMENTS = 10;
/** The socket frame carries the whole command (~1 MB); the files together stay under the per-file cap. */
export const MAX_TOTAL_ATTACHMENT_BYTES = MAX_COMPOSER_ATTACHMENT_BYTES;

const CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+$/;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Reads a picked file, or says in one sentence why it cannot go with this email. */
export async function readAttachment(
  file: Readonly<{ name: string; type: string; size: number; arrayBuffer(): Promise<ArrayBuffer> }>,
  already: readonly PickedAttachment[],
): Promise<PickedAttachment | string> {
  if (already.length >= MAX_ATTACHMENTS) return say('files.tooMany', { max: MAX_ATTACHMENTS });
  const used = already.reduce((sum, a) => sum + a.size, 0);
  if (file.size === 0) return say('files.empty', { name: file.name });
  if (used + file.size > MAX_TOTAL_ATTACHMENT_BYTES) {
    return say('files.tooLarge', {
      name: file.name,
      limit: Math.floor(MAX_TOTAL_ATTACHMENT_BYTES / 1000),
      chosen: Math.ceil((used + file.size) / 1000),
    });
  }
  // A name, never a path; control characters dropped.
  const filename =
    Array.from(file.name.split(/[\\/]/).pop() ?? '', (ch) => (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f ? '' : ch))
      .join('')
      .trim()
      .slice(0, 255) || 'attachment';
  const contentType = CONTENT_TYPE.test(file.type) ? file.type : 'application/octet-stream';
  const contentBase64 = toBase64(new Uint8Array(await file.arrayBuffer()));
  return { id: `${Date.now()}-${Math.random().toString(36).slice(2)}`, filename, contentType, size: file.size, contentBase64 };
}
