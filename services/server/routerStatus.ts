import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ContactCenter } from '../hub/contactCenter';

const RouterQuery = z.object({ partition: z.coerce.number().int().min(0).max(63).optional() });

/**
 * GET /api/cluster/router: which routing partitions this hub routes now. 200 when it routes at least one
 * (or, with `?partition=n`, that one), 503 otherwise: a load balancer's health check or a monitor finds the
 * router hubs. A single hub routes everything (partition 0).
 */
export function routerStatus(
  query: unknown,
  clustered: boolean,
  center: Pick<ContactCenter, 'routedPartitions'>,
  reply: FastifyReply,
): FastifyReply {
  const parsed = RouterQuery.safeParse(query ?? {});
  if (!parsed.success) return reply.code(400).send({ error: { code: 'invalid_input', message: 'partition is a number from 0 to 63' } });
  const partitions = clustered ? center.routedPartitions() : [0];
  const wanted = parsed.data.partition;
  const routes = wanted === undefined ? partitions.length > 0 : partitions.includes(wanted);
  return reply.code(routes ? 200 : 503).send({ routes, partitions });
}
