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
   * Pushed to supervisors every 50 ms of activity and to every agent each second, so one pass over the
   * agents' states (no snapshots), one over held conversations and one over offers, not one per queue.
   */
  stats(): QueueStats[] {
    const online = this.roster.onlineStates(this.held.agentsInWrapUp());
    const active = this.held.countsByQueue();
    const offered = this.router.offeredCounts();
    return [...this.queues.values()].map((queue) => {
      let agentsAvailable = 0;
      let agentsBusy = 0;
      let agentsAway = 0;
      for (const [agentId, state] of online) {
        if (!this.router.canAgentServe(agentId, queue.id)) continue;
        if (state === 'available') agentsAvailable += 1;
        else if (state === 'busy' || state === 'wrap_up') agentsBusy += 1;
        else agentsAway += 1;
      }
      return {
        queueId: queue.id,
        waiting: this.router.waitingIn(queue.id).length,
        oldestWaitingSince: this.router.oldestWaitingSince(queue.id),
        offered: offered.get(queue.id) ?? 0,
        active: active.get(queue.id) ?? 0,
        agentsAvailable,
        agentsBusy,
        agentsAway,
      };
    });
  }
}
