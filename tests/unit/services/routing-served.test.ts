import { describe, expect, it } from 'vitest';
import { defaultCapacity, type Queue } from '../../../services/contracts';
import { Router } from '../../../services/routing/router';

const queue = (id: string, skills: Record<string, number> = {}): Queue => ({
  id,
  name: id,
  channels: ['chat'],
  skills,
  slaSeconds: 60,
  priority: 0,
  slTargetPercent: 80,
  shortAbandonSeconds: 5,
});

const agent = (router: Router, id: number, skills: Record<string, number>): void =>
  void router.upsertAgent({ id, skills, capacity: defaultCapacity }, 0);

// Queue stats count agents per served-queue list and the board trusts canAgentServe: both are cached, so
// both must follow every change of skills and queues.
describe('Router: which queues an agent serves (cached)', () => {
  it('agents with the same answer share one list, and the lists follow skill and queue changes', () => {
    const router = new Router();
    router.upsertQueue(queue('general'), 0);
    router.upsertQueue(queue('billing', { billing: 2 }), 0);
    agent(router, 1, { billing: 3 });
    agent(router, 2, { billing: 2 });
    agent(router, 3, {});
    expect(router.servedQueues(1)).toEqual(['general', 'billing']);
    expect(router.servedQueues(2)).toBe(router.servedQueues(1));
    expect(router.servedQueues(3)).toEqual(['general']);
    expect(router.canAgentServe(3, 'billing')).toBe(false);

    agent(router, 3, { billing: 5 });
    expect(router.servedQueues(3)).toEqual(['general', 'billing']);
    expect(router.canAgentServe(3, 'billing')).toBe(true);

    router.upsertQueue(queue('billing', { billing: 4 }), 0);
    expect(router.servedQueues(2)).toEqual(['general']);
    expect(router.canAgentServe(2, 'billing')).toBe(false);
    expect(router.servedQueues(3)).toEqual(['general', 'billing']);
  });

  it('unknown agents and queues serve nothing, and are not remembered', () => {
    const router = new Router();
    expect(router.servedQueues(9)).toEqual([]);
    expect(router.canAgentServe(9, 'later')).toBe(false);
    agent(router, 9, {});
    router.upsertQueue(queue('later'), 0);
    expect(router.canAgentServe(9, 'later')).toBe(true);
    expect(router.servedQueues(9)).toEqual(['later']);
  });
});
