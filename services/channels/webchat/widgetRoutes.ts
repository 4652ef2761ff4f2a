import { readFile } from 'node:fs/promises';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { WebchatConfig } from './config';
import { ensureWidget } from './widgetBundle';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A link shown on the /chat page under its text (`npm run demo` links its demo inbox there). */
export type ChatPageLink = Readonly<{ href: `/${string}`; text: string }>;

/**
 * GET /widget.js (the embeddable bundle) and GET /chat (a demo page hosting it with one script tag).
 * Registered once; `current()` is the web chat's settings now (null: web chat is not set up).
 */
export function registerWidgetRoutes(
  app: FastifyInstance,
  current: () => WebchatConfig | null,
  log: FastifyBaseLogger,
  links: readonly ChatPageLink[] = [],
): void {
  const linkHtml = links
    .map((l) => `<p><a href="${escapeHtml(l.href)}" target="_blank" rel="noopener">${escapeHtml(l.text)}</a></p>`)
    .join('\n');
  let bundle: Promise<Buffer> | null = null;
  const load = () => (bundle ??= (async () => readFile(await ensureWidget()))());

  app.get('/widget.js', async (_request, reply) => {
    if (!current()) return reply.code(404).type('text/plain; charset=utf-8').send('Web chat is not set up on this hub.');
    try {
      const code = await load();
      return reply
        .type('application/javascript; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .header('cross-origin-resource-policy', 'cross-origin')
        .send(code);
    } catch (error) {
      bundle = null; // A failed build is retried on the next request rather than cached.
      log.error({ err: error }, 'webchat: widget bundle unavailable');
      return reply.code(503).type('text/plain').send('The chat widget has not been built (run `npm run build:widget`).');
    }
  });

  app.get<{ Querystring: { queue?: string; lang?: string } }>('/chat', async (request, reply) => {
    const config = current();
    if (!config) return reply.code(404).type('text/plain; charset=utf-8').send('Web chat is not set up on this hub.');
    const queue = /^[a-z0-9][a-z0-9_-]{0,63}$/.test(request.query.queue ?? '') ? (request.query.queue as string) : config.queueId;
    // `?lang=es` shows the snippet's data-lang option (the widget otherwise follows the browser's language).
    const lang = request.query.lang === 'en' || request.query.lang === 'es' ? ` data-lang="${request.query.lang}"` : '';
    const title = config.title ? ` data-title="${escapeHtml(config.title)}"` : '';
    const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(config.title ?? 'Web chat')} — demo</title>
<style>body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}main{max-width:720px;margin:48px auto;padding:0 24px}h1{font-size:28px}p{line-height:1.5}</style>
</head>
<body>
<main>
<h1>Example Shop</h1>
<p>This page stands in for a company website. The chat button in the corner is the Switchboard web-chat widget,
embedded with one tag: <code>&lt;script src="/widget.js" data-queue="${escapeHtml(queue)}"&gt;&lt;/script&gt;</code>.</p>
${linkHtml}
</main>
<script src="/widget.js" data-queue="${escapeHtml(queue)}"${title}${lang}></script>
</body>
</html>`;
    return reply
      .type('text/html; charset=utf-8')
      .header(
        'content-security-policy',
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; frame-ancestors 'none'",
      )
      .header('x-content-type-options', 'nosniff')
      .send(html);
  });
}
