import type { ChannelKind, Queue } from '../contracts';
import type { MetricsReport, Occupancy, QueueChannelFigures } from '../contracts/metrics';
import type { EventRow } from '../store/repos/events';
import { addCounters, emptyCounters, toFigures, type Counters } from './figures';

export const BUCKET_MS = 60_000;
export const DAY_MS = 86_400_000;
/**
 * How far behind the fold an event may be stamped and still count as "now". Live events lag by milliseconds
 * (a decision is persisted after its push); an event stamped earlier than this is history being written
 * after the fact (the simulator's backfill, an import) and counts in its own minute.
 */
export const LATE_EVENT_MS = 60_000;

type ConversationState = {
  queuedAt: number | null;
  /** When the contact (or its reopen) entered the queue; a transfer does not move it (FRT is the customer's wait). */
  arrivedAt: number | null;
  awaitingFirstResponse: boolean;
  segment: { agentId: number; startAt: number } | null;
};

type AgentTrack = {
  connected: boolean;
  presence: string;
  load: number;
  since: number;
};

type Bucket = { counters: Map<string, Counters>; busyMs: number; idleMs: number };

const keyOf = (queueId: string, channel: ChannelKind): string => `${queueId}|${channel}`;

/**
 * Every figure in docs/metrics.md, computed by folding the event log in order. The live board and the
 * historical report both use this class over the same events — that is what keeps them equal.
 * Counters land in one-minute buckets by event time, so any window aligned to minutes is a sum of buckets.
 */
export class MetricsAccumulator {
  private readonly conversations = new Map<number, ConversationState>();
  private readonly agents = new Map<number, AgentTrack>();
  private readonly buckets = new Map<number, Bucket>();
  private lastAt = 0;

  constructor(
    private readonly queue: (queueId: string) => Queue | undefined,
    /** Local midnight for a time (day boundaries for "today" and for same-day rules). */
    private readonly dayStart: (at: number) => number = (at) => at - (at % DAY_MS),
  ) {}

  applyAll(events: readonly EventRow[]): void {
    for (const e of events) this.apply(e);
  }

  apply(e: EventRow): void {
    // Events are applied in commit order; `at` may lag by a few ms (decisions persisted after the push), and
    // such an event is counted at the fold's time. History written after the fact keeps its own time: clamped,
    // months of backfill would all count as today's arrivals.
    const history = e.at < this.lastAt - LATE_EVENT_MS;
    const at = history ? e.at : Math.max(e.at, this.lastAt);
    if (!history) this.lastAt = at;
    const counters = e.queueId && e.channel ? this.counters(at, e.queueId, e.channel) : null;
    switch (e.type) {
      case 'hub/started':
        // The hub was down until now: nobody was connected through the gap.
        for (const [agentId, track] of this.agents) this.advance(agentId, track, at, { connected: false });
        break;
      case 'conversation/queued': {
        const reason = e.data.reason;
        const conv = this.conversation(e);
        conv.queuedAt = at;
        if (reason === 'transfer') {
          if (counters) counters.transfersIn += 1;
        } else {
          conv.awaitingFirstResponse = true;
          conv.arrivedAt = at;
          if (counters) {
            counters.arrivals += 1;
            if (reason === 'reopened') counters.reopened += 1;
          }
        }
        break;
      }
      case 'conversation/accepted': {
        const conv = this.conversation(e);
        const waitMs = typeof e.data.waitMs === 'number' ? e.data.waitMs : conv.queuedAt !== null ? at - conv.queuedAt : 0;
        if (counters && e.queueId) {
          counters.answered += 1;
          counters.waitSumMs += waitMs;
          const sla = this.queue(e.queueId)?.slaSeconds ?? Number.POSITIVE_INFINITY;
          if (waitMs <= sla * 1000) counters.answeredInSl += 1;
        }
        if (e.agentId !== null) {
          conv.segment = { agentId: e.agentId, startAt: at };
          this.changeLoad(e.agentId, at, +1);
        }
        break;
      }
      case 'conversation/abandoned': {
        const waitMs = typeof e.data.waitMs === 'number' ? e.data.waitMs : 0;
        const short = (this.queue(e.queueId ?? '')?.shortAbandonSeconds ?? 0) * 1000;
        if (counters) {
          if (waitMs < short) counters.shortAbandoned += 1;
          else counters.abandoned += 1;
        }
        this.conversations.delete(e.conversationId ?? -1);
        break;
      }
      case 'conversation/transferred': {
        const conv = this.conversation(e);
        const fromQueue = typeof e.data.fromQueue === 'string' ? e.data.fromQueue : e.queueId;
        const from = fromQueue && e.channel ? this.counters(at, fromQueue, e.channel) : null;
        if (from) from.transfersOut += 1;
        this.endSegment(conv, at, from);
        break;
      }
      case 'conversation/closed': {
        const conv = this.conversation(e);
        this.endSegment(conv, at, counters);
        this.conversations.delete(e.conversationId ?? -1);
        break;
      }
      case 'message/out': {
        const conv = this.conversation(e);
        if (conv.awaitingFirstResponse && conv.arrivedAt !== null) {
          conv.awaitingFirstResponse = false;
          if (counters && this.dayStart(conv.arrivedAt) === this.dayStart(at)) {
            counters.firstResponses += 1;
            counters.frtSumMs += at - conv.arrivedAt;
          }
        }
        break;
      }
      case 'agent/connected':
        this.advance(e.agentId ?? -1, this.agent(e.agentId ?? -1, at), at, { connected: true });
        break;
      case 'agent/disconnected':
        this.advance(e.agentId ?? -1, this.agent(e.agentId ?? -1, at), at, { connected: false });
        break;
      case 'agent/presence':
        this.advance(e.agentId ?? -1, this.agent(e.agentId ?? -1, at), at, { presence: String(e.data.presence) });
        break;
      default:
        break;
    }
  }

  /** Figures for [from, to), both aligned to minutes; agent time is counted up to `now`. */
  report(from: number, to: number, now: number): MetricsReport {
    const byKey = new Map<string, Counters>();
    let busyMs = 0;
    let idleMs = 0;
    for (const [start, bucket] of this.buckets) {
      if (start < from || start >= to) continue;
      busyMs += bucket.busyMs;
      idleMs += bucket.idleMs;
      for (const [key, c] of bucket.counters) {
        let sum = byKey.get(key);
        if (!sum) byKey.set(key, (sum = emptyCounters()));
        addCounters(sum, c);
      }
    }
    // Time in the current state is not in a bucket yet.
    const end = Math.min(now, to);
    for (const track of this.agents.values()) {
      const kind = stateKind(track);
      const start = Math.max(track.since, from);
      if (kind && end > start) {
        if (kind === 'busy') busyMs += end - start;
        else idleMs += end - start;
      }
    }
    const byQueueChannel: QueueChannelFigures[] = [];
    const byQueueCounters = new Map<string, Counters>();
    for (const [key, c] of [...byKey].sort(([a], [b]) => a.localeCompare(b))) {
      const [queueId = '', channel = 'chat'] = key.split('|');
      byQueueChannel.push({ queueId, channel: channel as ChannelKind, figures: toFigures(c) });
      let q = byQueueCounters.get(queueId);
      if (!q) byQueueCounters.set(queueId, (q = emptyCounters()));
      addCounters(q, c);
    }
    return {
      from,
      to,
      byQueueChannel,
      byQueue: [...byQueueCounters].map(([queueId, c]) => ({ queueId, figures: toFigures(c) })),
      occupancy: occupancy(busyMs, idleMs),
    };
  }

  /** Drops buckets older than `before` (the live board keeps about a day). */
  prune(before: number): void {
    for (const start of this.buckets.keys()) if (start < before) this.buckets.delete(start);
  }

  // ---- internals -----------------------------------------------------------------------------------

  private conversation(e: EventRow): ConversationState {
    const id = e.conversationId ?? -1;
    let conv = this.conversations.get(id);
    if (!conv) this.conversations.set(id, (conv = { queuedAt: null, arrivedAt: null, awaitingFirstResponse: false, segment: null }));
    return conv;
  }

  private endSegment(conv: ConversationState, at: number, counters: Counters | null): void {
    const segment = conv.segment;
    if (!segment) return;
    conv.segment = null;
    // Handle time is counted on the day the segment ends, and only if it started that day too.
    if (counters && this.dayStart(segment.startAt) === this.dayStart(at)) {
      counters.handled += 1;
      counters.handleSumMs += at - segment.startAt;
    }
    this.changeLoad(segment.agentId, at, -1);
  }

  private changeLoad(agentId: number, at: number, delta: number): void {
    const track = this.agent(agentId, at);
    this.advance(agentId, track, at, { load: Math.max(0, track.load + delta) });
  }

  private agent(agentId: number, at: number): AgentTrack {
    let track = this.agents.get(agentId);
    if (!track) this.agents.set(agentId, (track = { connected: false, presence: 'offline', load: 0, since: at }));
    return track;
  }

  /** Books the time since the last change to the agent's state so far, then applies the change. */
  private advance(_agentId: number, track: AgentTrack, at: number, change: Partial<Omit<AgentTrack, 'since'>>): void {
    const kind = stateKind(track);
    if (kind && at > track.since) this.bookTime(kind, track.since, at);
    Object.assign(track, change);
    // Agent time only moves forward: a change stamped in the past (history) must not book that time again.
    track.since = Math.max(track.since, at);
  }

  private bookTime(kind: 'busy' | 'idle', from: number, to: number): void {
    let cursor = from;
    while (cursor < to) {
      const start = cursor - (cursor % BUCKET_MS);
      const end = Math.min(to, start + BUCKET_MS);
      const bucket = this.bucket(start);
      if (kind === 'busy') bucket.busyMs += end - cursor;
      else bucket.idleMs += end - cursor;
      cursor = end;
    }
  }

  private bucket(start: number): Bucket {
    let bucket = this.buckets.get(start);
    if (!bucket) this.buckets.set(start, (bucket = { counters: new Map(), busyMs: 0, idleMs: 0 }));
    return bucket;
  }

  private counters(at: number, queueId: string, channel: ChannelKind): Counters {
    const bucket = this.bucket(at - (at % BUCKET_MS));
    const key = keyOf(queueId, channel);
    let c = bucket.counters.get(key);
    if (!c) bucket.counters.set(key, (c = emptyCounters()));
    return c;
  }
}

/** Busy: connected and holding work. Idle: connected, available and holding none. Else not counted. */
function stateKind(track: AgentTrack): 'busy' | 'idle' | null {
  if (!track.connected) return null;
  if (track.load > 0) return 'busy';
  return track.presence === 'available' ? 'idle' : null;
}

function occupancy(busyMs: number, idleMs: number): Occupancy {
  return { busyMs, idleMs, occupancy: busyMs + idleMs === 0 ? null : busyMs / (busyMs + idleMs) };
}
