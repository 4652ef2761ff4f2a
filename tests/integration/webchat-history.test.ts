import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubModule } from '../../services/hub/module';
import { defaultModules } from '../../services/server/modules';
import { SMS_SENDER, type SmsSender } from '../../services/channels/telephony/service';
import { provide } from '../../services/hub/services';
import { sql } from '../../services/store/sql';
import type { AgentClient } from '../support/agentClient';
import { seed, startTestHub, type TestHub } from '../support/testHub';
import { VisitorClient } from '../support/visitorClient';
import { codeIn, proveEmail, startCaptureSmtp } from '../support/webchatSmtp';

/** Stands in for Twilio's cloud only: the text messages the hub asked to send, recorded. */
const texts: Array<{ to: string; body: string }> = [];
const smsStub: HubModule = {
  name: 'sms-stub',
  handlers: {},
  setup() {
    const sender: SmsSender = { sendSms: async (to, body) => void texts.push({ to, body }) };
    return { enabled: true, services: [provide(SMS_SENDER, sender)] };
  },
};

let t: TestHub;
let smtp: Awaited<ReturnType<typeof startCaptureSmtp>>;
let ann: AgentClient;
let clock = Date.now();
const visitors: VisitorClient[] = [];

async function visitor(): Promise<VisitorClient> {
  const v = await VisitorClient.connect(t.hub.url);
  visitors.push(v);
  return v;
}

const prove = (v: VisitorClient, email: string) => proveEmail(v, smtp, email);

beforeAll(async () => {
  smtp = await startCaptureSmtp();
  t = await startTestHub(
    {
      webchat: {
        smtp: { host: '127.0.0.1', port: smtp.port, ignoreTLS: true, from: 'Support <support@shop.test>' },
        codes: { ttlSeconds: 600, maxTries: 3, perIdentityPerHour: 4, perIpPerHour: 50 },
      },
    },
    { modules: [...defaultModules(), smsStub], now: () => clock },
  );
  await seed(t, [{ username: 'ann' }]);
  ann = await t.connect('ann', 'ann-password');
  await ann.ok('presence/set', { presence: 'available' });

  // Alice: an email thread Ann answered (with an internal note) and an SMS; Bob: an email of his own.
  const email = await t.hub.center.ingest({
    channel: 'email',
    providerId: '<a1@mail>',
    from: { kind: 'email', value: 'alice@example.com', displayName: 'Alice A' },
    queueId: 'support',
    subject: 'Refund for order 42',
    threadKey: 'email:a1',
    bodyText: 'Where is my refund?\nOrder 42',
  });
  const offer = await ann.waitFor('offer/new', (o) => o.conversationId === email.conversation.id);
  await ann.ok('offer/accept', { offerId: offer.offerId });
  await ann.ok('message/send', { conversationId: email.conversation.id, bodyText: 'INTERNAL: customer is grumpy', internal: true });
  await t.hub.store.write((tx) =>
    tx.run(
      sql`INSERT INTO identity (customer_id, kind, value, created_at) VALUES (${email.customerId}, 'phone', '+14155550100', ${clock})`,
    ),
  );
  await t.hub.center.ingest({
    channel: 'sms',
    providerId: 'SM-alice-1',
    from: { kind: 'phone', value: '+14155550100' },
    queueId: 'support',
    threadKey: 'sms:+14155550100',
    bodyText: 'Text from Alice',
  });
  await t.hub.center.ingest({
    channel: 'email',
    providerId: '<b1@mail>',
    from: { kind: 'email', value: 'bob@example.com', displayName: 'Bob B' },
    queueId: 'support',
    subject: 'Bob private matter',
    threadKey: 'email:b1',
    bodyText: 'Bob secret text',
  });
});

afterAll(async () => {
  for (const v of visitors.splice(0)) v.close();
  await t?.stop();
  await smtp?.stop();
});

describe('"My history": one-time codes and the customer\'s own data', () => {
  it("a proven customer sees their own conversations on every channel, never notes, never anyone else's", async () => {
    const v = await visitor();
    const token = await prove(v, 'Alice@Example.com');
    const history = await v.ok('history/list', { historyToken: token });
    expect(history.displayName).toBe('Alice A');
    expect(history.items.map((i) => i.channel).sort()).toEqual(['email', 'sms']);
    const email = history.items.find((i) => i.channel === 'email')!;
    expect(email).toMatchObject({
      subject: 'Refund for order 42',
      firstLine: 'Where is my refund?',
      status: 'in_progress',
      open: true,
      handledBy: 'ANN',
      canReply: true,
    });
    expect(JSON.stringify(history)).not.toContain('Bob');

    const detail = await v.ok('history/get', { historyToken: token, conversationId: email.conversationId });
    expect(detail.messages.map((m) => m.text)).toEqual(['Where is my refund?\nOrder 42']);
    expect(JSON.stringify(detail)).not.toContain('INTERNAL');

    // Bob's conversation: same answer as a conversation that does not exist.
    const bobs = (await t.hub.store.get<{ id: number }>(sql`SELECT id FROM conversation WHERE subject = 'Bob private matter'`))!.id;
    expect(await v.command('history/get', { historyToken: token, conversationId: bobs })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await v.command('history/get', { historyToken: token, conversationId: 999_999 })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(
      await v.command('history/reply', { historyToken: token, conversationId: bobs, clientId: 'hx-0000001', text: 'let me in' }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await v.command('history/list', { historyToken: 'B'.repeat(43) })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });

    // Continue the email thread from the widget: a new inbound line on that conversation, stored once.
    const reply = await v.ok('history/reply', {
      historyToken: token,
      conversationId: email.conversationId,
      clientId: 'hx-0000002',
      text: 'Any news?',
    });
    const again = await v.ok('history/reply', {
      historyToken: token,
      conversationId: email.conversationId,
      clientId: 'hx-0000002',
      text: 'Any news?',
    });
    expect(again).toEqual({ messageId: reply.messageId, duplicate: true });
    const stored = await t.hub.store.get<{ conversation_id: number; direction: string }>(
      sql`SELECT conversation_id, direction FROM message WHERE id = ${reply.messageId}`,
    );
    expect(stored).toEqual({ conversation_id: email.conversationId, direction: 'in' });
    await ann.waitFor('message/new', (m) => m.id === reply.messageId);

    // Bob proves his address: he sees only his own.
    const bob = await visitor();
    const bobToken = await prove(bob, 'bob@example.com');
    const bobHistory = await bob.ok('history/list', { historyToken: bobToken });
    expect(bobHistory.items.map((i) => i.subject)).toEqual(['Bob private matter']);
    expect(await bob.command('history/get', { historyToken: bobToken, conversationId: email.conversationId })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('wrong codes count down to "too many tries"; codes expire; requests are rate limited', async () => {
    const v = await visitor();
    await v.ok('history/requestCode', { kind: 'email', value: 'carol@example.com' });
    const mail = await smtp.waitFor((m) => m.to.includes('carol@example.com'));
    const right = codeIn(mail.text);
    const wrong = right === '000000' ? '111111' : '000000';
    expect(await v.command('history/verify', { kind: 'email', value: 'carol@example.com', code: wrong })).toMatchObject({
      ok: false,
      error: { code: 'code_wrong', message: expect.stringContaining('2 tries left') },
    });
    expect(await v.command('history/verify', { kind: 'email', value: 'carol@example.com', code: wrong })).toMatchObject({
      ok: false,
      error: { code: 'code_wrong', message: expect.stringContaining('1 try left') },
    });
    expect(await v.command('history/verify', { kind: 'email', value: 'carol@example.com', code: wrong })).toMatchObject({
      ok: false,
      error: { code: 'too_many_tries' },
    });
    // Even the right code is refused now: the code is spent.
    expect(await v.command('history/verify', { kind: 'email', value: 'carol@example.com', code: right })).toMatchObject({
      ok: false,
      error: { code: 'too_many_tries' },
    });
    expect(await v.command('history/verify', { kind: 'email', value: 'carol@example.com', code: 'abc' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });

    // A fresh code, then eleven minutes pass: expired.
    await v.ok('history/requestCode', { kind: 'email', value: 'carol@example.com' });
    const second = await smtp.waitFor((m) => m.to.includes('carol@example.com') && m.text !== mail.text);
    clock += 11 * 60_000;
    expect(await v.command('history/verify', { kind: 'email', value: 'carol@example.com', code: codeIn(second.text) })).toMatchObject({
      ok: false,
      error: { code: 'code_expired' },
    });

    // An unknown address proves fine and simply has no history (nothing reveals who is a customer).
    await v.ok('history/requestCode', { kind: 'email', value: 'carol@example.com' });
    const third = await smtp.waitFor((m) => m.to.includes('carol@example.com') && m.text !== mail.text && m.text !== second.text);
    const carol = await v.ok('history/verify', { kind: 'email', value: 'carol@example.com', code: codeIn(third.text) });
    expect(await v.ok('history/list', { historyToken: carol.historyToken })).toEqual({ displayName: 'carol@example.com', items: [] });
    // A used code cannot be used twice.
    expect(await v.command('history/verify', { kind: 'email', value: 'carol@example.com', code: codeIn(third.text) })).toMatchObject({
      ok: false,
      error: { code: 'code_expired' },
    });

    // Four codes per address per hour.
    await v.ok('history/requestCode', { kind: 'email', value: 'carol@example.com' });
    expect(await v.command('history/requestCode', { kind: 'email', value: 'carol@example.com' })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    });
    expect(await v.command('history/requestCode', { kind: 'email', value: 'not-an-address' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });

  it('a phone number is proven by text message when an SMS sender is configured', async () => {
    const v = await visitor();
    const sent = await v.ok('history/requestCode', { kind: 'phone', value: '(415) 555-0100' });
    expect(sent.sentTo).toBe('+14155550100');
    const text = texts.find((x) => x.to === '+14155550100')!;
    const verified = await v.ok('history/verify', { kind: 'phone', value: '+1 415 555 0100', code: codeIn(text.body) });
    const history = await v.ok('history/list', { historyToken: verified.historyToken });
    expect(history.items.map((i) => i.channel).sort()).toEqual(['email', 'sms']);
  });

  it('sends a chat transcript by email', async () => {
    const v = await visitor();
    await v.ok('chat/start', { queueId: 'support', name: 'Tess', email: 'tess@example.com' });
    await v.ok('message/send', { clientId: 'tess-000001', text: 'Please send me this chat <b>as text</b>' });
    const sent = await v.ok('transcript/email', {});
    expect(sent.sentTo).toBe('tess@example.com');
    const mail = await smtp.waitFor((m) => m.to.includes('tess@example.com'));
    expect(mail.subject).toBe('Your chat transcript');
    expect(mail.text).toContain('You: Please send me this chat <b>as text</b>');
  });
});
