import { afterEach, describe, expect, it } from 'vitest';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const billing = { id: 'billing', name: 'Billing', channels: ['email', 'chat'] as const, skills: {}, slaSeconds: 120, priority: 0 };

async function hub(): Promise<TestHub> {
  t = await startTestHub();
  await seed(
    t,
    [{ username: 'ann' }, { username: 'bob' }, { username: 'sam', role: 'supervisor' }],
    [
      { id: 'support', name: 'Support', channels: ['voice', 'sms', 'email', 'chat'], skills: {}, slaSeconds: 60, priority: 0 },
      { ...billing, channels: [...billing.channels] },
    ],
  );
  return t;
}

describe('canned responses (answers)', () => {
  it('supervisors keep the shared library per queue; agents see what fits the conversation, plus their own', async () => {
    const t = await hub();
    const sam = await t.connect('sam', 'sam-password');
    const ann = await t.connect('ann', 'ann-password');
    const bob = await t.connect('bob', 'bob-password');

    const greet = await sam.ok('answers/save', {
      scope: 'shared',
      title: 'Greeting',
      shortcut: 'hi',
      body: 'Hello {{customer.firstName}}, this is {{agent.firstName}}.',
    });
    await sam.ok('answers/save', {
      scope: 'shared',
      queueId: 'billing',
      title: 'Refund',
      shortcut: 'refund',
      body: 'Your refund is on its way.',
    });
    await sam.ok('answers/save', {
      scope: 'shared',
      title: 'Call back',
      shortcut: 'callback',
      body: 'We will call you back.',
      channels: ['voice'],
    });
    const mine = await ann.ok('answers/save', { scope: 'personal', title: 'My sign-off', shortcut: 'bye', body: 'Cheers, Ann' });
    expect(ann.received('answers/changed').length).toBeGreaterThan(0);

    const { conversation } = await t.hub.center.ingest(
      chatEvent({ from: { kind: 'email', value: 'carol.jones@example.com', displayName: 'Carol Jones' } }),
    );
    const fits = await ann.ok('answers/list', { conversationId: conversation.id });
    // Support chat: the all-queue greeting and Ann's own; not billing's refund, not the voice-only call back.
    expect(fits.answers.map((a) => a.shortcut)).toEqual(['bye', 'hi']);
    // Bob never sees Ann's personal answer, nor can he change or use it.
    expect((await bob.ok('answers/list', {})).answers.map((a) => a.shortcut)).toEqual(['callback', 'hi', 'refund']);
    expect(await bob.command('answers/delete', { id: mine.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await bob.command('answers/render', { answerId: mine.id, conversationId: conversation.id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });

    expect(await ann.ok('answers/render', { answerId: greet.id, conversationId: conversation.id })).toEqual({
      text: 'Hello Carol, this is ANN.',
      missing: [],
    });
  });

  it('a placeholder with no value stays visible and is named; unknown placeholders are refused at save', async () => {
    const t = await hub();
    const sam = await t.connect('sam', 'sam-password');
    const answer = await sam.ok('answers/save', {
      scope: 'shared',
      title: 'Order',
      shortcut: 'order',
      body: 'Hi {{customer.firstName}}, about order {{order.number}}:',
    });
    // A web visitor known only by a generated handle has no name we may use.
    const { conversation } = await t.hub.center.ingest(chatEvent({ from: { kind: 'chat', value: 'web-uFdW12345' } }));
    expect(await sam.ok('answers/render', { answerId: answer.id, conversationId: conversation.id })).toEqual({
      text: "Hi [the customer's first name], about order [the customer's latest order number (from the back office)]:",
      missing: ["the customer's first name", "the customer's latest order number (from the back office)"],
    });
    const bad = await sam.command('answers/save', { scope: 'shared', title: 'X', shortcut: 'x', body: 'Dear {{customer.surname}}' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(bad)).toContain('unknown placeholder {{customer.surname}}');
  });

  it('roles and clashes: agents cannot keep shared answers; a shortcut names its owner', async () => {
    const t = await hub();
    const ann = await t.connect('ann', 'ann-password');
    const sam = await t.connect('sam', 'sam-password');
    expect(await ann.command('answers/save', { scope: 'shared', title: 'T', shortcut: 't', body: 'b' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const shared = await sam.ok('answers/save', { scope: 'shared', title: 'Thanks', shortcut: 'thanks', body: 'Thank you!' });
    expect(await ann.command('answers/delete', { id: shared.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const clash = await sam.command('answers/save', { scope: 'shared', title: 'Other', shortcut: 'THANKS', body: 'x' });
    expect(clash).toMatchObject({ ok: false, error: { code: 'conflict', message: '/thanks is already "Thanks"' } });
    // The same shortcut as a personal answer is the agent's own business.
    await ann.ok('answers/save', { scope: 'personal', title: 'My thanks', shortcut: 'thanks', body: 'Thanks a lot!' });
    expect(await sam.command('answers/save', { scope: 'shared', queueId: 'nope', title: 'Q', shortcut: 'q', body: 'b' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    for (const hostile of [
      { scope: 'shared', title: '', shortcut: 'a', body: 'b' },
      { scope: 'shared', title: 'a', shortcut: '../x', body: 'b' },
      { scope: 'x' },
      { scope: 'shared', title: 'a', shortcut: 'a', body: 'b', extra: 1 },
    ]) {
      expect(await sam.command('answers/save', hostile as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    await sam.ok('answers/delete', { id: shared.id });
    expect((await sam.ok('answers/list', {})).answers).toEqual([]);
  });
});
