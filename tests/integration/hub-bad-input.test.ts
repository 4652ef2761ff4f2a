import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient } from '../support/agentClient';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';

let t: TestHub;
let agent: AgentClient;
let bystander: AgentClient;

beforeAll(async () => {
  t = await startTestHub({ commandRate: { perSecond: 5, burst: 25 }, webchat: {} });
  await seed(t, [{ username: 'ann' }, { username: 'bob' }]);
  agent = await t.connect('ann', 'ann-password');
  bystander = await t.connect('bob', 'bob-password');
});
afterAll(async () => t.stop());

async function raw(client: AgentClient, envelope: unknown) {
  return client.socket.timeout(5000).emitWithAck('command', envelope);
}

describe('agent socket: hostile input gets a typed error and the hub keeps serving', () => {
  it.each([
    ['not an object', 'hello'],
    ['missing name', { input: {} }],
    ['extra envelope fields', { name: 'session/me', input: {}, admin: true }],
    ['name of the wrong type', { name: 42, input: {} }],
  ])('malformed envelope: %s', async (_label, envelope) => {
    expect(await raw(agent, envelope)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('unknown command', async () => {
    expect(await raw(agent, { name: 'system/shutdown', input: {} })).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
  });

  it('prototype keys are not commands', async () => {
    expect(await raw(agent, { name: '__proto__', input: {} })).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    expect(await raw(agent, { name: 'toString', input: {} })).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
  });

  it('wrong types and unknown fields are refused with field-level issues', async () => {
    const reply = await raw(agent, { name: 'presence/set', input: { presence: 'sleeping' } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(reply.error.issues[0].path).toBe('presence');
    expect(await raw(agent, { name: 'offer/accept', input: { offerId: 7 } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await raw(agent, { name: 'session/me', input: { sneaky: 1 } })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await raw(agent, { name: 'presence/set', input: { presence: 'away_missed' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });

  it('an oversize message body is refused, not truncated', async () => {
    const reply = await agent.command('message/send', { conversationId: 1, bodyText: 'x'.repeat(200_000) });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('a payload over the transport cap drops only that socket', async () => {
    const token = await t.login('bob', 'bob-password');
    const big = await AgentClient.connect(t.hub.url, token);
    const closed = new Promise((resolve) => big.socket.once('disconnect', resolve));
    big.socket.emit('command', { name: 'session/me', input: { blob: 'y'.repeat(2_000_000) } }, () => undefined);
    await closed;
    expect((await agent.ok('session/me', {})).agent.username).toBe('ann');
  });

  it('admin commands need the admin role', async () => {
    const reply = await agent.command('admin/queueUpsert', {
      id: 'x',
      name: 'X',
      channels: ['chat'],
      skills: {},
      slaSeconds: 30,
      priority: 0,
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await agent.command('agent/list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('acting on a conversation held by someone else is forbidden', async () => {
    await bystander.ok('presence/set', { presence: 'available' });
    const { conversation } = await t.hub.center.ingest(chatEvent());
    const offer = await bystander.waitFor('offer/new', (o) => o.conversationId === conversation.id);
    expect(await agent.command('offer/accept', { offerId: offer.offerId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await bystander.ok('offer/accept', { offerId: offer.offerId });
    expect(await agent.command('conversation/close', { conversationId: conversation.id, disposition: 'resolved' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await bystander.command('conversation/close', { conversationId: conversation.id, disposition: 'made-up' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    await bystander.ok('presence/set', { presence: 'away' });
  });

  it('a flood of commands is rate limited per socket', async () => {
    const token = await t.login('ann', 'ann-password');
    const flooder = await AgentClient.connect(t.hub.url, token);
    const replies = await Promise.all(Array.from({ length: 40 }, () => flooder.command('session/me', {})));
    expect(replies.filter((r) => !r.ok && r.error.code === 'rate_limited').length).toBeGreaterThan(0);
    flooder.close();
    expect((await agent.ok('session/me', {})).agent.username).toBe('ann');
  });

  it.each([
    ['no token', {}],
    ['malformed token', { token: 5 }],
    ['unknown token', { token: 'a'.repeat(43) }],
  ])('handshake with %s is refused', async (_label, auth) => {
    const socket = io(`${t.hub.url}/agent`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    socket.close();
    expect(error.message).toMatch(/unauthenticated/);
  });

  it('bad logins get 400/401 and do not leak which part was wrong', async () => {
    const post = (body: unknown) =>
      fetch(`${t.hub.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ username: 'ann' })).status).toBe(400);
    const wrongPassword = await post({ username: 'ann', password: 'nope-nope' });
    const noUser = await post({ username: 'nobody', password: 'nope-nope' });
    expect(wrongPassword.status).toBe(401);
    expect(noUser.status).toBe(401);
    expect(await wrongPassword.json()).toEqual(await noUser.json());
  });

  it('ingest refuses a malformed inbound event without storing anything', async () => {
    const before = await t.hub.store.get<{ n: number }>({ text: 'SELECT count(*) AS n FROM message', values: [] });
    await expect(t.hub.center.ingest({ ...chatEvent(), channel: 'fax' as never })).rejects.toThrow();
    await expect(t.hub.center.ingest(chatEvent({ from: { kind: 'phone', value: 'not a number' } }))).rejects.toThrow(/phone/);
    const after = await t.hub.store.get<{ n: number }>({ text: 'SELECT count(*) AS n FROM message', values: [] });
    expect(after?.n).toBe(before?.n);
  });
});

describe('HTTP baseline headers', () => {
  it('every response says nosniff, no-referrer and cannot be framed', async () => {
    for (const path of ['/', '/api/health', '/chat', '/widget.js']) {
      const res = await fetch(`${t.hub.url}${path}`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });
});

describe('router status: a hostile query gets a clear 400 and the hub keeps answering', () => {
  it.each([['abc'], ['-1'], ['64'], ['1.5']])('partition=%s is refused', async (partition) => {
    const res = await fetch(`${t.hub.url}/api/cluster/router?partition=${partition}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_input' } });
  });

  it('a single hub routes partition 0 and no other', async () => {
    expect((await fetch(`${t.hub.url}/api/cluster/router`)).status).toBe(200);
    expect((await fetch(`${t.hub.url}/api/cluster/router?partition=0`)).status).toBe(200);
    expect((await fetch(`${t.hub.url}/api/cluster/router?partition=1`)).status).toBe(503);
  });
});
