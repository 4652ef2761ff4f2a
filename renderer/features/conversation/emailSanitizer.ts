import createDOMPurify from 'dompurify';

export type SanitizedEmail = Readonly<{ srcDoc: string; blockedImages: number; neutralisedLinks: number }>;

const REMOTE = /^\s*(https?:)?\/\//i;

/**
 * The frame's own policy. Scripts are impossible twice over (sandbox="" and no script-src); remote images
 * load only after the agent asks, because a remote image tells the sender the mail was read and from where.
 * A srcdoc frame also inherits the page's CSP, so the page allows what this one may opt into.
 */
export function frameCsp(allowRemoteImages: boolean): string {
  const img = allowRemoteImages ? "data: cid: https: http:" : 'data: cid:';
  return `default-src 'none'; style-src 'unsafe-inline'; img-src ${img}; font-src data:; base-uri 'none'; form-action 'none'`;
}

/**
 * Customer email HTML -> a complete document for <iframe sandbox="" srcdoc>. DOMPurify removes scripts,
 * event handlers and dangerous URLs; the hooks below hold remote images back and make links inert (a
 * sandboxed frame may still navigate itself, which would load a remote page without our CSP).
 */
export function sanitizeEmailHtml(html: string, allowRemoteImages: boolean): SanitizedEmail {
  const purify = createDOMPurify(window);
  let blockedImages = 0;
  let neutralisedLinks = 0;
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'IMG') {
      node.removeAttribute('srcset');
      const src = node.getAttribute('src') ?? '';
      if (REMOTE.test(src) && !allowRemoteImages) {
        node.removeAttribute('src');
        node.setAttribute('data-blocked-src', src.slice(0, 2048));
        node.setAttribute('alt', node.getAttribute('alt') || '[remote image blocked]');
        blockedImages += 1;
      } else if (!REMOTE.test(src) && !/^\s*data:image\//i.test(src)) {
        // Relative or cid: sources cannot resolve inside the frame; hide them instead of a broken icon.
        node.removeAttribute('src');
        node.setAttribute('hidden', '');
      }
    }
    if (node.hasAttribute('background')) node.removeAttribute('background');
    if (node.nodeName === 'A' && node.hasAttribute('href')) {
      const href = node.getAttribute('href') ?? '';
      node.removeAttribute('href');
      node.removeAttribute('target');
      node.setAttribute('title', `Link (not opened from the message view): ${href.slice(0, 500)}`);
      neutralisedLinks += 1;
    }
  });
  const clean = purify.sanitize(html, {
    // HTML only: no inline SVG/MathML, which mail never needs and which widen the attack surface.
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'object', 'embed', 'base', 'meta', 'link'],
    FORBID_ATTR: ['srcset', 'ping', 'formaction', 'action'],
    ALLOW_DATA_ATTR: false,
    ADD_ATTR: ['data-blocked-src'],
  });
  purify.removeAllHooks();
  const srcDoc =
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${frameCsp(allowRemoteImages)}">` +
    '<style>html,body{margin:0;background:#fff}body{padding:12px 14px;font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;overflow-wrap:anywhere}img{max-width:100%;height:auto}img[data-blocked-src]{display:inline-block;min-width:120px;min-height:24px;border:1px dashed #b6bcc4;color:#59636e;font-size:12px;padding:2px 6px}a{color:#0b5cad;text-decoration:underline;cursor:default}blockquote{margin:8px 0;padding-left:10px;border-left:3px solid #d0d7de;color:#57606a}</style>' +
    `</head><body>${clean}</body></html>`;
  return { srcDoc, blockedImages, neutralisedLinks };
}
