import type { AgentSnapshot } from '../../../contracts';
import type { MetricsService } from '../../../metrics/module';

const RECENT_MS = 2 * 3600_000;
const DAY_MS = 24 * 3600_000;

/**
 * Expected wait of the caller at `position` (1 = next): calls leave the queue as agents finish, about one
 * per AHT / N seconds with N agents serving the queue, so the p-th caller waits about p * AHT / N. Null
 * when there is nothing honest to say (no handled call to take a handle time from, or nobody serving).
 */
export function expectedWaitSeconds(position: number | null, servingAgents: number, ahtMs: number | null): number | null {
  if (position === null || position < 1 || servingAgents < 1 || ahtMs === null || ahtMs <= 0) return null;
  return Math.round((position * ahtMs) / servingAgents / 1000);
}

/** Agents signed in, not away, who take calls and may serve this queue. */
export function servingAgents(agents: readonly AgentSnapshot[], canServe: (agentId: number) => boolean): number {
  return agents.filter((a) => a.connected && a.presence === 'available' && a.capacity.voice >= 1 && canServe(a.id)).length;
}

/** The queue's recent voice handle time: the last two hours, else the last day (the live metrics fold). */
export function recentVoiceAhtMs(metrics: MetricsService | undefined, queueId: string, now: number): number | null {
  if (!metrics) return null;
  for (const window of [RECENT_MS, DAY_MS]) {
    const report = metrics.liveReport(now - window, now);
    const figures = report.byQueueChannel.find((f) => f.queueId === queueId && f.channel === 'voice')?.figures;
    if (figures?.ahtMs != null) return figures.ahtMs;
  }
  return null;
}
