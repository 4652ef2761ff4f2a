/** Longest stretch of a message the analyser reads: a pasted log or a 5 MB email must not stall the job. */
export const MAX_ANALYSED_CHARS = 4000;

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  hellip: '…',
  rsquo: '’',
  lsquo: '‘',
  ldquo: '“',
  rdquo: '”',
  ndash: '–',
  mdash: '—',
};

function decodeEntity(whole: string, name: string): string {
  if (name.startsWith('#x') || name.startsWith('#X')) return codePoint(Number.parseInt(name.slice(2), 16), whole);
  if (name.startsWith('#')) return codePoint(Number.parseInt(name.slice(1), 10), whole);
  return ENTITIES[name.toLowerCase()] ?? whole;
}

function codePoint(n: number, fallback: string): string {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : fallback;
}

export type CleanText = Readonly<{ text: string; truncated: boolean }>;

/**
 * The words a customer wrote, ready to analyse: HTML remnants (tags, style/script blocks, entities) and
 * quoted earlier mail removed, whitespace collapsed, capped at MAX_ANALYSED_CHARS (cut at a word boundary).
 * Never executed or rendered: only read as text.
 */
export function cleanForAnalysis(raw: string, max = MAX_ANALYSED_CHARS): CleanText {
  // Bound the work before any regex runs: a huge body is cut first (generously, tags may be dropped below).
  let text = raw.length > max * 4 ? raw.slice(0, max * 4) : raw;
  text = text
    .replace(/<(script|style|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)\s*>/gi, '\n')
    .replace(/<\/?[a-z!][^<>]{0,500}>/gi, ' ')
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, decodeEntity);
  text = dropQuotedReply(text);
  text = text
    // Control characters (not tab/newline) and zero-width marks carry no words.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200d\ufeff]/g, '')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
  if (text.length <= max) return { text, truncated: raw.length > max * 4 };
  const cut = text.lastIndexOf(' ', max);
  return { text: text.slice(0, cut > max * 0.8 ? cut : max), truncated: true };
}

/** Email replies quote the thread below; the customer's words are the part above it. */
function dropQuotedReply(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (const line of lines) {
    const t = line.trim();
    if (/^On .{4,200} wrote:$/.test(t) || /^-{2,}\s*Original Message\s*-{2,}$/i.test(t) || /^From: .+@.+/.test(t)) break;
    if (t.startsWith('>')) continue;
    out.push(line);
  }
  return out.join('\n');
}
