import { describe, expect, it } from 'vitest';
import { FencedOffers, type OfferGate } from '../../../services/hub/center/fencedOffers';
import type { ActiveOffer } from '../../../services/routing/types';

// The gate is an in-memory stand-in for cluster_offer (the real table is tested in
// tests/integration/cluster-fence.test.ts and cluster-deposed.test.ts); here only the ordering and
// batching of FencedOffers are checked.
function memoryGate(): OfferGate & { rows: Set<number>; calls: string[]; current: boolean; hold: Promise<void> | null } {
  const gate = {
    rows: new Set<number>(),
    calls: [] as string[],
    current: true,
    hold: null as Promise<void> | null,
    async claim(claims: readonly Readonly<{ conversationId: number; agentId: number }>[]) {
      gate.calls.push(`claim ${claims.map((c) => c.conversationId).join(',')}`);
      if (gate.hold) await gate.hold;
      const claimed = new Set<number>();
      if (gate.current)
        for (const c of claims)
          if (!gate.rows.has(c.conversationId)) {
            gate.rows.add(c.conversationId);
            claimed.add(c.conversationId);
          }
      return { current: gate.current, claimed };
    },
    async release(ids: readonly number[]) {
      gate.calls.push(`release ${ids.join(',')}`);
      for (const id of ids) gate.rows.delete(id);
    },
  };
  return gate;
}

let seq = 0;
function offerOf(conversationId: number, agentId = 1): ActiveOffer {
  seq += 1;
  return {
    offerId: `o${seq}`,
    agentId,
    offeredAt: 0,
    expiresAt: 1,
    reason: 'queue',
    item: {
      conversationId,
      queueId: 'support',
      channel: 'chat',
      priority: 0,
      enqueuedAt: 0,
      stickyAgentId: null,
      targetAgentId: null,
      transferNote: null,
      declinedUntil: null,
    },
  };
}

function harness(gate: OfferGate) {
  const shown: number[] = [];
  const refused: number[] = [];
  let deposed = 0;
  const fence = new FencedOffers(gate, {
    show: (o) => shown.push(o.item.conversationId),
    refused: (os) => refused.push(...os.map((o) => o.item.conversationId)),
    deposed: () => {
      deposed += 1;
    },
  });
  return { fence, shown, refused, deposed: () => deposed };
}

describe('FencedOffers: an offer is shown only once the database has it as this router’s', () => {
  it('offers decided while a claim is in flight are claimed together in one statement', async () => {
    const gate = memoryGate();
    let open!: () => void;
    gate.hold = new Promise((r) => (open = r));
    const h = harness(gate);
    h.fence.offer(offerOf(1));
    for (let id = 2; id <= 6; id += 1) h.fence.offer(offerOf(id));
    expect(h.shown).toEqual([]);
    open();
    gate.hold = null;
    await h.fence.settled();
    expect(gate.calls).toEqual(['claim 1', 'claim 2,3,4,5,6']);
    expect(h.shown).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('an offer that ends before its claim came back is never shown, and its row is released', async () => {
    const gate = memoryGate();
    let open!: () => void;
    gate.hold = new Promise((r) => (open = r));
    const h = harness(gate);
    const offer = offerOf(10);
    h.fence.offer(offer);
    expect(h.fence.ended(offer)).toBe(false);
    open();
    await h.fence.settled();
    expect(h.shown).toEqual([]);
    expect(gate.rows.has(10)).toBe(false);
  });

  it('a shown offer that ends is released before the same contact is claimed again', async () => {
    const gate = memoryGate();
    const h = harness(gate);
    const first = offerOf(20, 1);
    h.fence.offer(first);
    await h.fence.settled();
    expect(h.fence.ended(first)).toBe(true);
    h.fence.offer(offerOf(20, 2));
    await h.fence.settled();
    expect(gate.calls).toEqual(['claim 20', 'release 20', 'claim 20']);
    expect(h.shown).toEqual([20, 20]);
  });

  it('a contact held by another router is refused (taken back unseen); a newer epoch deposes this router', async () => {
    const gate = memoryGate();
    gate.rows.add(30);
    const h = harness(gate);
    const held = offerOf(30);
    h.fence.offer(held);
    await h.fence.settled();
    expect(h.refused).toEqual([30]);
    // Its end is bookkeeping: nothing to push or store.
    expect(h.fence.ended(held)).toBe(false);
    gate.current = false;
    h.fence.offer(offerOf(31));
    await h.fence.settled();
    expect(h.shown).toEqual([]);
    expect(h.deposed()).toBe(1);
  });

  it('a claim that fails is never shown: the offers are taken back', async () => {
    const gate: OfferGate = { ...memoryGate(), claim: () => Promise.reject(new Error('connection lost')) };
    const h = harness(gate);
    h.fence.offer(offerOf(40));
    await h.fence.settled();
    expect(h.shown).toEqual([]);
    expect(h.refused).toEqual([40]);
  });
});
