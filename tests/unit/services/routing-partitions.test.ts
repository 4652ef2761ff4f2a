import { describe, expect, it } from 'vitest';
import { partitionOf, type ClusterConfig } from '../../../services/cluster/config';
import { defaultCapacity, type Queue } from '../../../services/contracts';
import { agentPartition } from '../../../services/routing/partitions';
import { Router } from '../../../services/routing/router';
import type { RoutingEffect } from '../../../services/routing/types';

const queue = (id: string, skills: Record<string, number> = {}): Queue => ({
  id,
  name: id,
  channels: ['voice', 'sms', 'email', 'chat'],
  skills,
  slaSeconds: 60,
  priority: 0,
  slTargetPercent: 80,
  shortAbandonSeconds: 5,
});

// sales and billing in partition 0, support in partition 1; queues not named fall in partition 0.
const cluster = { partitions: [['sales', 'billing'], ['support']], lockRetryMs: 300, heartbeatMs: 1000 } satisfies ClusterConfig;
const of = (queueId: string): number => partitionOf(cluster, queueId);
const queues = [
  queue('sales', { sales: 1 }),
  queue('billing', { billing: 1 }),
  queue('support', { support: 1 }),
  queue('other', { other: 1 }),
];

describe('an agent belongs to the partition of her first queue', () => {
  const cases: Array<{ name: string; skills: Record<string, number>; partition: number }> = [
    { name: 'serves only a partition-1 queue', skills: { support: 1 }, partition: 1 },
    { name: 'serves queues of both: the first partition in config order wins', skills: { support: 1, billing: 1 }, partition: 0 },
    { name: 'serves a queue no partition names (the default partition)', skills: { other: 1 }, partition: 0 },
    { name: 'serves no queue at all', skills: { nothing: 1 }, partition: 0 },
    { name: 'skill level too low for the partition-0 queue', skills: { sales: 0, support: 2 }, partition: 1 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(agentPartition(c.skills, queues, of)).toBe(c.partition);
    });
  }

  it('a queue with no skills required is served by everyone: its partition is every agent’s candidate', () => {
    expect(agentPartition({ support: 1 }, [queue('support', { support: 1 }), queue('open-to-all')], of)).toBe(0);
    expect(agentPartition({ support: 1 }, [queue('support', { support: 1 })], of)).toBe(1);
  });
});

let seq = 0;
function partitionedRouter(hosted: readonly number[]): Router {
  seq = 0;
  const router = new Router({}, () => `o${++seq}`);
  router.partitionBy(of);
  for (const q of queues) router.upsertQueue(q, 0);
  for (const p of hosted) router.hostPartition(p);
  return router;
}

function available(router: Router, id: number, skills: Record<string, number>): RoutingEffect[] {
  router.upsertAgent({ id, skills, capacity: defaultCapacity, presence: 'offline', connected: true }, 0);
  return router.setPresence(id, 'available', 0);
}

const offered = (effects: readonly RoutingEffect[]) =>
  effects.flatMap((e) => (e.type === 'offer' ? [[e.offer.agentId, e.offer.item.conversationId]] : []));

describe('Router with partitions', () => {
  it('offers an agent only work of her own partition, even when one router hosts both', () => {
    const router = partitionedRouter([0, 1]);
    // Agent 1 serves billing (partition 0) and support (partition 1): she is partition 0's.
    available(router, 1, { billing: 1, support: 1 });
    expect(offered(router.enqueue({ conversationId: 10, queueId: 'support', channel: 'chat', priority: 0, enqueuedAt: 0 }, 0))).toEqual([]);
    expect(offered(available(router, 2, { support: 1 }))).toEqual([[2, 10]]);
    expect(offered(router.enqueue({ conversationId: 11, queueId: 'billing', channel: 'chat', priority: 0, enqueuedAt: 0 }, 0))).toEqual([
      [1, 11],
    ]);
    expect(router.canAgentServe(1, 'support')).toBe(false);
    expect(router.canAgentServe(1, 'billing')).toBe(true);
    expect(router.servedQueues(1)).toEqual(['billing']);
  });

  it('keeps no contact of a partition it does not host', () => {
    const router = partitionedRouter([0]);
    available(router, 2, { support: 1 });
    expect(router.enqueue({ conversationId: 20, queueId: 'support', channel: 'chat', priority: 0, enqueuedAt: 0 }, 0)).toEqual([]);
    expect(router.isWaiting(20)).toBe(false);
    expect(router.hostsQueue('support')).toBe(false);
    expect(router.hostsQueue('sales')).toBe(true);
  });

  it('a contact moved to a queue of a partition it does not host leaves it, its offer revoked', () => {
    const router = partitionedRouter([0]);
    available(router, 1, { sales: 1 });
    expect(offered(router.enqueue({ conversationId: 30, queueId: 'sales', channel: 'chat', priority: 0, enqueuedAt: 0 }, 0))).toEqual([
      [1, 30],
    ]);
    const effects = router.requeue(30, { queueId: 'support' }, 1);
    expect(effects.filter((e) => e.type === 'revoke').map((e) => (e.type === 'revoke' ? e.reason : null))).toEqual(['moved']);
    expect(router.isWaiting(30)).toBe(false);
    expect(router.isOffered(30)).toBe(false);
    expect(router.agent(1)?.load.chat).toBe(0);
  });

  it('dropping a partition forgets its contacts, offers and agents only', () => {
    const router = partitionedRouter([0, 1]);
    available(router, 1, { sales: 1 });
    available(router, 2, { support: 1 });
    router.enqueue({ conversationId: 40, queueId: 'sales', channel: 'chat', priority: 0, enqueuedAt: 0 }, 0);
    router.enqueue({ conversationId: 41, queueId: 'support', channel: 'chat', priority: 0, enqueuedAt: 0 }, 0);
    router.enqueue({ conversationId: 42, queueId: 'sales', channel: 'chat', priority: 0, enqueuedAt: 0 }, 0);
    router.enqueue({ conversationId: 43, queueId: 'support', channel: 'chat', priority: 0, enqueuedAt: 0 }, 0);
    expect(router.isOffered(40) && router.isOffered(41)).toBe(true);
    router.dropPartition(1);
    expect(router.hostedPartitions()).toEqual([0]);
    // Partition 0 untouched: its offer and its waiting contact.
    expect(router.isOffered(40)).toBe(true);
    expect(router.isWaiting(42)).toBe(true);
    expect(router.offersOf(1)).toHaveLength(1);
    // Partition 1 forgotten: no offer, nothing waiting, its agent idle and not connected.
    expect(router.isOffered(41) || router.isWaiting(43)).toBe(false);
    expect(router.offersOf(2)).toEqual([]);
    expect(router.agent(2)).toMatchObject({ connected: false, pendingOfferId: null, load: { voice: 0, chat: 0, email: 0, sms: 0 } });
  });

  it('an agent whose skills change moves to the partition of her new first queue', () => {
    const router = partitionedRouter([0, 1]);
    available(router, 3, { support: 1 });
    expect(router.partitionOfAgent(3)).toBe(1);
    router.upsertAgent({ id: 3, skills: { support: 1, sales: 1 }, capacity: defaultCapacity }, 0);
    expect(router.partitionOfAgent(3)).toBe(0);
  });

  it('without partitions everything is partition 0 and every queue is hosted', () => {
    const router = new Router();
    for (const q of queues) router.upsertQueue(q, 0);
    available(router, 1, { billing: 1, support: 1 });
    expect(router.partitioned).toBe(false);
    expect(router.partitionOfAgent(1)).toBe(0);
    expect(router.hostsQueue('support')).toBe(true);
    expect(offered(router.enqueue({ conversationId: 50, queueId: 'support', channel: 'chat', priority: 0, enqueuedAt: 0 }, 0))).toEqual([
      [1, 50],
    ]);
  });
});
