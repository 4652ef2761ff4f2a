import { Queue as QueueSchema, type AgentSnapshot, type Presence, type Queue, type QueueInput } from '../../contracts';
import type { Router } from '../../routing/router';
import { findAgent, savePresence, setAgentDisabled, upsertAgent, type AgentUpsert, type StoredAgent } from '../../store/repos/agents';
import { appendEvent } from '../../store/repos/events';
import { upsertQueue } from '../../store/repos/queues';
import type { Store } from '../../store/store';
import type { BackgroundWrites } from './background';
import type { RoutingEffects } from './effects';
import type { HeldConversations } from './held';
import type { CenterLifecycle } from './lifecycle';
import type { CenterPushes } from './pushes';
import type { QueueDirectory } from './queues';
import type { AgentRoster } from './roster';

export type StaffingParts = Readonly<{
  store: Store;
  router: Router;
  roster: AgentRoster;
  queues: QueueDirectory;
  held: HeldConversations;
  effects: RoutingEffects;
  pushes: CenterPushes;
  background: BackgroundWrites;
  lifecycle: Pick<CenterLifecycle, 'shuttingDown'>;
  now: () => number;
}>;

/** Who can take work, and where: agents' records, connections and presence, and the queues' definitions. */
export class Staffing {
  constructor(private readonly parts: StaffingParts) {}

  agentConnected(agentId: number): void {
    const { store, router, roster, effects, background, now } = this.parts;
    if (roster.connect(agentId)) {
      background.track(store.write((tx) => appendEvent(tx, { at: now(), type: 'agent/connected', agentId })));
      effects.apply(router.setConnected(agentId, true, now()));
    }
  }

  agentDisconnected(agentId: number): void {
    const { store, router, roster, effects, background, lifecycle, now } = this.parts;
    if (lifecycle.shuttingDown) return;
    if (roster.disconnect(agentId)) {
      background.track(store.write((tx) => appendEvent(tx, { at: now(), type: 'agent/disconnected', agentId })));
      effects.apply(router.setConnected(agentId, false, now()));
    }
  }

  async setPresence(
    agentId: number,
    presence: Exclude<Presence, 'away_missed'> | 'away_missed',
    reason: string | null,
  ): Promise<AgentSnapshot> {
    const { store, router, roster, held, effects } = this.parts;
    const agent = roster.require(agentId);
    const now = this.parts.now();
    const awayReason = presence === 'away' ? reason : presence === 'away_missed' ? 'missed offers' : null;
    await store.write(async (tx) => {
      await savePresence(tx, agentId, presence, awayReason);
      await appendEvent(tx, { at: now, type: 'agent/presence', agentId, data: { presence, reason: awayReason } });
    });
    roster.set({ ...agent, presence, awayReason });
    effects.apply(router.setPresence(agentId, presence, now));
    return roster.snapshot(agentId, held.agentsInWrapUp());
  }

  /** Presence is the agent's own choice: an edit of their record keeps it. */
  async upsertAgent(input: AgentUpsert): Promise<StoredAgent> {
    const { store, router, roster, effects, now } = this.parts;
    const agent = await store.write((tx) => upsertAgent(tx, input, now()));
    const existing = roster.get(agent.id);
    const merged = existing ? { ...agent, presence: existing.presence, awayReason: existing.awayReason } : agent;
    roster.set(merged);
    effects.apply(router.upsertAgent({ id: agent.id, skills: agent.skills, capacity: agent.capacity, presence: merged.presence }, now()));
    return merged;
  }

  /** disabledAt null enables the agent again; the caller ends their sessions. */
  async setAgentDisabled(agentId: number, disabledAt: number | null): Promise<void> {
    const { store, roster } = this.parts;
    await store.write((tx) => setAgentDisabled(tx, agentId, disabledAt));
    roster.set({ ...roster.require(agentId), disabledAt });
  }

  async refreshAgent(agentId: number): Promise<StoredAgent | undefined> {
    const { store, roster } = this.parts;
    const stored = await findAgent(store, agentId);
    if (stored) roster.set(stored);
    return stored;
  }

  async upsertQueue(input: QueueInput): Promise<Queue> {
    const { store, router, queues, effects, pushes, now } = this.parts;
    const queue = QueueSchema.parse(input);
    await store.write((tx) => upsertQueue(tx, queue));
    queues.set(queue);
    effects.apply(router.upsertQueue(queue, now()));
    pushes.scheduleStats();
    return queue;
  }
}
