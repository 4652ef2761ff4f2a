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

  stats(): QueueStats[] {
    const snapshots = this.roster.snapshots(this.held.agentsInWrapUp());
    return [...this.queues.values()].map((queue) => {
      const waiting = this.router.waitingIn(queue.id);
      const active = this.held.countInQueue(queue.id);
      const serving = snapshots.filter((a) => this.router.canAgentServe(a.id, queue.id));
      return {
        queueId: queue.id,
        waiting: waiting.length,
        oldestWaitingSince: this.router.oldestWaitingSince(queue.id),
        offered: this.router.offeredCount(queue.id),
        active,
        agentsAvailable: serving.filter((a) => a.state === 'available').length,
        agentsBusy: serving.filter((a) => a.state === 'busy' || a.state === 'wrap_up').length,
        agentsAway: serving.filter((a) => a.state === 'away' || a.state === 'away_missed').length,
      };
    });
  }
}
