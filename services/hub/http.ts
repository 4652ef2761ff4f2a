import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { HubError, LoginRequest } from '../contracts';
import { insertSession } from '../store/repos/sessions';
import { findAgentByUsername, publicAgent } from '../store/repos/agents';
import type { Store } from '../store/store';
import type { AgentAuth } from './agentAuth';
import type { AuditTrail } from './audit';
import { newSessionToken } from './auth';
import type { HubConfig } from './config';
import { toIssues } from './agentSocket';
import { clientKey } from './clientKey';
import { KeyedRateLimiter } from './rateLimit';

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
  deps: Readonly<{ store: Store; config: HubConfig; now: () => number; version: string; auth: AgentAuth; audit: AuditTrail }>,
): void {
  const { store, config, now, auth, audit } = deps;
  // Per address: a floor behind one NAT signs in at shift start (a few per second); one address must not
  // be able to fill the password-check queue for everyone. Per address+username: tight on failures (guessing).
  const ipLimiter = new KeyedRateLimiter(config.login.perAddress.perSecond, config.login.perAddress.burst);
  const failureLimiter = new KeyedRateLimiter(config.login.failures.perMinute / 60, config.login.failures.burst);
  const busy = { code: 'rate_limited', message: 'the hub is busy with other sign-ins; try again in a moment' } as const;

  app.get('/api/health', async () => ({ ok: true, version: deps.version }));

  app.post('/api/login', async (request, reply) => {
    // IPv6 per /64: one host owns the whole prefix and could otherwise rotate addresses past the limit.
    const client = clientKey(request.ip);
    if (!ipLimiter.take(client, now())) {
      return reply.code(429).send({ code: 'rate_limited', message: 'too many sign-in attempts; wait a minute' });
    }
    const parsed = LoginRequest.safeParse(request.body);
    if (!parsed.success) {
      return reply.code(400).send({ code: 'invalid_input', message: 'username and password are required', issues: toIssues(parsed.error) });
    }
    const failureKey = `${client}|${parsed.data.username.toLowerCase()}`;
    if (!failureLimiter.peek(failureKey, now())) {
      return reply.code(429).send({ code: 'rate_limited', message: 'too many failed sign-ins for this user; wait a minute' });
    }
    const agent = await findAgentByUsername(store, parsed.data.username);
    let ok: boolean;
    try {
      // An unknown user (or one without a password) still costs one scrypt: timing does not reveal who exists.
      ok = await auth.passwords.verify(parsed.data.password, agent?.passwordHash ?? null);
    } catch (error) {
      if (error instanceof HubError && error.code === 'rate_limited') return reply.code(429).send(busy);
      throw error;
    }
    // Refusals are recorded by the hub itself (the caller is nobody yet); the password never is.
    const refused = (reason: string) =>
      audit.record(
        { kind: 'system' },
        {
          action: 'session.signInRefused',
          target: agent ? `agent:${agent.id}` : `username:${parsed.data.username}`,
          detail: { username: parsed.data.username, client, reason },
        },
      );
    if (!agent || !ok) {
      failureLimiter.take(failureKey, now());
      await refused(agent ? 'wrong password' : 'unknown username');
      return reply.code(401).send({ code: 'unauthenticated', message: 'wrong username or password' });
    }
    // Only said after the right password, so it reveals nothing to a guesser.
    if (agent.disabledAt !== null) {
      await refused('account disabled');
      return reply.code(403).send({ code: 'forbidden', message: 'this account is disabled; ask an administrator' });
    }
    const { token, tokenHash } = newSessionToken();
    const expiresAt = now() + config.sessionTtlHours * 3600_000;
    await store.write((tx) => insertSession(tx, tokenHash, agent.id, now(), expiresAt));
    await audit.record(
      { kind: 'agent', agentId: agent.id },
      { action: 'session.signedIn', target: `agent:${agent.id}`, detail: { client, mustChangePassword: agent.mustChangePassword } },
    );
    return {
      token,
      expiresAt,
      agent: publicAgent(agent),
      mustChangePassword: agent.mustChangePassword,
    };
  });

  // Ends this session and cuts every socket using it (the same desk open in other windows).
  app.post('/api/logout', async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (token.length >= 10 && token.length <= 200) {
      const agentId = await auth.endToken(token, 'signed_out');
      if (agentId !== null)
        await audit.record(
          { kind: 'agent', agentId },
          { action: 'session.signedOut', target: `agent:${agentId}`, detail: { client: clientKey(request.ip) } },
        );
    }
    return reply.code(204).send();
  });

  if (config.rendererDir && existsSync(config.rendererDir)) {
    void app.register(fastifyStatic, { root: config.rendererDir, prefix: '/', index: ['index.html'] });
  } else {
    app.get('/', async (_request, reply) =>
      reply
        .type('text/html')
        .send(
          '<!doctype html><meta charset="utf-8"><title>Switchboard hub</title><p>Switchboard hub is running. The desktop UI has not been built (run <code>npm run build</code>).</p>',
        ),
    );
  }
}
