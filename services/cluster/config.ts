import { z } from 'zod';

/**
 * The `cluster` section of a team-mode hub (several hubs on one PostgreSQL). Absent: one partition holding
 * every queue, elected among all hubs. Queues not named in any partition belong to the first one (the
 * default partition), so adding a queue never leaves it without a router.
 */
export const ClusterConfig = z
  .strictObject({
    /** This hub's name in logs and in the leader table; defaults to host:pid. */
    hubName: z.string().min(1).max(120).optional(),
    /**
     * Queue ids per routing partition: one router per partition, each elected on its own lock, so routing
     * spreads over hubs. An agent's skills should stay within one partition (an agent is routed by every
     * partition whose queues it serves, one offer at a time per partition).
     */
    partitions: z
      .array(z.array(z.string().min(1).max(64)).min(1))
      .min(1)
      .max(64)
      .optional(),
    /** How often a hub that does not hold a lock tries again (ms); failover is at most this plus rebuild time. */
    lockRetryMs: z.number().int().min(50).max(5000).default(300),
    /**
     * How often a lock holder checks its lock connection is alive (ms); a dead one means the lock is lost. The
     * router checks which hubs are alive as often (hubLiveness.ts): a dead hub's agents go within about this.
     */
    heartbeatMs: z.number().int().min(100).max(10_000).default(1000),
  })
  .superRefine((value, ctx) => {
    const seen = new Map<string, number>();
    value.partitions?.forEach((queues, index) => {
      queues.forEach((queue, position) => {
        const first = seen.get(queue);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['partitions', index, position],
            message: `queue "${queue}" is already in partition ${first + 1}: a queue has one router`,
          });
        } else seen.set(queue, index);
      });
    });
  });
export type ClusterConfig = z.output<typeof ClusterConfig>;
export type ClusterConfigInput = z.input<typeof ClusterConfig>;

/** Which partition routes a queue: the one naming it, else the first (default) partition. */
export function partitionOf(config: ClusterConfig, queueId: string): number {
  const index = config.partitions?.findIndex((queues) => queues.includes(queueId)) ?? -1;
  return index < 0 ? 0 : index;
}

export function partitionCount(config: ClusterConfig): number {
  return config.partitions?.length ?? 1;
}
