import createDOMPurify from 'dompurify';
import { i18n } from '../../i18n';

export type SanitizedEmail =
  Readonly<{ safe: true; srcDoc: string; blockedImages: number; neutralisedLinks: number }> | Readonly<{ safe: false; reason: string }>;

/**
 * A second, dumb check on DOMPurify's output. DOMPurify trusts the DOM it runs on; a DOM with a quirky
 * parser (or a DOMPurify that reports itself unsupported, which makes sanitize() return its input) must not
 * turn into executed customer HTML. Anything that looks active fails closed: the agent sees plain text.
 */
const ACTIVE_CONTENT =
  /<\s*(script|iframe|frame|object|embed|base|meta|link|form|svg|math)\b|<[^>]*\son[a-z]+\s*=|<[^>]*(javascript|vbscript):/i;
export function looksActive(html: string): boolean {
  return ACTIVE_CONTENT.test(html);
}

const REMOTE = /^\s*(https?:)?\/\//i;

/**
 * The frame's own policy. Scripts are impossible twice over (sandbox="" and no script-src); remote images
 * load only after the agent asks, because a remote image tells the sender the mail was read and from where.
 * A srcdoc frame also inherits the page's CSP, so the page allows what this one may opt into.
 */
export function frameCsp(allowRemoteImages: boolean): string {
  const img = allowRemoteImages ? 'data: cid: https: http:' : 'data: cid:';
  return `default-src 'none'; style-src 'unsafe-inline'; img-src ${img}; font-src data:; base-uri 'none'; form-action 'none'`;
}

/**
 * Second pass over DOMPurify's output, on a detached document (nothing loads there): remote images keep
 * their address in data-blocked-src until the agent asks; links lose their href (a sandboxed frame may
 * still navigate itself, which would load a remote page outside our CSP) but show it as a tooltip.
 */
function holdBackRemoteContent(
  purified: string,
  allowRemoteImages: boolean,
): { clean: string; blockedImages: number; neutralisedLinks: number } {
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${purified}`, 'text/html');
  let blockedImages = 0;
  let neutralisedLinks = 0;
  for (const img of doc.body.querySelectorAll('img')) {
    img.removeAttribute('srcset');
    const src = img.getAttribute('src') ?? '';
    if (REMOTE.test(src)) {
      if (allowRemoteImages) continue;
      img.removeAttribute('src');
      img.setAttribute('data-blocked-src', src.slice(0, 2048));
      img.setAttribute('alt', img.getAttribute('alt') || i18n.t('email.imageBlocked', { ns: 'conversation' }));
      blockedImages += 1;
    } else if (!/^\s*data:image\//i.test(src)) {
      // Relative or cid: sources cannot resolve inside the frame; hide them instead of a broken icon.
      img.removeAttribute('src');
      img.setAttribute('hidden', '');
    }
  }
  for (const link of doc.body.querySelectorAll('a[href], area[href]')) {
    const href = link.getAttribute('href') ?? '';
    link.removeAttribute('href');
    link.removeAttribute('target');
    link.setAttribute('title', i18n.t('email.linkTitle', { ns: 'conversation', href: href.slice(0, 500) }));
    neutralisedLinks += 1;
  }
  return { clean: doc.body.innerHTML, blockedImages, neutralisedLinks };
}

/**
 * Customer email HTML -> a complete document for <iframe sandbox="" srcdoc>: DOMPurify removes scripts,
 * event handlers and dangerous URLs, the second pass holds remote content back, the guard fails closed.
 */
export function sanitizeEmailHtml(html: string, allowRemoteImages: boolean): SanitizedEmail {
  const purify = createDOMPurify(window);
  if (!purify.isSupported) return { safe: false, reason: 'the HTML sanitiser is not supported in this window' };
  const purified = purify.sanitize(html, {
    // HTML only: no inline SVG/MathML, which mail never needs and which widen the attack surface.
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'object', 'embed', 'base', 'meta', 'link'],
    FORBID_ATTR: ['srcset', 'ping', 'formaction', 'action', 'background'],
    ALLOW_DATA_ATTR: false,
  });
  const { clean, blockedImages, neutralisedLinks } = holdBackRemoteContent(purified, allowRemoteImages);
  if (looksActive(clean)) return { safe: false, reason: 'the message HTML still looked active after sanitising' };
  const srcDoc =
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${frameCsp(allowRemoteImages)}">` +
    '<style>html,body{margin:0;background:#fff}body{padding:12px 14px;font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;overflow-wrap:anywhere}img{max-width:100%;height:auto}img[data-blocked-src]{display:inline-block;min-width:120px;min-height:24px;border:1px dashed #b6bcc4;color:#59636e;font-size:12px;padding:2px 6px}a{color:#0b5cad;text-decoration:underline;cursor:default}blockquote{margin:8px 0;padding-left:10px;border-left:3px solid #d0d7de;color:#57606a}</style>' +
    `</head><body>${clean}</body></html>`;
  return { safe: true, srcDoc, blockedImages, neutralisedLinks };
}
