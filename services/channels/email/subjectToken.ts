const TOKEN = /\[#SB-(\d{1,12})\]/i;
const PREFIX = /^\s*((re|fwd?|aw|wg|sv|vs|antw)\s*(\[\d+\])?\s*:\s*)+/i;

/** `[#SB-1234]`: put in the subject of every reply so a reply without threading headers still threads. */
export function subjectToken(conversationId: number): string {
  return `[#SB-${conversationId}]`;
}

export function conversationFromSubject(subject: string | null | undefined): number | undefined {
  const match = TOKEN.exec(subject ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The topic without reply/forward prefixes and our token: "Re: Fwd: Order late [#SB-4]" -> "Order late". */
export function baseSubject(subject: string | null | undefined): string {
  let s = (subject ?? '').replace(new RegExp(TOKEN.source, 'gi'), ' ');
  s = s.replace(PREFIX, '');
  return s.replace(/\s+/g, ' ').trim();
}

export function replySubject(original: string | null | undefined, conversationId: number, mode: 'reply' | 'forward'): string {
  const base = baseSubject(original) || '(no subject)';
  return `${mode === 'forward' ? 'Fwd' : 'Re'}: ${base} ${subjectToken(conversationId)}`;
}
