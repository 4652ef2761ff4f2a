import { afterEach, describe, expect, it } from 'vitest';
import { demoTwilioConfig, TwilioStandIn } from '../../services/simulator/twilioStandIn';
import { seed, startTestHub, type TestHub } from '../support/testHub';

let t: TestHub | undefined;
let standIn: TwilioStandIn | undefined;
afterEach(async () => {
  await t?.stop();
  await standIn?.stop();
  t = standIn = undefined;
});

describe('SMS delivery state, live', () => {
  it('turns "queued" into "sent" then "delivered" from signed status callbacks, pushed to the holder', async () => {
    standIn = await TwilioStandIn.start();
    t = await startTestHub({ twilio: demoTwilioConfig(standIn.url) });
    standIn.reportDeliveryTo(t.hub.url);
    await seed(t, [{ username: 'ann' }]);
    const ann = await t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    const { conversation } = await t.hub.center.ingest({
      channel: 'sms',
      providerId: `SM${'ab'.repeat(16)}`,
      from: { kind: 'phone', value: '+15551234567' },
      queueId: 'support',
      bodyText: 'Where is my order?',
    });
    const offer = await ann.waitFor('offer/new');
    await ann.ok('offer/accept', { offerId: offer.offerId });
    const sent = await ann.ok('sms/send', { conversationId: conversation.id, bodyText: 'It ships today.' });
    expect(sent.status).toBe('queued');
    await ann.waitFor('message/new', (m) => m.id === sent.id && m.status === 'sent');
    const delivered = await ann.waitFor('message/new', (m) => m.id === sent.id && m.status === 'delivered', 8000);
    expect(delivered.meta.sid).toMatch(/^SM[0-9a-f]{32}$/);
  });
});
