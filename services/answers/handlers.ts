import { HubError, type answerCommands, type CannedResponse, type CustomerSummary } from '../contracts';
import type { CommandContext, HandlerTable } from '../hub/commands';
import { EVERYONE, agentRoom } from '../hub/push';
import { CUSTOMERS } from '../customers/service';
import { getCustomerSummary } from '../store/repos/customers';
import { deleteAnswer, findShortcut, getAnswer, listVisibleAnswers, saveAnswer } from './repo';
import { renderAnswer } from './render';

const keepsShared = (role: CommandContext['role']): boolean => role === 'supervisor' || role === 'admin';

/** A shared answer needs a supervisor; a personal one only its owner. */
function mayChange(answer: Pick<CannedResponse, 'scope' | 'ownerAgentId'>, ctx: CommandContext): boolean {
  return answer.scope === 'shared' ? keepsShared(ctx.role) : answer.ownerAgentId === ctx.agentId;
}

/** A name the customer gave, not an address or number we filed them under ("web-uFdW…", "+1555…"). */
function givenName(customer: CustomerSummary | undefined): string | null {
  if (!customer) return null;
  const name = customer.displayName.trim();
  if (!name || customer.identities.some((i) => i.value === name) || /^web-|@|^\+?\d[\d\s()-]+$/.test(name)) return null;
  return name;
}

function announce(ctx: CommandContext, answer: Pick<CannedResponse, 'scope' | 'ownerAgentId'>): void {
  const room = answer.scope === 'shared' ? EVERYONE : agentRoom(answer.ownerAgentId ?? ctx.agentId);
  ctx.push.to(room).emit('answers/changed', { scope: answer.scope });
}

export const answerHandlers: HandlerTable<keyof typeof answerCommands> = {
  'answers/list': async (input, ctx) => {
    const all = await listVisibleAnswers(ctx.store, ctx.agentId);
    if (input.conversationId === undefined) return { answers: all };
    const conversation = await ctx.center.requireConversation(input.conversationId);
    return {
      answers: all.filter(
        (a) =>
          (a.queueId === null || a.queueId === conversation.queueId) &&
          (a.channels.length === 0 || a.channels.includes(conversation.channel)),
      ),
    };
  },

  'answers/save': async (input, ctx) => {
    const ownerAgentId = input.scope === 'personal' ? ctx.agentId : null;
    if (input.scope === 'shared' && !keepsShared(ctx.role))
      throw new HubError('forbidden', 'only supervisors keep the shared answers; save it as personal');
    if (input.queueId !== null && !ctx.center.listQueues().some((q) => q.id === input.queueId))
      throw new HubError('invalid_input', `there is no queue "${input.queueId}"`, [{ path: 'queueId', message: 'unknown queue' }]);
    if (input.id !== undefined) {
      const existing = await getAnswer(ctx.store, input.id);
      if (!existing || (existing.scope === 'personal' && existing.ownerAgentId !== ctx.agentId))
        throw new HubError('not_found', 'no such answer');
      if (!mayChange(existing, ctx)) throw new HubError('forbidden', 'only supervisors change shared answers');
      if (existing.scope !== input.scope)
        throw new HubError('invalid_input', 'an answer cannot move between shared and personal; make a copy');
    }
    const clash = await findShortcut(ctx.store, input.shortcut, ownerAgentId);
    if (clash && clash.id !== input.id)
      throw new HubError('conflict', `/${input.shortcut} is already "${clash.title}"`, [{ path: 'shortcut', message: 'already used' }]);
    const saved = await saveAnswer(ctx.store, { ...input, ownerAgentId }, ctx.agentId, ctx.now());
    if (saved.scope === 'shared')
      await ctx.audit.record(
        { kind: 'agent', agentId: ctx.agentId },
        {
          action: input.id === undefined ? 'answer.created' : 'answer.updated',
          target: `answer:${saved.id}`,
          detail: { shortcut: saved.shortcut, queueId: saved.queueId },
        },
      );
    announce(ctx, saved);
    return saved;
  },

  'answers/delete': async (input, ctx) => {
    const existing = await getAnswer(ctx.store, input.id);
    if (!existing || (existing.scope === 'personal' && existing.ownerAgentId !== ctx.agentId))
      throw new HubError('not_found', 'no such answer');
    if (!mayChange(existing, ctx)) throw new HubError('forbidden', 'only supervisors delete shared answers');
    await deleteAnswer(ctx.store, existing.id);
    if (existing.scope === 'shared')
      await ctx.audit.record(
        { kind: 'agent', agentId: ctx.agentId },
        { action: 'answer.deleted', target: `answer:${existing.id}`, detail: { shortcut: existing.shortcut } },
      );
    announce(ctx, existing);
    return { deleted: true };
  },

  'answers/render': async (input, ctx) => {
    const answer = await getAnswer(ctx.store, input.answerId);
    if (!answer || (answer.scope === 'personal' && answer.ownerAgentId !== ctx.agentId)) throw new HubError('not_found', 'no such answer');
    const conversation = await ctx.center.requireConversation(input.conversationId);
    const customer = await getCustomerSummary(ctx.store, conversation.customerId);
    // The order number comes from the back office when one is connected; its cache keeps this cheap.
    const backOffice =
      answer.body.includes('order.number') && customer
        ? ((await ctx.services.find(CUSTOMERS)?.backOffice.panels({ id: customer.id, identities: customer.identities }, false)) ?? [])
        : [];
    return renderAnswer(answer.body, {
      customerName: givenName(customer),
      agentName: ctx.center.agent(ctx.agentId)?.displayName ?? null,
      queueName: ctx.center.listQueues().find((q) => q.id === conversation.queueId)?.name ?? null,
      backOffice,
    });
  },
};
