import { afterEach, describe, expect, it } from 'vitest';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

// On start the cards of every waiting contact are read in batches (OfferCards.loadMany): each offer made
// after a restart must show the same customer and latest customer text as before it.
describe('hub restart: offer cards of waiting contacts', () => {
  it('rebuilds customer and latest customer text (cut to 200 characters) for each waiting contact', async () => {
    t = await startTestHub();
    await seed(t, [{ username: 'ann' }]);
    const first = await t.hub.center.ingest(chatEvent({ bodyText: 'first words' }));
    await t.hub.center.ingest(chatEvent({ conversationId: first.conversation.id, bodyText: 'second words' }));
    const long = `${'x'.repeat(199)}yz`;
    const second = await t.hub.center.ingest(chatEvent({ bodyText: long }));

    await t.restart();
    const ann = await t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    const offerA = await ann.waitFor('offer/new', (o) => o.conversationId === first.conversation.id);
    expect(offerA.preview).toBe('second words');
    expect(offerA.customer.id).toBe(first.conversation.customerId);
    expect(offerA.customer.identities).toEqual([{ kind: 'email', value: expect.stringMatching(/@example\.com$/) as unknown }]);
    await ann.ok('offer/accept', { offerId: offerA.offerId });

    const offerB = await ann.waitFor('offer/new', (o) => o.conversationId === second.conversation.id);
    expect(offerB.preview).toBe(`${'x'.repeat(199)}y`);
    expect(offerB.customer.id).toBe(second.conversation.customerId);
    expect(offerB.customer.displayName).not.toBe('Unknown');
  });
});
