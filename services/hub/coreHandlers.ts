import { HubError, type coreCommands } from '../contracts';
import { listMessages } from '../store/repos/messages';
import { getCustomerSummary } from '../store/repos/customers';
import { listAgentConversations } from '../store/repos/conversations';
import { hashPassword } from './auth';
import type { HandlerTable } from './commands';

/** Core handlers; the socket layer has validated input and role already. */
export const coreHandlers: HandlerTable<keyof typeof coreCommands> = {
  'session/me': async (_input, { center, agentId, config }) => ({ agent: center.snapshot(agentId), dispositions: config.dispositions }),

  'presence/set': (input, { center, agentId }) => center.setPresence(agentId, input.presence, input.reason ?? null),

  'queue/list': async (_input, { center, agentId }) => {
    const stats = new Map(center.queueStats().map((s) => [s.queueId, s]));
    return center.listQueues().map((queue) => ({
      queue,
      stats: stats.get(queue.id) ?? {
        queueId: queue.id,
        waiting: 0,
        oldestWaitingSince: null,
        offered: 0,
        active: 0,
        agentsAvailable: 0,
        agentsBusy: 0,
        agentsAway: 0,
      },
      eligible: center.router.canAgentServe(agentId, queue.id),
    }));
  },

  'offer/accept': (input, { center, agentId }) => center.accept(agentId, input.offerId),

  'offer/reject': async (input, { center, agentId }) => {
    await center.reject(agentId, input.offerId, input.reason);
    return { rejected: true as const };
  },

  'conversation/mine': async (_input, { center, agentId, store }) => ({
    conversations: await listAgentConversations(store, agentId),
    offers: center.offersFor(agentId),
  }),

  'conversation/get': async (input, { center, store }) => {
    const conversation = await center.requireConversation(input.conversationId);
    const customer = await getCustomerSummary(store, conversation.customerId);
    if (!customer) throw new HubError('not_found', 'customer record missing');
    return { conversation, customer, messages: await listMessages(store, conversation.id) };
  },

  'conversation/transfer': (input, { center, agentId }) => center.transfer(agentId, input.conversationId, input.to, input.note),

  'conversation/wrapUp': (input, { center, agentId }) => center.wrapUp(agentId, input.conversationId),

  'conversation/close': (input, { center, agentId }) => center.close(agentId, input.conversationId, input.disposition, input.note),

  'message/send': (input, { center, agentId }) => center.sendMessage(agentId, input.conversationId, input.bodyText, input.internal ?? false),

  'admin/agentUpsert': async (input, { center }) => {
    const agent = await center.upsertAgent({
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      skills: input.skills,
      capacity: input.capacity,
      passwordHash: input.password ? await hashPassword(input.password) : undefined,
    });
    return { id: agent.id, username: agent.username, displayName: agent.displayName, role: agent.role, skills: agent.skills, capacity: agent.capacity };
  },

  'admin/queueUpsert': (input, { center }) => center.upsertQueue(input),

  'agent/list': async (_input, { center }) => center.snapshots(),
};
