import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubErrorShape, publicRoutes } from '../../services/contracts';
import { sql } from '../../services/store/sql';
import { allScopes, api, createKey, type ApiReply } from '../support/platform';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';

let t: TestHub;
let key: string;
beforeAll(async () => {
  t = await startTestHub();
  await seed(t, [{ username: 'ann' }]);
  const admin = await t.admin();
  key = (await createKey(admin, allScopes, { rateLimitPerMinute: 10_000 })).secret;
  await t.hub.center.ingest(chatEvent({ bodyText: 'a normal message' }));
});
afterAll(async () => {
  await t.stop();
});

const hostileIds = [
  '0',
  '-1',
  '1.5',
  '1e309',
  '9'.repeat(40),
  'abc',
  '1%3BDROP%20TABLE%20customer',
  '%00',
  '..%2F..%2Fetc%2Fpasswd',
  '__proto__',
  '%F0%9F%92%A3',
  '',
];
const hostileQueries = [
  'limit=-5',
  'limit=abc',
  'limit=1&limit=2',
  'cursor=1%20OR%201%3D1',
  'cursor=a:b',
  `cursor=${'9'.repeat(60)}`,
  '__proto__[polluted]=1',
  'constructor[prototype][polluted]=1',
  'unknown=1',
  `q=${'a'.repeat(10_000)}`,
  'q=%22%20OR%20*%20NEAR(',
  'q=%00%01%02',
  'q=%ED%A0%80',
  'from=-1&to=1e400',
  'from=10&to=5',
  'format=xml',
  'reason=',
  'updated_since=NaN',
  'token=1.2.3',
];
const hostileBodies: Array<[string, string]> = [
  ['application/json', '{not json'],
  ['application/json', '{"__proto__":{"polluted":true},"bodyText":"x"}'],
  ['application/json', '{"constructor":{"prototype":{"polluted":true}}}'],
  ['application/json', '[]'],
  ['application/json', 'null'],
  ['application/json', '"string"'],
  ['application/json', `{"bodyText":"${'\\u0000'.repeat(10)}","extra":1}`],
  ['application/json', `{"bodyText":"\\ud800"}`],
  ['application/json', `{"customerId":1e309,"channel":"sms","agentId":-1}`],
  ['application/json', `{"customerId":"1","channel":"<script>","agentId":1}`],
  ['application/json', '['.repeat(5000) + ']'.repeat(5000)],
  ['application/json', `{"bodyText":"${'x'.repeat(1_100_000)}"}`],
  ['text/plain', 'bodyText=hello'],
  ['application/x-www-form-urlencoded', 'bodyText=hello'],
];

function assertRefused(r: ApiReply, what: string): void {
  expect(r.status, `${what} -> ${r.status} ${r.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(r.status, what).toBeLessThan(500);
  expect(HubErrorShape.safeParse(r.body).success, `${what}: ${r.text.slice(0, 200)}`).toBe(true);
}

describe('hostile input on every public route', () => {
  it('is refused with a 4xx in the error shape, never a 500, and changes nothing', async () => {
    const customersBefore = await t.hub.store.all(sql`SELECT * FROM customer`);
    let tried = 0;
    for (const [name, spec] of Object.entries(publicRoutes)) {
      const paths = spec.path.includes(':id') ? hostileIds.map((id) => spec.path.replace(':id', id)) : [spec.path];
      for (const path of paths) {
        if (path.includes('//') || path.endsWith('/')) continue; // an empty id is another route
        const r = await api(t, key, spec.method, path, spec.method === 'POST' ? { bodyText: 'x' } : undefined);
        if (spec.path.includes(':id')) assertRefused(r, `${name} ${path}`);
        tried += 1;
      }
      const base = spec.path.replace(':id', '1');
      for (const q of hostileQueries) {
        const r = await api(t, key, spec.method, `${base}?${q}`, spec.method === 'POST' ? {} : undefined);
        // Some of these are valid for some routes (q= for search); what matters is: never a 500, always a shape.
        expect(r.status, `${name} ?${q.slice(0, 60)} -> ${r.text.slice(0, 200)}`).toBeLessThan(500);
        if (r.status >= 400) assertRefused(r, `${name} ?${q.slice(0, 60)}`);
        tried += 1;
      }
      if (spec.method === 'POST') {
        for (const [type, body] of hostileBodies) {
          const r = await api(t, key, 'POST', base, body, { 'content-type': type });
          assertRefused(r, `${name} body ${body.slice(0, 40)}`);
          tried += 1;
        }
      }
    }
    expect(tried).toBeGreaterThan(300);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await t.hub.store.all(sql`SELECT * FROM customer`)).toEqual(customersBefore);
    expect((await fetch(`${t.hub.url}/api/health`)).status).toBe(200);
  });

  it('refuses malformed, unknown, wrong-scope, revoked and expired keys, and keys over their rate', async () => {
    const admin = await t.admin();
    for (const auth of [
      '',
      'Bearer',
      'Bearer ' + ' '.repeat(500),
      'Basic YWRtaW46cGFzcw==',
      `Bearer sbk_1_${'a'.repeat(43)}`,
      "Bearer sbk_1_' OR '1'='1",
      `Bearer ${key}x`,
    ]) {
      const r = await api(t, null, 'GET', '/customers', undefined, auth ? { authorization: auth } : {});
      expect(r, auth).toMatchObject({ status: 401, body: { code: 'unauthenticated' } });
    }
    const metricsOnly = await createKey(admin, ['metrics:read']);
    expect(await api(t, metricsOnly.secret, 'GET', '/customers')).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect(await api(t, metricsOnly.secret, 'POST', '/conversations/1/messages', { bodyText: 'x' })).toMatchObject({ status: 403 });
    expect(await api(t, metricsOnly.secret, 'DELETE', '/customers/1?reason=x')).toMatchObject({ status: 403 });

    const revoked = await createKey(admin, ['customers:read']);
    expect((await api(t, revoked.secret, 'GET', '/customers')).status).toBe(200);
    await admin.ok('platform/apiKeyRevoke', { keyId: revoked.id });
    expect(await api(t, revoked.secret, 'GET', '/customers')).toMatchObject({ status: 401, body: { message: 'this API key was revoked' } });

    expect(
      await admin.command('platform/apiKeyCreate', { name: 'past', scopes: ['customers:read'], expiresAt: Date.now() - 1 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    const expiring = await createKey(admin, ['customers:read'], { expiresAt: Date.now() + 700 });
    expect((await api(t, expiring.secret, 'GET', '/customers')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 800));
    expect(await api(t, expiring.secret, 'GET', '/customers')).toMatchObject({
      status: 401,
      body: { message: 'this API key has expired' },
    });

    const slow = await createKey(admin, ['customers:read'], { rateLimitPerMinute: 3 });
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await api(t, slow.secret, 'GET', '/customers')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);

    // Keys are shown once: the list carries a prefix, never the secret or its hash.
    const listed = await admin.ok('platform/apiKeys', {});
    expect(JSON.stringify(listed)).not.toContain(slow.secret);
    expect(listed.find((k) => k.id === slow.id)).toMatchObject({ prefix: slow.secret.slice(0, 10), lastUsedAt: null });
    const stored = await t.hub.store.all<{ secret_hash: string }>(sql`SELECT secret_hash FROM api_key`);
    expect(JSON.stringify(stored)).not.toContain(slow.secret);
    // Non-admins cannot make keys.
    const ann = await t.connect('ann', 'ann-password');
    expect(await ann.command('platform/apiKeyCreate', { name: 'x', scopes: ['customers:read'] })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await ann.command('platform/apiKeys', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
