import type { SkillLevels } from '../contracts';
import { meetsSkills } from './eligibility';

/** Team mode: which routing partition routes a queue (services/cluster/config.ts `partitionOf`). */
export type QueuePartition = (queueId: string) => number;

/**
 * An agent belongs to the partition of her first queue: the lowest partition (config order) holding a
 * queue her skills serve; 0 (the default partition) when she serves none. Only that partition's router
 * offers her work, so she never holds two offers from two routers (the fence is keyed by conversation, not
 * by agent: docs/scale-out.md, "the agent's partition").
 */
export function agentPartition(
  skills: SkillLevels,
  queues: Iterable<Readonly<{ id: string; skills: SkillLevels }>>,
  partitionOf: QueuePartition,
): number {
  let first = Number.POSITIVE_INFINITY;
  for (const queue of queues) {
    const partition = partitionOf(queue.id);
    if (partition < first && meetsSkills(skills, queue.skills)) first = partition;
  }
  return Number.isFinite(first) ? first : 0;
}
