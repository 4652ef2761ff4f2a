import { describe, expect, it } from 'vitest';
import { fileCustomer } from '../support/outbound';
import { api, createKey } from '../support/platform';
import { twilioHubs } from '../support/twilioHub';
import { ACCOUNT_SID, SUPPORT_NUMBER, postWebhook, sid } from '../support/twilioFake';
import { until } from '../support/until';

const CUSTOMER = '+15557654321';
const startHub = twilioHubs();

describe('public API: outbound through the desk path', () => {
  it('starts an SMS conversation held by the agent, texts from the queue number, threads the reply, and honours STOP', async () => {
    const { t, fake } = await startHub([{ username: 'ann' }]);
    const admin = await t.admin();
    const key = (await createKey(admin, ['messages:write', 'conversations:read'])).secret;
    const ann = t.hub.center.agentByUsername('ann')!;
    const customerId = await fileCustomer(t, 'Carol', [{ kind: 'phone', value: CUSTOMER }]);

    const created = await api(t, key, 'POST', '/conversations', { customerId, channel: 'sms', agentId: ann.id });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      state: 'active',
      channel: 'sms',
      assignedAgentId: ann.id,
      threadKey: `sms:${CUSTOMER}:${SUPPORT_NUMBER}`,
    });
    const conversationId = (created.body as { id: number }).id;
    // The desk's refusals, too: no phone number on file.
    const noPhone = await fileCustomer(t, 'Dan', [{ kind: 'email', value: 'dan@example.com' }]);
    expect(await api(t, key, 'POST', '/conversations', { customerId: noPhone, channel: 'sms', agentId: ann.id })).toMatchObject({
      status: 400,
      body: { code: 'invalid_input' },
    });

    const sent = await api(t, key, 'POST', `/conversations/${conversationId}/messages`, { bodyText: 'Your order is ready.' });
    expect(sent).toMatchObject({ status: 201, body: { direction: 'out', authorAgentId: ann.id } });
    const [request] = await until(() => {
      const found = fake.find('POST', /\/Messages\.json$/);
      return found.length === 1 ? found : undefined;
    });
    expect(request!.form).toMatchObject({ To: CUSTOMER, From: SUPPORT_NUMBER, Body: 'Your order is ready.' });
    // Longer than an SMS may be: refused by the SMS command's own limit.
    expect((await api(t, key, 'POST', `/conversations/${conversationId}/messages`, { bodyText: 'x'.repeat(2000) })).status).toBe(400);

    // The customer texts STOP: the API may no longer text them, exactly like the desk.
    const stop = await postWebhook(t.hub.url, '/twilio/sms/inbound', {
      MessageSid: sid('SM'),
      AccountSid: ACCOUNT_SID,
      From: CUSTOMER,
      To: SUPPORT_NUMBER,
      Body: 'STOP',
      NumMedia: '0',
    });
    expect(stop.status).toBe(200);
    const refused = await until(async () => {
      const r = await api(t, key, 'POST', `/conversations/${conversationId}/messages`, { bodyText: 'One more thing' });
      return r.status === 409 ? r : undefined;
    });
    expect(refused.body).toMatchObject({ code: 'conflict', message: expect.stringContaining('opted_out') });
    expect(fake.find('POST', /\/Messages\.json$/)).toHaveLength(1);
    const thread = await api(t, key, 'GET', `/conversations/${conversationId}/messages`);
    expect((thread.body as { items: Array<{ direction: string; bodyText: string }> }).items.map((m) => [m.direction, m.bodyText])).toEqual([
      ['out', 'Your order is ready.'],
      ['in', 'STOP'],
    ]);
  });
});
