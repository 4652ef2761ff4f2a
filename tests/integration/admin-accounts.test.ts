import { afterEach, describe, expect, it } from 'vitest';
import { AgentClient } from '../support/agentClient';
import { ADMIN_PASSWORD, seed, startTestHub, supportQueue, type TestHub } from '../support/testHub';

/*
 * The admin console's agent commands against a real hub over real socket.io clients: the full list with
 * known skills, create/update that refuse the wrong case, password resets that force a new password, and
 * the generated first admin password that must be replaced before anything else.
 */
let t: TestHub | undefined;
const extra: AgentClient[] = [];
afterEach(async () => {
  for (const c of extra.splice(0)) c.close();
  await t?.stop();
  t = undefined;
});

async function login(username: string, password: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${t!.hub.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function connect(username: string, password: string): Promise<AgentClient> {
  const { status, body } = await login(username, password);
  expect(status).toBe(200);
  const client = await AgentClient.connect(t!.hub.url, body.token as string);
  extra.push(client);
  return client;
}

const idOf = (username: string): number => t!.hub.center.agentByUsername(username)!.id;

describe('admin/agentList', () => {
  it('lists every agent with status flags and the known skills (queues and agents); only admins may', async () => {
    t = await startTestHub();
    await seed(
      t,
      [
        { username: 'ann', skills: { billing: 3 } },
        { username: 'sue', role: 'supervisor' },
      ],
      [{ ...supportQueue, skills: { english: 2 } }],
    );
    const admin = await t.admin();
    await admin.ok('admin/agentSetDisabled', { agentId: idOf('sue'), disabled: true });
    const list = await admin.ok('admin/agentList', {});
    expect(list.knownSkills).toEqual(['billing', 'english']);
    const byName = new Map(list.agents.map((a) => [a.username, a]));
    expect(byName.get('sue')).toMatchObject({ role: 'supervisor', disabled: true, mustChangePassword: false });
    expect(byName.get('ann')).toMatchObject({ role: 'agent', disabled: false, skills: { billing: 3 }, connected: false });
    expect(byName.get('admin')).toMatchObject({ role: 'admin', connected: true });
    expect(JSON.stringify(list)).not.toMatch(/passwordHash|scrypt/);

    await admin.ok('admin/agentSetDisabled', { agentId: idOf('sue'), disabled: false });
    const sue = await connect('sue', 'sue-password');
    const ann = await connect('ann', 'ann-password');
    for (const client of [sue, ann]) {
      const reply = await client.command('admin/agentList', {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await admin.command('admin/agentList', { all: true } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('admin/agentUpsert for the console', () => {
  it('create refuses a taken username, update an unknown one; bad input is refused with the field named', async () => {
    t = await startTestHub();
    await seed(t, [{ username: 'ann' }]);
    const admin = await t.admin();
    const taken = await admin.command('admin/agentUpsert', { mode: 'create', username: 'ann', displayName: 'Other Ann', role: 'agent' });
    expect(taken).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/taken/) } });
    expect(t.hub.center.agentByUsername('ann')?.displayName).toBe('ANN');
    const missing = await admin.command('admin/agentUpsert', { mode: 'update', username: 'nobody', displayName: 'N', role: 'agent' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const bad = await admin.command('admin/agentUpsert', {
      mode: 'create',
      username: 'has space',
      displayName: 'X',
      role: 'agent',
      skills: { 'Not A Slug': 3 },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('invalid_input');
      expect(bad.error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['username', 'skills.Not A Slug']));
    }
    const created = await admin.ok('admin/agentUpsert', {
      mode: 'create',
      username: 'bob',
      displayName: 'Bob',
      role: 'agent',
      skills: { billing: 4 },
      capacity: { voice: 0, chat: 5, email: 1, sms: 2 },
      password: 'bob-first-pass',
      mustChangePassword: true,
    });
    expect(created).toMatchObject({ username: 'bob', skills: { billing: 4 }, capacity: { voice: 0, chat: 5, email: 1, sms: 2 } });
    expect((await login('bob', 'bob-first-pass')).body.mustChangePassword).toBe(true);
    // Without the flag an API-created agent signs in normally (scripts and the demo rely on it).
    expect((await login('ann', 'ann-password')).body.mustChangePassword).toBe(false);
  });

  it('the last enabled administrator cannot take away their own admin role', async () => {
    t = await startTestHub();
    const admin = await t.admin();
    const demote = await admin.command('admin/agentUpsert', { mode: 'update', username: 'admin', displayName: 'Admin', role: 'agent' });
    expect(demote).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/last enabled administrator/) } });
    expect(t.hub.center.agentByUsername('admin')?.role).toBe('admin');
  });
});

describe('admin/agentResetPassword and the forced change', () => {
  it('a reset cuts the agent off, their next sign-in may only choose a new password, then works normally', async () => {
    t = await startTestHub();
    await seed(t, [{ username: 'ann' }, { username: 'sue', role: 'supervisor' }]);
    const admin = await t.admin();
    const ann = await connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });

    await admin.ok('admin/agentResetPassword', { agentId: idOf('ann'), temporaryPassword: 'temp-pass-123' });
    const ended = await ann.waitFor('session/ended', () => true, 2000);
    expect(ended.message).toMatch(/administrator reset your password/);
    expect(t.hub.center.agent(idOf('ann'))?.presence).toBe('offline');
    expect((await login('ann', 'ann-password')).status).toBe(401);

    const signIn = await login('ann', 'temp-pass-123');
    expect(signIn.body.mustChangePassword).toBe(true);
    const temp = await AgentClient.connect(t.hub.url, signIn.body.token as string);
    extra.push(temp);
    for (const name of ['presence/set', 'conversation/mine', 'queue/list'] as const) {
      const input = name === 'presence/set' ? { presence: 'available' as const } : {};
      const reply = await temp.command(name, input as never);
      expect(reply).toMatchObject({
        ok: false,
        error: { code: 'password_change_required', message: 'choose a new password before anything else' },
      });
    }
    expect((await temp.command('session/me', {})).ok).toBe(true);
    // Nor do the HTTP routes that take the session token.
    const bearer = { authorization: `Bearer ${signIn.body.token as string}` };
    const upload = await fetch(`${t.hub.url}/api/customers/imports`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'text/csv' },
      body: 'a\n1\n',
    });
    expect(upload.status).toBe(401);
    expect(await temp.command('session/changePassword', { currentPassword: 'temp-pass-123', newPassword: 'temp-pass-123' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await temp.command('session/changePassword', { currentPassword: 'wrong-guess', newPassword: 'anns-own-pass' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await temp.ok('session/changePassword', { currentPassword: 'temp-pass-123', newPassword: 'anns-own-pass' });
    // The same socket now works: nothing else to do than carry on.
    await temp.ok('presence/set', { presence: 'available' });
    expect((await login('ann', 'anns-own-pass')).body.mustChangePassword).toBe(false);
    expect((await login('ann', 'temp-pass-123')).status).toBe(401);
  });

  it('refuses resets by non-admins, of yourself, of unknown agents, and too-short passwords', async () => {
    t = await startTestHub();
    await seed(t, [{ username: 'ann' }, { username: 'sue', role: 'supervisor' }]);
    const admin = await t.admin();
    const sue = await connect('sue', 'sue-password');
    const ann = await connect('ann', 'ann-password');
    const input = { agentId: idOf('ann'), temporaryPassword: 'temp-pass-123' };
    expect(await sue.command('admin/agentResetPassword', input)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ann.command('admin/agentResetPassword', input)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await admin.command('admin/agentResetPassword', { agentId: idOf('admin'), temporaryPassword: 'temp-pass-123' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await admin.command('admin/agentResetPassword', { agentId: 9999, temporaryPassword: 'temp-pass-123' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const short = await admin.command('admin/agentResetPassword', { agentId: idOf('ann'), temporaryPassword: 'short' });
    expect(short).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'temporaryPassword' }] } });
    // Nothing happened to Ann on any of these.
    expect((await ann.command('session/me', {})).ok).toBe(true);
    expect((await login('ann', 'ann-password')).body.mustChangePassword).toBe(false);
  });

  it('the generated first admin password must be replaced before anything else, also after a restart', async () => {
    t = await startTestHub({ bootstrapAdmin: { username: 'admin' } });
    const generated = t.hub.generatedAdminPassword;
    expect(generated).toEqual(expect.any(String));
    await t.restart();
    const signIn = await login('admin', generated!);
    expect(signIn.body.mustChangePassword).toBe(true);
    const admin = await AgentClient.connect(t.hub.url, signIn.body.token as string);
    extra.push(admin);
    expect(await admin.command('admin/agentList', {})).toMatchObject({ ok: false, error: { code: 'password_change_required' } });
    expect(
      await admin.command('admin/agentUpsert', { username: 'x', displayName: 'X', role: 'admin', password: 'x-password' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'password_change_required' },
    });
    expect(t.hub.center.agentByUsername('x')).toBeUndefined();
    await admin.ok('session/changePassword', { currentPassword: generated!, newPassword: ADMIN_PASSWORD });
    expect((await admin.ok('admin/agentList', {})).agents).toHaveLength(1);
    expect((await login('admin', ADMIN_PASSWORD)).body.mustChangePassword).toBe(false);
  });

  it('a chosen first admin password (config or desktop setup) is not forced', async () => {
    t = await startTestHub();
    expect(t.hub.generatedAdminPassword).toBeNull();
    expect((await login('admin', ADMIN_PASSWORD)).body.mustChangePassword).toBe(false);
  });
});
