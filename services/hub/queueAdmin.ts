import { HubError, type CommandParsedInput, type Queue } from '../contracts';
import type { CommandContext } from './commands';

const fields = [
  'name',
  'channels',
  'skills',
  'slaSeconds',
  'slTargetPercent',
  'priority',
  'shortAbandonSeconds',
  'stickyWindowHours',
  'hours',
  'language',
] as const satisfies readonly (keyof Queue)[];

/** The fields that differ, each with its value before and after (hours as whole objects: they are read as one). */
function changes(before: Queue | undefined, after: Queue): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of fields) {
    const from = before?.[field] ?? null;
    const to = after[field] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) out[field] = { from, to };
  }
  return out;
}

/**
 * `admin/queueUpsert`: input is already parsed by the contract (strict, every field checked). The id is the
 * queue's key: "create" refuses a taken id and "update" an unknown one, so a form cannot overwrite or
 * invent a queue by mistake. Every change is audited with what changed.
 */
export async function queueUpsert(input: CommandParsedInput<'admin/queueUpsert'>, ctx: CommandContext): Promise<Queue> {
  const { mode, ...queue } = input;
  const before = ctx.center.queue(queue.id);
  if (mode === 'create' && before) throw new HubError('conflict', `a queue with the id "${queue.id}" already exists`);
  if (mode === 'update' && !before) throw new HubError('not_found', `there is no queue "${queue.id}"`);
  const saved = await ctx.center.upsertQueue({ ...queue, language: queue.language ?? before?.language ?? 'en' });
  const changed = changes(before, saved);
  if (!before || Object.keys(changed).length > 0) {
    await ctx.audit.record(
      { kind: 'agent', agentId: ctx.agentId },
      {
        action: before ? 'queue.updated' : 'queue.created',
        target: `queue:${saved.id}`,
        detail: before ? changed : { created: true, ...changed },
      },
    );
  }
  return saved;
}
