import { z } from 'zod';
import { CUSTOMER_LANGUAGES, Queue } from './domain';

/**
 * What an admin sends to create or change a queue. `mode` says which the form meant: a create whose id is
 * taken, or an update of a queue that does not exist, is refused instead of quietly doing the other (the
 * id is the queue's key and cannot change after it is created). Scripts that want "make it so" send upsert.
 */
const whole = (min: number, max: number, message: string) =>
  z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });

export const QueueUpsertInput = Queue.extend({
  id: z
    .string()
    .refine(
      (v) => /^[a-z0-9][a-z0-9_-]{0,63}$/.test(v),
      'up to 64 lower-case letters, digits, "-" and "_", starting with a letter or digit',
    ),
  name: z.string().trim().min(1, 'a queue needs a name').max(120, 'at most 120 characters'),
  // The same bounds as Queue, said in words an admin reads on the form.
  slaSeconds: whole(1, 7 * 24 * 3600, 'a whole number of seconds from 1 to 604800 (a week)'),
  priority: whole(0, 100, 'a whole number from 0 to 100'),
  slTargetPercent: z
    .number({ error: 'a percentage from 1 to 100' })
    .min(1, { error: 'a percentage from 1 to 100' })
    .max(100, { error: 'a percentage from 1 to 100' })
    .default(80),
  stickyWindowHours: z
    .number({ error: 'hours from 0 to 8760 (a year), or blank for the default' })
    .min(0, { error: 'hours from 0 to 8760 (a year), or blank for the default' })
    .max(24 * 365, { error: 'hours from 0 to 8760 (a year), or blank for the default' })
    .optional(),
  // Left out = unchanged (English for a new queue): a form that does not know the field yet cannot reset it.
  language: z.enum(CUSTOMER_LANGUAGES, { error: 'English (en) or Spanish (es)' }).optional(),
  mode: z.enum(['create', 'update', 'upsert']).default('upsert'),
})
  .strict()
  .superRefine((q, ctx) => {
    if (new Set(q.channels).size !== q.channels.length) ctx.addIssue({ code: 'custom', message: 'each channel once', path: ['channels'] });
  });
export type QueueUpsertInput = z.input<typeof QueueUpsertInput>;
