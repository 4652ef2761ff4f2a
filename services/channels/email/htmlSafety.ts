/** Checks on the whole document: each can only start at its literal text, and none rescans what it passed. */
const documentChecks: ReadonlyArray<readonly [string, RegExp]> = [
  ['script', /<script\b/i],
  ['javascript_url', /(href|src|action)\s*=\s*["']?\s*(javascript|vbscript|data:text\/html)/i],
  ['embedded_frame', /<(iframe|frame|object|embed|applet)\b/i],
  ['form', /<form\b/i],
  ['remote_css', /(url\(\s*["']?\s*(https?:)?\/\/|@import)/i],
];

/**
 * Checks on one tag at a time. Written against the whole document (`<[^>]+\son…`), a tag that never closes
 * made every later `<` rescan to the end: 300 kB of `<a ` blocked the hub's event loop for a minute.
 */
const tagChecks: ReadonlyArray<readonly [string, RegExp]> = [
  ['event_handler', /^<[a-z][^]*?\son[a-z]+\s*=/i],
  ['meta_refresh', /^<meta\b[^]*?http-equiv\s*=\s*["']?refresh/i],
  ['remote_image', /^<img\b[^]*?\ssrc\s*=\s*["']?\s*(https?:)?\/\//i],
  ['remote_css', /^<link\b[^]*?stylesheet/i],
];

/** Every tag's text from `<` up to the next `<` or `>`: one linear pass. */
const TAG = /<[a-z!/][^<>]*/gi;

/**
 * Reasons this HTML would be dangerous or phone home if rendered as-is. It is stored raw either way and
 * never executed: the renderer shows a sanitised copy in a sandboxed frame; this flag lets it say why.
 * Linear in the input (hostile mail reaches it).
 */
export function unsafeHtmlReasons(html: string): string[] {
  const found = new Set<string>();
  for (const [name, re] of documentChecks) if (re.test(html)) found.add(name);
  for (const match of html.matchAll(TAG)) {
    for (const [name, re] of tagChecks) if (!found.has(name) && re.test(match[0])) found.add(name);
  }
  const order = ['script', 'event_handler', 'javascript_url', 'embedded_frame', 'form', 'meta_refresh', 'remote_image', 'remote_css'];
  return order.filter((name) => found.has(name));
}
