import { afterEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../services/contracts';
import { sql } from '../../services/store/sql';
import type { ChannelAdapter } from '../../services/hub/channels';
import { AgentClient } from '../support/agentClient';
import { ADMIN_PASSWORD, chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';

/*
 * The audit log on a real hub: what the admin, supervisor and agents do over real sockets (and sign-ins
 * over HTTP) lands in the store-backed trail, is found again through audit/search with every filter and
 * page by page, is never updated or deleted, and never holds a password.
 */
let t: TestHub | undefined;
const extra: AgentClient[] = [];
afterEach(async () => {
  for (const c of extra.splice(0)) c.close();
  await t?.stop();
  t = undefined;
});

async function login(username: string, password: string): Promise<Response> {
  return fetch(`${t!.hub.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

const idOf = (username: string): number => t!.hub.center.agentByUsername(username)!.id;
const PASSWORDS = [ADMIN_PASSWORD, 'ann-password', 'sue-password', 'bob-initial-1', 'temp-pass-123', 'bobs-own-pass', 'not-the-password'];

async function everything(admin: AgentClient): Promise<AuditRecord[]> {
  const all: AuditRecord[] = [];
  let cursor: number | undefined;
  do {
    const page = await admin.ok('audit/search', { limit: 200, cursor });
    all.push(...page.entries);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return all;
}

describe('audit log', () => {
  it('records admin, supervisor, agent and sign-in actions, and finds them with every filter', async () => {
    let clock = Date.parse('2026-12-01T09:00:00Z');
    t = await startTestHub({}, { now: () => clock });
    await seed(t, [{ username: 'ann' }, { username: 'sue', role: 'supervisor' }]);
    const admin = await t.admin();

    // Admin actions.
    await admin.ok('admin/agentUpsert', {
      mode: 'create',
      username: 'bob',
      displayName: 'Bob',
      role: 'agent',
      skills: { billing: 2 },
      password: 'bob-initial-1',
      mustChangePassword: true,
    });
    await admin.ok('admin/agentUpsert', {
      mode: 'update',
      username: 'bob',
      displayName: 'Bob Builder',
      role: 'supervisor',
      skills: { billing: 5 },
    });
    await admin.ok('admin/agentSetDisabled', { agentId: idOf('bob'), disabled: true });
    await admin.ok('admin/agentSetDisabled', { agentId: idOf('bob'), disabled: false });
    await admin.ok('admin/agentResetPassword', { agentId: idOf('bob'), temporaryPassword: 'temp-pass-123' });
    await admin.ok('admin/queueUpsert', {
      id: 'support',
      name: 'Support desk',
      channels: ['chat'],
      skills: {},
      slaSeconds: 30,
      priority: 0,
    });

    // Sign-ins: refused (wrong password, unknown user) and the forced change.
    clock += 3600_000;
    expect((await login('ann', 'not-the-password')).status).toBe(401);
    expect((await login('mallory', 'not-the-password')).status).toBe(401);
    const bobLogin = (await (await login('bob', 'temp-pass-123')).json()) as { token: string };
    const bob = await AgentClient.connect(t.hub.url, bobLogin.token);
    extra.push(bob);
    await bob.ok('session/changePassword', { currentPassword: 'temp-pass-123', newPassword: 'bobs-own-pass' });
    const out = await fetch(`${t.hub.url}/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${bobLogin.token}` } });
    expect(out.status).toBe(204);

    // Supervisor actions and a customer merge.
    const sue = await t.connect('sue', 'sue-password');
    const ann = await t.connect('ann', 'ann-password');
    await sue.ok('supervisor/setAgentPresence', { agentId: idOf('ann'), presence: 'away', reason: 'coaching' });
    await sue.ok('supervisor/forceLogout', { agentId: idOf('ann') });
    const a = await t.hub.center.ingest(chatEvent({ from: { kind: 'email', value: 'dup1@example.com', displayName: 'Dee' } }));
    const b = await t.hub.center.ingest(chatEvent({ from: { kind: 'email', value: 'dup2@example.com', displayName: 'Dee' } }));
    await sue.ok('customer/merge', { survivorId: a.customer!.id, mergedId: b.customer!.id, reason: 'same person, two addresses' });
    void ann;

    const all = await everything(admin);
    const actions = all.map((e) => e.action);
    for (const action of [
      'agent.created',
      'agent.updated',
      'agent.roleChanged',
      'agent.disabled',
      'agent.enabled',
      'agent.passwordReset',
      'queue.updated',
      'queue.created',
      'session.signedIn',
      'session.signInRefused',
      'session.passwordChanged',
      'session.signedOut',
      'supervisor.presenceSet',
      'supervisor.forcedSignOut',
      'customer.merged',
    ])
      expect(actions, action).toContain(action);
    // Newest first.
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((x, y) => y - x));

    const bobTarget = `agent:${idOf('bob')}`;
    const created = all.find((e) => e.action === 'agent.created' && e.target === bobTarget)!;
    expect(created.actor).toEqual({ kind: 'agent', agentId: idOf('admin'), name: 'admin' });
    expect(created.detail).toMatchObject({ username: 'bob', role: 'agent', skills: { billing: 2 }, mustChangePassword: true });
    expect(all.find((e) => e.action === 'agent.roleChanged')?.detail).toMatchObject({ role: { from: 'agent', to: 'supervisor' } });
    expect(all.find((e) => e.action === 'agent.updated' && e.target === bobTarget)?.detail).toMatchObject({
      displayName: { from: 'Bob', to: 'Bob Builder' },
      skills: { from: { billing: 2 }, to: { billing: 5 } },
    });
    expect(all.find((e) => e.action === 'queue.updated')?.detail).toMatchObject({ name: { from: 'Support', to: 'Support desk' } });
    const refusedAnn = all.find((e) => e.action === 'session.signInRefused' && e.target === `agent:${idOf('ann')}`)!;
    expect(refusedAnn.actor).toEqual({ kind: 'system' });
    expect(refusedAnn.detail).toMatchObject({ username: 'ann', reason: 'wrong password', client: expect.stringMatching(/127\.0\.0\.1/) });
    expect(all.find((e) => e.target === 'username:mallory')?.detail).toMatchObject({ reason: 'unknown username' });
    expect(all.find((e) => e.action === 'session.passwordChanged')).toMatchObject({ target: bobTarget, detail: { wasTemporary: true } });
    expect(all.find((e) => e.action === 'customer.merged')).toMatchObject({
      target: `customer:${a.customer!.id}`,
      actor: { kind: 'agent', agentId: idOf('sue') },
      detail: { survivorId: a.customer!.id, mergedId: b.customer!.id, reason: 'same person, two addresses' },
    });

    // Filters.
    const byActor = await admin.ok('audit/search', { actor: idOf('sue') });
    expect(new Set(byActor.entries.map((e) => e.action))).toEqual(
      new Set(['session.signedIn', 'supervisor.presenceSet', 'supervisor.forcedSignOut', 'customer.merged']),
    );
    const system = await admin.ok('audit/search', { actor: 'system' });
    expect(system.entries.every((e) => e.action === 'session.signInRefused')).toBe(true);
    expect(system.entries).toHaveLength(2);
    const agentActions = await admin.ok('audit/search', { actionPrefix: 'agent.' });
    expect(agentActions.entries.length).toBeGreaterThanOrEqual(6);
    expect(agentActions.entries.every((e) => e.action.startsWith('agent.'))).toBe(true);
    const onBob = await admin.ok('audit/search', { target: bobTarget });
    expect(onBob.entries.every((e) => e.target === bobTarget)).toBe(true);
    expect(onBob.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['agent.created', 'session.signedOut', 'agent.enabled']));
    const text = await admin.ok('audit/search', { text: 'coaching' });
    expect(text.entries.map((e) => e.action)).toEqual(['supervisor.presenceSet']);
    // LIKE wildcards in the text are literal: "%" matches nothing here.
    expect((await admin.ok('audit/search', { text: '%' })).entries).toHaveLength(0);
    const before = await admin.ok('audit/search', { to: Date.parse('2026-12-01T09:30:00Z') });
    expect(before.entries.some((e) => e.action === 'agent.created')).toBe(true);
    expect(before.entries.some((e) => e.action === 'session.signInRefused')).toBe(false);
    const after = await admin.ok('audit/search', { from: Date.parse('2026-12-01T09:30:00Z'), actionPrefix: 'session.' });
    expect(after.entries.length).toBeGreaterThan(0);
    expect(after.entries.every((e) => e.at >= Date.parse('2026-12-01T09:30:00Z') && e.action.startsWith('session.'))).toBe(true);

    // Pages: three at a time, newest first, no overlap, no gap.
    const paged: number[] = [];
    let cursor: number | undefined;
    do {
      const page = await admin.ok('audit/search', { limit: 3, cursor });
      expect(page.entries.length).toBeLessThanOrEqual(3);
      paged.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(paged).toEqual(all.map((e) => e.id));

    // No password (nor its hash) is anywhere in the table.
    const rows = JSON.stringify(await t.hub.store.all(sql`SELECT * FROM audit_log`));
    for (const password of PASSWORDS) expect(rows).not.toContain(password);
    expect(rows).not.toContain('scrypt$');
  });

  it('records supervisor interventions on a conversation, and merges undone', async () => {
    const chatAdapter: ChannelAdapter = { kind: 'chat', async deliver() {} };
    t = await startTestHub({}, { adapters: [chatAdapter] });
    await seed(t, [{ username: 'ann' }, { username: 'sue', role: 'supervisor' }]);
    const admin = await t.admin();
    await admin.ok('admin/queueUpsert', { id: 'vip', name: 'VIP', channels: ['chat'], skills: {}, slaSeconds: 10, priority: 5 });
    const ann = await t.connect('ann', 'ann-password');
    const sue = await t.connect('sue', 'sue-password');
    await ann.ok('presence/set', { presence: 'away' });

    const waiting = await t.hub.center.ingest(chatEvent());
    await sue.ok('supervisor/moveConversation', { conversationId: waiting.conversation.id, queueId: 'vip', priority: 9 });
    await sue.ok('supervisor/reassign', { conversationId: waiting.conversation.id, agentId: idOf('ann') });
    await ann.ok('presence/set', { presence: 'available' });
    const offer = await ann.waitFor('offer/new', (o) => o.conversationId === waiting.conversation.id);
    await ann.ok('offer/accept', { offerId: offer.offerId });
    const id = waiting.conversation.id;
    await sue.ok('supervisor/monitor', { conversationId: id, on: true });
    await sue.ok('supervisor/whisper', { conversationId: id, text: 'offer the secret discount code' });
    await sue.ok('supervisor/barge', { conversationId: id, text: 'Hello, I am the team lead.' });
    await sue.ok('supervisor/monitor', { conversationId: id, on: false });
    await sue.ok('supervisor/updateAgent', { agentId: idOf('ann'), skills: { vip: 2 } });

    const a = await t.hub.center.ingest(chatEvent({ from: { kind: 'email', value: 'x1@example.com', displayName: 'X' } }));
    const b = await t.hub.center.ingest(chatEvent({ from: { kind: 'email', value: 'x2@example.com', displayName: 'X' } }));
    const merge = await sue.ok('customer/merge', { survivorId: a.customer!.id, mergedId: b.customer!.id, reason: 'same person' });
    await sue.ok('customer/unmerge', { mergeId: merge.id, reason: 'two people after all' });

    const onConversation = await admin.ok('audit/search', { target: `conversation:${id}` });
    expect(onConversation.entries.map((e) => e.action).reverse()).toEqual([
      'supervisor.conversationMoved',
      'supervisor.conversationReassigned',
      'supervisor.monitorStarted',
      'supervisor.whispered',
      'supervisor.barged',
      'supervisor.monitorStopped',
    ]);
    expect(onConversation.entries.every((e) => e.actor.kind === 'agent' && e.actor.agentId === idOf('sue'))).toBe(true);
    expect(onConversation.entries.find((e) => e.action === 'supervisor.conversationMoved')?.detail).toMatchObject({
      queueId: 'vip',
      priority: 9,
    });
    // What was whispered stays in the conversation; the log says that it happened.
    expect(JSON.stringify(onConversation.entries)).not.toContain('discount');
    const skills = await admin.ok('audit/search', { target: `agent:${idOf('ann')}`, actionPrefix: 'agent.updated' });
    expect(skills.entries[0]?.detail).toMatchObject({ skills: { from: {}, to: { vip: 2 } } });
    const merges = await admin.ok('audit/search', { actionPrefix: 'customer.' });
    expect(merges.entries.map((e) => [e.action, e.detail.reason])).toEqual([
      ['customer.unmerged', 'two people after all'],
      ['customer.merged', 'same person'],
    ]);
  });

  it('is append-only: the store refuses to change or delete a row', async () => {
    t = await startTestHub();
    const admin = await t.admin();
    await admin.ok('admin/queueUpsert', { id: 'q1', name: 'Q1', channels: ['chat'], skills: {}, slaSeconds: 30, priority: 0 });
    await expect(t.hub.store.write((tx) => tx.run(sql`UPDATE audit_log SET action = 'nothing'`))).rejects.toThrow(/append-only/);
    await expect(t.hub.store.write((tx) => tx.run(sql`DELETE FROM audit_log`))).rejects.toThrow(/append-only/);
    expect((await admin.ok('audit/search', { actionPrefix: 'queue.' })).entries).toHaveLength(1);
  });

  it('only admins may search; bad filters are refused with the field named', async () => {
    t = await startTestHub();
    await seed(t, [{ username: 'ann' }, { username: 'sue', role: 'supervisor' }]);
    const admin = await t.admin();
    for (const username of ['ann', 'sue']) {
      const client = await t.connect(username, `${username}-password`);
      expect(await client.command('audit/search', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const cases: Array<[unknown, string]> = [
      [{ from: 2000, to: 1000 }, 'to'],
      [{ limit: 0 }, 'limit'],
      [{ limit: 1000 }, 'limit'],
      [{ actor: 'someone' }, 'actor'],
      [{ text: 'x'.repeat(201) }, 'text'],
      [{ cursor: -1 }, 'cursor'],
      [{ password: 'x' }, ''],
    ];
    for (const [input, path] of cases) {
      const reply = await admin.command('audit/search', input as never);
      expect(reply.ok, JSON.stringify(input)).toBe(false);
      if (!reply.ok) {
        expect(reply.error.code).toBe('invalid_input');
        expect(reply.error.issues?.map((i) => i.path)).toContain(path);
      }
    }
  });
});
