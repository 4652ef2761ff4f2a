import { describe, expect, it } from 'vitest';
import type { CommandInput, QueueInput } from '../../services/contracts';
import type { AgentClient } from '../support/agentClient';
import { eventsForConversation } from '../../services/store/repos/events';
import { fileCustomer } from '../support/outbound';
import { supportQueue } from '../support/testHub';
import { twilioHubs } from '../support/twilioHub';
import { ACCOUNT_SID, SUPPORT_NUMBER, postWebhook, sid } from '../support/twilioFake';
import { until } from '../support/until';

const CUSTOMER = '+15557654321';
const chatOnly: QueueInput = { ...supportQueue, id: 'chatdesk', name: 'Chat desk', channels: ['chat'] };

const startHub = twilioHubs();

async function setup(twilio: boolean) {
  const { t, fake } = await startHub([{ username: 'ann' }, { username: 'bob' }], {}, { queues: [supportQueue, chatOnly], twilio });
  const ann = await t.connect('ann', 'ann-password');
  await ann.ok('presence/set', { presence: 'available' });
  return { t, fake, ann };
}

describe('outbound SMS from a customer profile', () => {
  it('opens an active conversation held by the caller, sends from the queue number, and threads the reply into it', async () => {
    const { t, fake, ann } = await setup(true);
    const customerId = await fileCustomer(t, 'Carol', [{ kind: 'phone', value: CUSTOMER }]);
    const conversation = await ann.ok('conversation/startOutbound', { customerId, channel: 'sms' });
    expect(conversation).toMatchObject({
      state: 'active',
      channel: 'sms',
      queueId: 'support',
      customerId,
      threadKey: `sms:${CUSTOMER}:${SUPPORT_NUMBER}`,
      enqueuedAt: null,
    });
    expect(conversation.lastAgentId).toBe(conversation.assignedAgentId);
    await ann.waitFor('conversation/updated', (c) => c.id === conversation.id && c.state === 'active');
    // It is the agent's work: load counts it, so routing offers them less.
    const me = await ann.ok('session/me', {});
    expect(me.agent.load.sms).toBe(1);
    expect(me.agent.state).toBe('busy');
    expect((await ann.ok('conversation/mine', {})).conversations.map((c) => c.id)).toContain(conversation.id);

    const sent = await ann.ok('sms/send', { conversationId: conversation.id, bodyText: 'Your order is ready.' });
    const [create] = await until(() => {
      const found = fake.find('POST', /\/Messages\.json$/);
      return found.length === 1 ? found : undefined;
    });
    expect(create!.form).toMatchObject({ To: CUSTOMER, From: SUPPORT_NUMBER, Body: 'Your order is ready.' });
    await ann.waitFor('message/new', (m) => m.id === sent.id && typeof m.meta.sid === 'string');

    // The customer answers: a signed webhook lands in the same conversation, with no new offer.
    const reply = await postWebhook(t.hub.url, '/twilio/sms/inbound', {
      MessageSid: sid('SM'),
      AccountSid: ACCOUNT_SID,
      From: CUSTOMER,
      To: SUPPORT_NUMBER,
      Body: 'Thanks, on my way',
      NumMedia: '0',
    });
    expect(reply.status).toBe(200);
    const inbound = await ann.waitFor('message/new', (m) => m.direction === 'in');
    expect(inbound.conversationId).toBe(conversation.id);
    expect(ann.received('offer/new')).toEqual([]);

    // conversation/created is marked outbound and no conversation/accepted is written (not an answered contact).
    const types = (await eventsForConversation(t.hub.store, conversation.id)).map((e) => ({ type: e.type, data: e.data }));
    expect(types[0]).toMatchObject({ type: 'conversation/created', data: { outbound: true } });
    expect(types.map((e) => e.type)).not.toContain('conversation/accepted');
    expect(types.map((e) => e.type)).not.toContain('conversation/queued');

    // Asking again while the caller holds the thread returns the same conversation; closing frees the load.
    expect((await ann.ok('conversation/startOutbound', { customerId, channel: 'sms' })).id).toBe(conversation.id);
    await ann.ok('conversation/close', { conversationId: conversation.id, disposition: me.dispositions[0]! });
    expect((await ann.ok('session/me', {})).agent.load.sms).toBe(0);
  });

  it('refuses unknown customers, customers without a phone, queues not serving SMS, and a thread another agent holds', async () => {
    const { t, ann } = await setup(true);
    const noPhone = await fileCustomer(t, 'Dan', [{ kind: 'email', value: 'dan@customer.example' }]);
    const withPhone = await fileCustomer(t, 'Eve', [{ kind: 'phone', value: CUSTOMER }]);
    const code = async (input: CommandInput<'conversation/startOutbound'>, who: AgentClient = ann) => {
      const r = await who.command('conversation/startOutbound', input);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(await code({ customerId: 999_999, channel: 'sms' })).toBe('not_found');
    expect(await code({ customerId: noPhone, channel: 'sms' })).toBe('invalid_input');
    expect(await code({ customerId: withPhone, channel: 'sms', queueId: 'chatdesk' })).toBe('invalid_input');
    expect(await code({ customerId: withPhone, channel: 'sms', queueId: 'nosuch' })).toBe('not_found');
    expect(await code({ customerId: withPhone, channel: 'fax' as 'sms' })).toBe('invalid_input');
    expect(await code({ customerId: withPhone, channel: 'sms' })).toBe('ok');
    const bob = await t.connect('bob', 'bob-password');
    expect(await code({ customerId: withPhone, channel: 'sms' }, bob)).toBe('conflict');
    expect((await bob.ok('session/me', {})).agent.load.sms).toBe(0);
  });

  it('says channel_unavailable when the hub has no Twilio config', async () => {
    const { t, ann } = await setup(false);
    const customerId = await fileCustomer(t, 'Carol', [{ kind: 'phone', value: CUSTOMER }]);
    const r = await ann.command('conversation/startOutbound', { customerId, channel: 'sms' });
    expect(r.ok ? 'ok' : r.error.code).toBe('channel_unavailable');
  });
});
