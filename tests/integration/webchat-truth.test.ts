import { afterEach, describe, expect, it } from 'vitest';
import type { AgentClient } from '../support/agentClient';
import { seed, startTestHub, type TestHub } from '../support/testHub';
import { VisitorClient } from '../support/visitorClient';

let t: TestHub | undefined;
const visitors: VisitorClient[] = [];
afterEach(async () => {
  for (const v of visitors.splice(0)) v.close();
  await t?.stop();
  t = undefined;
});

async function setup(): Promise<{ t: TestHub; ann: AgentClient; sue: AgentClient; visitor: VisitorClient }> {
  t = await startTestHub({ webchat: { abandonAfterDisconnectMs: 60_000 } });
  await seed(t, [{ username: 'ann' }, { username: 'sue', role: 'supervisor' }]);
  const ann = await t.connect('ann', 'ann-password');
  const sue = await t.connect('sue', 'sue-password');
  await ann.ok('presence/set', { presence: 'available' });
  const visitor = await VisitorClient.connect(t.hub.url);
  visitors.push(visitor);
  return { t, ann, sue, visitor };
}

describe('web chat state, both sides', () => {
  it('offers the customer the visitor claims to be as a suggestion, and never merges on the claim', async () => {
    const { t, ann, visitor } = await setup();
    // Dana is known by email from an earlier contact.
    const earlier = await t.hub.center.ingest({
      channel: 'email',
      providerId: '<earlier@example.com>',
      from: { kind: 'email', value: 'dana@example.com', displayName: 'Dana Whitfield' },
      queueId: 'support',
      bodyText: 'an older email',
      routable: false,
    });
    await visitor.ok('chat/start', { queueId: 'support', name: 'Dana', email: 'Dana@Example.com' });
    await visitor.ok('message/send', { clientId: 'v-00000001', text: 'Is my refund through?' });
    const offer = await ann.waitFor('offer/new', (o) => o.channel === 'chat');
    expect(offer.customer.displayName).toBe('Dana');
    const changed = await ann.waitFor('customer/changed', (c) => c.customerIds.includes(offer.customer.id));
    expect(changed.customerIds).toContain(earlier.conversation.customerId);
    const suggestions = await ann.ok('customer/suggestions', { customerId: offer.customer.id, status: 'open', limit: 20 });
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]!.reason).toBe('web chat pre-chat form: the visitor typed the email address dana@example.com (not verified)');
    // What the visitor typed rides on the first line, marked unverified; the records stay apart.
    const conversation = await ann.ok('offer/accept', { offerId: offer.offerId });
    const loaded = await ann.ok('conversation/get', { conversationId: conversation.id });
    expect(loaded.messages[0]!.meta.prechat).toEqual({ name: 'Dana', email: 'dana@example.com', phone: null, verified: false });
    expect(conversation.customerId).not.toBe(earlier.conversation.customerId);
    const profile = await ann.ok('customer/get', { customerId: offer.customer.id });
    expect(profile.customer.identities.map((i) => i.kind)).toEqual(['chat']);
  });

  it('ends the chat on both sides: an event line for the agent, the visitor reads their own act, a late reply is not delivered', async () => {
    const { ann, sue, visitor } = await setup();
    const session = await visitor.ok('chat/start', { queueId: 'support', name: 'Pat' });
    await visitor.ok('message/send', { clientId: 'v-00000001', text: 'hello' });
    const offer = await ann.waitFor('offer/new', (o) => o.channel === 'chat');
    const conversation = await ann.ok('offer/accept', { offerId: offer.offerId });

    // The supervisor's whisper names them; it is a note only the agent sees.
    await sue.ok('supervisor/whisper', { conversationId: conversation.id, text: 'offer the voucher' });
    const whisper = await ann.waitFor('message/new', (m) => m.bodyText === 'offer the voucher');
    expect(whisper).toMatchObject({ direction: 'note', meta: { kind: 'whisper', byName: 'SUE' } });

    const ended = await visitor.ok('chat/end', {});
    expect(ended.state).toBe('ended');
    const event = await ann.waitFor('message/new', (m) => m.meta.system === 'ended');
    expect(event.bodyText).toBe('The visitor ended the chat.');
    const resumed = await visitor.ok('session/resume', { token: session.token });
    expect(resumed.messages.filter((m) => m.from === 'system').map((m) => m.text)).toEqual(['You ended the chat.']);
    expect(resumed.messages.some((m) => m.text === 'offer the voucher')).toBe(false);

    const late = await ann.ok('message/send', { conversationId: conversation.id, bodyText: 'are you still there?' });
    const failed = await ann.waitFor('message/new', (m) => m.id === late.id && m.status === 'failed');
    expect(failed.meta.error).toBe('the visitor ended the chat');
  });
});
