/** Header map as mailparser gives it: lower-case keys, parsed or raw values. */
export type HeaderMap = ReadonlyMap<string, unknown>;

function headerText(headers: HeaderMap, key: string): string {
  const value = headers.get(key);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim().toLowerCase();
  if (typeof value === 'object' && 'value' in value && typeof value.value === 'string') {
    return (value as { value: string }).value.trim().toLowerCase();
  }
  if (typeof value === 'object' && 'text' in value && typeof value.text === 'string') {
    return (value as { text: string }).text.trim().toLowerCase();
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/**
 * Why this message is machine-generated (RFC 3834 Auto-Submitted, Precedence, vendor headers, bounces),
 * or null for a human message. Such mail is stored on its thread but never routed nor answered: no loops.
 */
export function autoReplyReason(headers: HeaderMap, fromAddress: string | null, subject: string): string | null {
  const autoSubmitted = headerText(headers, 'auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = headerText(headers, 'precedence');
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return `Precedence: ${precedence}`;
  for (const key of ['x-autoreply', 'x-autorespond', 'x-autoresponder']) if (headerText(headers, key)) return key;
  const suppress = headerText(headers, 'x-auto-response-suppress');
  if (suppress.includes('oof') || suppress === 'all') return `X-Auto-Response-Suppress: ${suppress}`;
  const contentType = headerText(headers, 'content-type');
  if (contentType.startsWith('multipart/report')) return 'delivery report';
  const local = (fromAddress ?? '').toLowerCase().split('@')[0] ?? '';
  if (['mailer-daemon', 'postmaster'].includes(local)) return `sender ${local}`;
  if (/^(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|autoreply|abwesenheitsnotiz)\b/i.test(subject.trim()))
    return 'out-of-office subject';
  return null;
}
