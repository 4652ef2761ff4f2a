import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { LoginRequest } from '../contracts';
import { deleteSession, insertSession } from '../store/repos/sessions';
import { findAgentByUsername } from '../store/repos/agents';
import type { Store } from '../store/store';
import { hashToken, newSessionToken, verifyPassword } from './auth';
import type { HubConfig } from './config';
import { toIssues } from './agentSocket';
import { KeyedRateLimiter } from './rateLimit';

// A real hash to compare against when the user does not exist, so timing does not reveal usernames.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$' + 'A'.repeat(86);

/** Baseline headers on everything the hub serves; registered before any module adds routes. */
export function registerBaselineHeaders(app: FastifyInstance): void {
  // Routes with stricter needs set their own first.
  // A callback hook, not an async one: it runs on every response (webhooks at thousands per second), and an
  // async hook costs a promise and a microtask turn each time.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('x-content-type-options')) void reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('referrer-policy')) void reply.header('referrer-policy', 'no-referrer');
    // The desk must never be framed by another site (clickjacking); the widget script is not a page.
    if (!reply.hasHeader('x-frame-options')) void reply.header('x-frame-options', 'DENY');
    done(null, payload);
  });

}

export function registerHttpRoutes(
  app: FastifyInstance,
  deps: Readonly<{ store: Store; config: HubConfig; now: () => number; version: string }>,
): void {
  const { store, config, now } = deps;
  // Per IP generous (a whole floor may sit behind one NAT); per IP+username tight on failures (guessing).
  const ipLimiter = new KeyedRateLimiter(20, 500);
  const failureLimiter = new KeyedRateLimiter(1 / 12, 5);

  app.get('/api/health', async () => ({ ok: true, version: deps.version }));

  app.post('/api/login', async (request, reply) => {
    if (!ipLimiter.take(request.ip, now())) {
      return reply.code(429).send({ code: 'rate_limited', message: 'too many sign-in attempts; wait a minute' });
    }
    const parsed = LoginRequest.safeParse(request.body);
    if (!parsed.success) {
      return reply.code(400).send({ code: 'invalid_input', message: 'username and password are required', issues: toIssues(parsed.error) });
    }
    const failureKey = `${request.ip}|${parsed.data.username.toLowerCase()}`;
    if (!failureLimiter.peek(failureKey, now())) {
      return reply.code(429).send({ code: 'rate_limited', message: 'too many failed sign-ins for this user; wait a minute' });
    }
    const agent = await findAgentByUsername(store, parsed.data.username);
    const ok = await verifyPassword(parsed.data.password, agent?.passwordHash ?? DUMMY_HASH);
    if (!agent || !ok) {
      failureLimiter.take(failureKey, now());
      return reply.code(401).send({ code: 'unauthenticated', message: 'wrong username or password' });
    }
    const { token, tokenHash } = newSessionToken();
    const expiresAt = now() + config.sessionTtlHours * 3600_000;
    await store.write((tx) => insertSession(tx, tokenHash, agent.id, now(), expiresAt));
    return {
      token,
      expiresAt,
      agent: { id: agent.id, username: agent.username, displayName: agent.displayName, role: agent.role, skills: agent.skills, capacity: agent.capacity },
    };
  });

  app.post('/api/logout', async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (token) await store.write((tx) => deleteSession(tx, hashToken(token)));
    return reply.code(204).send();
  });

  if (config.rendererDir && existsSync(config.rendererDir)) {
    void app.register(fastifyStatic, { root: config.rendererDir, prefix: '/', index: ['index.html'] });
  } else {
    app.get('/', async (_request, reply) =>
      reply
        .type('text/html')
        .send('<!doctype html><meta charset="utf-8"><title>Switchboard hub</title><p>Switchboard hub is running. The desktop UI has not been built (run <code>npm run build</code>).</p>'),
    );
  }
}
