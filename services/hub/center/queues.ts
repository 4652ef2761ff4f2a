import type { Queue, QueueStats } from '../../contracts';
import type { Router } from '../../routing/router';
import type { HeldConversations } from './held';
import type { AgentRoster } from './roster';

/** The queues the hub serves, in memory, and their live figures. */
export class QueueDirectory {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly router: Router,
    private readonly roster: AgentRoster,
    private readonly held: HeldConversations,
  ) {}

  set(queue: Queue): void {
    this.queues.set(queue.id, queue);
  }

  get(queueId: string): Queue | undefined {
    return this.queues.get(queueId);
  }

  has(queueId: string): boolean {
    return this.queues.has(queueId);
  }

  list(): Queue[] {
    return [...this.queues.values()];
  }

  /**
   * Pushed to supervisors every 50 ms of activity and to every agent each second: one pass over the agents'
   * states (no snapshots) counted per shared list of served queues, one over held conversations and one
   * over offers, never agents x queues.
   */
  stats(): QueueStats[] {
    const byServed = new Map<readonly string[], { available: number; busy: number; away: number }>();
    for (const [agentId, state] of this.roster.onlineStates(this.held.agentsInWrapUp())) {
      const served = this.router.servedQueues(agentId);
      let counts = byServed.get(served);
      if (!counts) byServed.set(served, (counts = { available: 0, busy: 0, away: 0 }));
      if (state === 'available') counts.available += 1;
      else if (state === 'busy' || state === 'wrap_up') counts.busy += 1;
      else counts.away += 1;
    }
    const agents = new Map<string, { available: number; busy: number; away: number }>();
    for (const [served, counts] of byServed) {
      for (const queueId of served) {
        const q = agents.get(queueId) ?? { available: 0, busy: 0, away: 0 };
        q.available += counts.available;
        q.busy += counts.busy;
        q.away += counts.away;
        agents.set(queueId, q);
      }
    }
    const active = this.held.countsByQueue();
    const offered = this.router.offeredCounts();
    return [...this.queues.values()].map((queue) => {
      const counts = agents.get(queue.id);
      return {
        queueId: queue.id,
        waiting: this.router.waitingIn(queue.id).length,
        oldestWaitingSince: this.router.oldestWaitingSince(queue.id),
        offered: offered.get(queue.id) ?? 0,
        active: active.get(queue.id) ?? 0,
        agentsAvailable: counts?.available ?? 0,
        agentsBusy: counts?.busy ?? 0,
        agentsAway: counts?.away ?? 0,
      };
    });
  }
}
