const entities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * A plain-text rendering of customer HTML for previews and search (never for display as HTML). Linear in
 * the input: hostile mail reaches it, and a backtracking pattern (`<script` … never closed, `<` never
 * closed, long whitespace runs) would block the hub's event loop.
 */
export function htmlToText(html: string): string {
  const lines = dropBlocks(html)
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^<>]*>/g, ' ')
    .replace(/&(#\d{1,8}|#x[0-9a-f]{1,8}|\w{1,32});/gi, (m, e: string) => {
      if (e.startsWith('#x') || e.startsWith('#X')) return safeChar(parseInt(e.slice(2), 16)) ?? m;
      if (e.startsWith('#')) return safeChar(Number(e.slice(1))) ?? m;
      return entities[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t\f\v]+/g, ' ')
    .split('\n')
    .map((l) => l.trim());
  // At most one blank line in a row.
  const out: string[] = [];
  for (const l of lines) if (l !== '' || (out.length > 0 && out[out.length - 1] !== '')) out.push(l);
  return out.join('\n').trim();
}

/** Removes <script>, <style> and <head> elements with one forward scan (an unclosed one runs to the end). */
function dropBlocks(html: string): string {
  const open = /<(script|style|head)\b/gi;
  let out = '';
  let at = 0;
  for (;;) {
    open.lastIndex = at;
    const m = open.exec(html);
    if (!m) break;
    out += `${html.slice(at, m.index)} `;
    const close = new RegExp(`</${m[1] ?? ''}[^<>]*>`, 'gi');
    close.lastIndex = m.index + m[0].length;
    if (!close.exec(html)) return out;
    at = close.lastIndex;
  }
  return out + html.slice(at);
}

function safeChar(code: number): string | undefined {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
