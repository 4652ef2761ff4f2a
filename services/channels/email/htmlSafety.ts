const checks: ReadonlyArray<readonly [string, RegExp]> = [
  ['script', /<script\b/i],
  ['event_handler', /<[^>]+\son[a-z]+\s*=/i],
  ['javascript_url', /(href|src|action)\s*=\s*["']?\s*(javascript|vbscript|data:text\/html)/i],
  ['embedded_frame', /<(iframe|frame|object|embed|applet)\b/i],
  ['form', /<form\b/i],
  ['meta_refresh', /<meta[^>]+http-equiv\s*=\s*["']?refresh/i],
  ['remote_image', /<img\b[^>]*\ssrc\s*=\s*["']?\s*(https?:)?\/\//i],
  ['remote_css', /(<link\b[^>]*stylesheet|url\(\s*["']?\s*(https?:)?\/\/|@import)/i],
];

/**
 * Reasons this HTML would be dangerous or phone home if rendered as-is. It is stored raw either way and
 * never executed: the renderer shows a sanitised copy in a sandboxed frame; this flag lets it say why.
 */
export function unsafeHtmlReasons(html: string): string[] {
  return checks.filter(([, re]) => re.test(html)).map(([name]) => name);
}
