import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { updateConversation } from '../../services/store/repos/conversations';
import type { AgentClient } from '../support/agentClient';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';

// Team mode's adoption (services/hub/center/adoption.ts) on one hub: the router's rebuild is the same code
// on SQLite, and a database row can be set to what a read overlapping an accept or close would have seen.
let t: TestHub;
let ann: AgentClient;

beforeEach(async () => {
  t = await startTestHub();
  await seed(t, [{ username: 'ann' }]);
  // What a hub that takes over routing does; from here on reads are checked against what the router moved.
  await t.hub.center.takeOverRouting();
  ann = await t.connect('ann', 'ann-password');
  await ann.ok('presence/set', { presence: 'available' });
});

afterEach(async () => {
  ann.close();
  await t.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A contact offered to Ann, accepted and closed: the router has moved it twice just now. */
async function servedContact(): Promise<number> {
  const offer = ann.waitFor('offer/new', () => true, 5000);
  const { conversation } = await t.hub.center.ingest(chatEvent());
  await ann.ok('offer/accept', { offerId: (await offer).offerId });
  await ann.ok('conversation/close', { conversationId: conversation.id, disposition: 'resolved' });
  return conversation.id;
}

describe('router adoption of contacts committed elsewhere', () => {
  it('a read that still shows a just-served contact queued does not offer it again', async () => {
    const id = await servedContact();
    // The database as a read that began before the accept's commit saw it.
    await t.hub.store.write((tx) => updateConversation(tx, id, { state: 'queued' }));
    const offers: number[] = [];
    ann.socket.on('offer/new', (o: { conversationId: number }) => offers.push(o.conversationId));
    await t.hub.center.adopt([id]);
    expect(t.hub.center.router.isWaiting(id) || t.hub.center.router.isOffered(id)).toBe(false);
    // The truth lands; the deferred second read sees it.
    await t.hub.store.write((tx) => updateConversation(tx, id, { state: 'closed' }));
    await sleep(1300);
    expect(t.hub.center.router.isWaiting(id) || t.hub.center.router.isOffered(id)).toBe(false);
    expect(offers).not.toContain(id);
  });

  it('a contact held by an agent is never enqueued again, whatever the read says', async () => {
    const offer = ann.waitFor('offer/new', () => true, 5000);
    const { conversation } = await t.hub.center.ingest(chatEvent());
    await ann.ok('offer/accept', { offerId: (await offer).offerId });
    await sleep(1100); // past the horizon: only the holder check stands between the read and a second offer
    await t.hub.store.write((tx) => updateConversation(tx, conversation.id, { state: 'queued' }));
    await t.hub.center.adopt([conversation.id]);
    expect(t.hub.center.router.isWaiting(conversation.id) || t.hub.center.router.isOffered(conversation.id)).toBe(false);
  });

  it('a contact reopened right after its close is adopted once the horizon has passed', async () => {
    const id = await servedContact();
    await t.hub.store.write((tx) => updateConversation(tx, id, { state: 'queued' }));
    const earlier = new Set(ann.received('offer/new').map((o) => o.offerId));
    const offered = ann.waitFor('offer/new', (o) => o.conversationId === id && !earlier.has(o.offerId), 5000);
    const adoptedAt = Date.now();
    await t.hub.center.adopt([id]);
    await offered;
    expect(Date.now() - adoptedAt).toBeGreaterThanOrEqual(900);
  });

  it('a contact the router never moved is adopted at once', async () => {
    await ann.ok('presence/set', { presence: 'away', reason: 'break' });
    const { conversation } = await t.hub.center.ingest(chatEvent());
    // As if another hub committed it: this router does not know it yet.
    t.hub.center.router.remove(conversation.id, 'moved', Date.now());
    await sleep(1100);
    expect(t.hub.center.router.isWaiting(conversation.id)).toBe(false);
    await t.hub.center.adopt([conversation.id]);
    expect(t.hub.center.router.isWaiting(conversation.id)).toBe(true);
  });

  it('an accept sent again (its answer was lost with the old router) gets the same answer, not "no longer open"', async () => {
    const offer = ann.waitFor('offer/new', () => true, 5000);
    const { conversation } = await t.hub.center.ingest(chatEvent());
    const { offerId } = await offer;
    const first = await ann.ok('offer/accept', { offerId });
    // The new router rebuilt from the database: the offer is gone, Ann holds the conversation.
    await t.hub.center.takeOverRouting();
    const again = await ann.command('offer/accept', { offerId });
    expect(again.ok).toBe(true);
    expect(again.ok && again.data.id).toBe(first.id);
    expect(first.id).toBe(conversation.id);
    // Someone else's offer id is still refused.
    const other = await ann.command('offer/accept', { offerId: '00000000-0000-4000-8000-000000000000' });
    expect(other.ok).toBe(false);
  });
});
