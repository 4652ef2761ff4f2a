import { z } from 'zod';
import type { CommandTable } from './commandSpec';

const id = z.number().int().positive();

/** Who did it, as the audit log shows it; `name` is the username at the time (kept if the agent is renamed later). */
export const AuditActorView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agent'), agentId: z.number().int(), name: z.string().nullable() }),
  z.object({ kind: z.literal('apiKey'), keyId: z.number().int() }),
  z.object({ kind: z.literal('system') }),
]);
export type AuditActorView = z.infer<typeof AuditActorView>;

/** One row of the audit log: when, who, what ("agent.created"), on what ("agent:12") and the details. */
export const AuditRecord = z.object({
  id: z.number().int(),
  at: z.number().int(),
  actor: AuditActorView,
  action: z.string(),
  target: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

const timestamp = z.number().int().nonnegative();

export const AuditSearch = z
  .object({
    /** An agent's id, or "system" for what the hub did by itself (refused sign-ins, jobs). */
    actor: z.union([id, z.literal('system')]).optional(),
    /** "agent." finds every agent change; "agent.created" only creations. */
    actionPrefix: z.string().trim().min(1).max(64).optional(),
    /** Exactly the changed thing: "agent:12", "queue:support", "customer:40". */
    target: z.string().trim().min(1).max(200).optional(),
    /** Words anywhere in the action, target, actor name or details. */
    text: z.string().trim().min(1).max(200).optional(),
    from: timestamp.optional(),
    to: timestamp.optional(),
    /** The `nextCursor` of the previous page: entries older than it. */
    cursor: id.optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict()
  .refine((s) => s.from === undefined || s.to === undefined || s.from < s.to, { message: 'from must be before to', path: ['to'] });
export type AuditSearch = z.input<typeof AuditSearch>;

export const auditCommands = {
  /** Newest first, a page at a time; `nextCursor` is null on the last page. */
  'audit/search': {
    roles: ['admin'],
    input: AuditSearch,
    output: z.object({ entries: z.array(AuditRecord), nextCursor: id.nullable() }),
  },
} as const satisfies CommandTable;
