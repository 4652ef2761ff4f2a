import { HubError, type AgentSnapshot, type AgentState } from '../../contracts';
import type { Router } from '../../routing/router';
import { publicAgent, type StoredAgent } from '../../store/repos/agents';

/**
 * The agents the hub knows, in memory: their stored record, how many sockets each has open, and since
 * when each is in its current state. Snapshots combine these with the router's load.
 */
export class AgentRoster {
  private readonly agents = new Map<number, StoredAgent>();
  private readonly connections = new Map<number, number>();
  private readonly stateSince = new Map<number, { state: AgentState; since: number }>();

  constructor(
    private readonly router: Router,
    private readonly now: () => number,
  ) {}

  get size(): number {
    return this.agents.size;
  }

  get(agentId: number): StoredAgent | undefined {
    return this.agents.get(agentId);
  }

  byUsername(username: string): StoredAgent | undefined {
    for (const agent of this.agents.values()) if (agent.username === username) return agent;
    return undefined;
  }

  has(agentId: number): boolean {
    return this.agents.has(agentId);
  }

  set(agent: StoredAgent): void {
    this.agents.set(agent.id, agent);
  }

  require(agentId: number): StoredAgent {
    const agent = this.agents.get(agentId);
    if (!agent) throw new HubError('not_found', `agent ${agentId} not found`);
    return agent;
  }

  /** Agents with a socket on this hub now. */
  connectedIds(): number[] {
    return [...this.connections].filter(([, n]) => n > 0).map(([id]) => id);
  }

  /** Counts one more socket; true when it is the agent's first (they just came online). */
  connect(agentId: number): boolean {
    const count = (this.connections.get(agentId) ?? 0) + 1;
    this.connections.set(agentId, count);
    return count === 1;
  }

  /** Counts one socket less; true when none is left (they just went offline). */
  disconnect(agentId: number): boolean {
    const count = Math.max(0, (this.connections.get(agentId) ?? 0) - 1);
    this.connections.set(agentId, count);
    return count === 0;
  }

  /** inWrapUp: agents holding a conversation in wrap-up (computed once when snapshotting everyone). */
  snapshot(agentId: number, inWrapUp: ReadonlySet<number>): AgentSnapshot {
    const agent = this.require(agentId);
    const routing = this.router.agent(agentId);
    const connected = (this.connections.get(agentId) ?? 0) > 0;
    const state = this.state(agentId, inWrapUp);
    return {
      ...publicAgent(agent),
      presence: agent.presence,
      awayReason: agent.awayReason,
      state,
      stateSince: this.stateSince.get(agentId)?.since ?? this.now(),
      load: routing ? { ...routing.load } : { voice: 0, chat: 0, email: 0, sms: 0 },
      missedOffers: routing?.missedInRow ?? 0,
      connected,
    };
  }

  snapshots(inWrapUp: ReadonlySet<number>): AgentSnapshot[] {
    return [...this.agents.keys()].map((id) => this.snapshot(id, inWrapUp));
  }

  /** Every agent's id and state (offline included), without building snapshots. */
  states(inWrapUp: ReadonlySet<number>): Array<Pick<AgentSnapshot, 'id' | 'state'>> {
    return [...this.agents.keys()].map((id) => ({ id, state: this.state(id, inWrapUp) }));
  }

  /** The state of every agent who is not offline, without building snapshots (queue stats need only this). */
  onlineStates(inWrapUp: ReadonlySet<number>): Array<readonly [number, Exclude<AgentState, 'offline'>]> {
    const states: Array<readonly [number, Exclude<AgentState, 'offline'>]> = [];
    for (const agentId of this.agents.keys()) {
      const state = this.state(agentId, inWrapUp);
      if (state !== 'offline') states.push([agentId, state]);
    }
    return states;
  }

  /** Also records when the state last changed (the agent grid shows time in state). */
  private state(agentId: number, inWrapUp: ReadonlySet<number>): AgentState {
    const agent = this.agents.get(agentId);
    const routing = this.router.agent(agentId);
    const connected = (this.connections.get(agentId) ?? 0) > 0;
    let state: AgentState;
    if (!agent || !connected || agent.presence === 'offline') state = 'offline';
    else if (agent.presence === 'away' || agent.presence === 'away_missed') state = agent.presence;
    else {
      // The router reserves room for a ringing offer in the load; until it is accepted the agent holds
      // nothing, so an offer alone leaves them available (the desk shows the offer itself).
      const load = routing?.load;
      const held = load ? load.voice + load.chat + load.email + load.sms - this.router.offersOf(agentId).length : 0;
      const busy = held > 0;
      state = inWrapUp.has(agentId) ? 'wrap_up' : busy ? 'busy' : 'available';
    }
    const previous = this.stateSince.get(agentId);
    if (!previous || previous.state !== state) this.stateSince.set(agentId, { state, since: this.now() });
    return state;
  }
}
