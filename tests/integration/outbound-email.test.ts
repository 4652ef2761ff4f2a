import { afterEach, describe, expect, it } from 'vitest';
import { dovecotUnavailable } from '../support/dovecot';
import { customerMail, startEmailHarness, type EmailHarness } from '../support/emailHub';
import { fileCustomer } from '../support/outbound';
import { seed, startTestHub, type TestHub } from '../support/testHub';

const skip = dovecotUnavailable();
if (skip) console.warn(`outbound email tests skipped: ${skip}`);

let h: EmailHarness | undefined;
let bare: TestHub | undefined;
afterEach(async () => {
  await h?.stop();
  await bare?.stop();
  h = undefined;
  bare = undefined;
});

const addrs = (v: unknown): string[] => {
  const list = (Array.isArray(v) ? v : v ? [v] : []) as Array<{ value: Array<{ address: string }> }>;
  return list.flatMap((o) => o.value.map((a) => a.address));
};

describe.skipIf(skip !== null)('outbound email from a customer profile', () => {
  it('sends a fresh mail with the token to the customer; the reply (In-Reply-To only) threads into the same conversation', async () => {
    h = await startEmailHarness();
    const customerId = await fileCustomer(h.t, 'Carol', [{ kind: 'email', value: 'carol@customer.example' }]);
    const ann = await h.t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    const conversation = await ann.ok('conversation/startOutbound', { customerId, channel: 'email', subject: 'Your delivery' });
    expect(conversation).toMatchObject({
      state: 'active',
      channel: 'email',
      queueId: 'support',
      subject: 'Your delivery',
      threadKey: null,
    });
    expect((await ann.ok('session/me', {})).agent.load.email).toBe(1);

    const sent = await ann.ok('email/send', { conversationId: conversation.id, mode: 'new', bodyText: 'Your parcel ships Monday.' });
    const [mail] = await h.relay.waitFor(1);
    const p = mail!.parsed;
    expect(p.subject).toBe(`Your delivery [#SB-${conversation.id}]`);
    expect(p.inReplyTo).toBeUndefined();
    expect(addrs(p.to)).toEqual(['carol@customer.example']);
    expect(addrs(p.from)).toEqual(['support@example.com']);
    expect(p.text).toContain('Your parcel ships Monday.');
    const done = await ann.waitFor('message/new', (m) => m.id === sent.message.id && m.status === 'sent', 10_000);
    expect((done.meta.email as { mode: string }).mode).toBe('new');

    // The customer's client drops our token from the subject: the In-Reply-To header alone threads it.
    await h.imap.append(
      'INBOX',
      customerMail({ subject: 'Re: Your delivery', body: 'Monday is fine.', extra: `In-Reply-To: ${p.messageId!}` }),
    );
    const reply = await ann.waitFor('message/new', (m) => m.direction === 'in', 10_000);
    expect(reply.conversationId).toBe(conversation.id);
    expect(ann.received('offer/new')).toEqual([]);

    // Now there is a mail to answer: an ordinary reply carries the threading headers.
    await ann.ok('email/send', { conversationId: conversation.id, mode: 'reply', bodyText: 'Noted.', quote: false });
    const [, second] = await h.relay.waitFor(2);
    expect(second!.parsed.inReplyTo).toBe(`<${(reply.meta.email as { messageId: string }).messageId}>`);
  });

  it('message/send on a new outbound email conversation also sends a fresh mail; a customer without email is refused', async () => {
    h = await startEmailHarness();
    const customerId = await fileCustomer(h.t, 'Dan', [{ kind: 'email', value: 'dan@customer.example' }]);
    const phoneOnly = await fileCustomer(h.t, 'Eve', [{ kind: 'phone', value: '+15557654321' }]);
    const ann = await h.t.connect('ann', 'ann-password');
    const refused = await ann.command('conversation/startOutbound', { customerId: phoneOnly, channel: 'email' });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('invalid_input');
    const conversation = await ann.ok('conversation/startOutbound', { customerId, channel: 'email' });
    await ann.ok('message/send', { conversationId: conversation.id, bodyText: 'Checking in.' });
    const [mail] = await h.relay.waitFor(1);
    expect(addrs(mail!.parsed.to)).toEqual(['dan@customer.example']);
    expect(mail!.parsed.subject).toContain(`[#SB-${conversation.id}]`);
  });
});

describe('outbound email without an email module', () => {
  it('is channel_unavailable even though a queue serves email', async () => {
    bare = await startTestHub();
    await seed(bare, [{ username: 'ann' }]);
    const customerId = await fileCustomer(bare, 'Carol', [{ kind: 'email', value: 'carol@customer.example' }]);
    const ann = await bare.connect('ann', 'ann-password');
    const r = await ann.command('conversation/startOutbound', { customerId, channel: 'email' });
    expect(r.ok ? 'ok' : r.error.code).toBe('channel_unavailable');
  });
});
