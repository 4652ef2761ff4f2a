import type { HubModule } from '../hub/module';
import type { DemoInbox } from './demoInbox';
import { inboxPageHtml, inboxPageScript } from './demoPage';

/** Strict page policy: the page's own script only, no inline script; text is set through textContent. */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Only in `npm run demo`: /demo/inbox, what the simulated customers received (emails through the demo
 * SMTP server, SMS through the Twilio stand-in, one-time codes), so a visitor can try "My history" end to
 * end. Not in defaultModules(): a normal hub never serves it. No sign-in: it shows only simulated people's
 * mail on a throwaway demo hub.
 */
export function demoInboxModule(inbox: DemoInbox, examples: () => readonly string[]): HubModule {
  return {
    name: 'demo-inbox',
    handlers: {},
    setup() {
      return {
        enabled: true,
        routes(app) {
          app.get('/demo/inbox', async (_request, reply) =>
            reply
              .type('text/html; charset=utf-8')
              .header('content-security-policy', CSP)
              .header('cache-control', 'no-store')
              .send(inboxPageHtml),
          );
          app.get('/demo/inbox.js', async (_request, reply) =>
            reply.type('application/javascript; charset=utf-8').header('cache-control', 'no-store').send(inboxPageScript),
          );
          app.get<{ Querystring: { after?: string } }>('/demo/inbox.json', async (request, reply) => {
            const after = Number.parseInt(request.query.after ?? '0', 10);
            const items = inbox.list(Number.isFinite(after) && after > 0 ? after : 0);
            return reply.header('cache-control', 'no-store').send({ items, examples: examples() });
          });
        },
      };
    },
  };
}
