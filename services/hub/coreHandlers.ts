import { HubError, type coreCommands } from '../contracts';
import { listMessages } from '../store/repos/messages';
import { getCustomerSummary } from '../store/repos/customers';
import { listAgentConversations } from '../store/repos/conversations';
import { publicAgent, setAgentPassword } from '../store/repos/agents';
import { appendEvent } from '../store/repos/events';
import type { HandlerTable } from './commands';
import { queueUpsert } from './queueAdmin';

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

  'message/send': (input, { center, agentId }) =>
    center.sendMessage(agentId, input.conversationId, input.bodyText, input.internal ?? false),

  'admin/agentUpsert': async (input, ctx) => {
    const { center, auth } = ctx;
    const before = center.agentByUsername(input.username);
    const agent = await center.upsertAgent({
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      skills: input.skills,
      capacity: input.capacity,
      passwordHash: input.password ? await auth.passwords.hash(input.password) : undefined,
    });
    // A socket was admitted with the old role and password: neither may outlive the change.
    if (before && before.role !== agent.role) await auth.endAgent(agent.id, 'role_changed');
    else if (before && input.password)
      await auth.endAgent(agent.id, 'password_changed', agent.id === ctx.agentId ? ctx.tokenHash : undefined);
    return publicAgent(agent);
  },

  'admin/agentSetDisabled': async (input, { center, store, auth, agentId, now }) => {
    if (!center.agent(input.agentId)) throw new HubError('not_found', `agent ${input.agentId} not found`);
    if (input.agentId === agentId && input.disabled) throw new HubError('conflict', 'you cannot disable your own account');
    await center.setAgentDisabled(input.agentId, input.disabled ? now() : null);
    await store.write((tx) =>
      appendEvent(tx, { at: now(), type: 'supervisor/agentChanged', agentId, data: { target: input.agentId, disabled: input.disabled } }),
    );
    if (input.disabled) {
      await auth.endAgent(input.agentId, 'disabled');
      await center.setPresence(input.agentId, 'offline', null);
    }
    return { id: input.agentId, disabled: input.disabled };
  },

  'session/changePassword': async (input, { center, store, auth, agentId, tokenHash, now }) => {
    const agent = center.agent(agentId);
    if (!agent) throw new HubError('not_found', 'your account no longer exists');
    const key = String(agentId);
    if (!auth.changeFailures.peek(key, now())) throw new HubError('rate_limited', 'too many wrong passwords; wait a minute');
    if (!(await auth.passwords.verify(input.currentPassword, agent.passwordHash))) {
      auth.changeFailures.take(key, now());
      throw new HubError('forbidden', 'the current password is wrong');
    }
    const hash = await auth.passwords.hash(input.newPassword);
    await store.write((tx) => setAgentPassword(tx, agentId, hash));
    await center.refreshAgent(agentId);
    // Like most products: the desk that changed the password stays signed in, every other session ends.
    await auth.endAgent(agentId, 'password_changed', tokenHash);
    return { changed: true as const };
  },

  'admin/queueUpsert': queueUpsert,

  'agent/list': async (_input, { center }) => center.snapshots(),
};
