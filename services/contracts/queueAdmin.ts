import { z } from 'zod';
import { Queue } from './domain';

/**
 * What an admin sends to create or change a queue. `mode` says which the form meant: a create whose id is
 * taken, or an update of a queue that does not exist, is refused instead of quietly doing the other (the
 * id is the queue's key and cannot change after it is created). Scripts that want "make it so" send upsert.
 */
export const QueueUpsertInput = Queue.extend({
  name: z.string().trim().min(1, 'a queue needs a name').max(120),
  mode: z.enum(['create', 'update', 'upsert']).default('upsert'),
})
  .strict()
  .superRefine((q, ctx) => {
    if (new Set(q.channels).size !== q.channels.length)
      ctx.addIssue({ code: 'custom', message: 'each channel once', path: ['channels'] });
  });
export type QueueUpsertInput = z.input<typeof QueueUpsertInput>;
