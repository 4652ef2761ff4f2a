import { HubError, type coreCommands } from '../contracts';
import { listMessages } from '../store/repos/messages';
import { getCustomerSummary } from '../store/repos/customers';
import { listAgentConversations } from '../store/repos/conversations';
import { publicAgent, setAgentPassword } from '../store/repos/agents';
import { appendEvent } from '../store/repos/events';
import { queueUpsert } from './queueAdmin';
import type { CommandContext, HandlerTable } from './commands';
import type { StoredAgent } from '../store/repos/agents';

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
    if (input.mode === 'create' && before) throw new HubError('conflict', `the username "${input.username}" is taken`);
    if (input.mode === 'update' && !before) throw new HubError('not_found', `no agent has the username "${input.username}"`);
    if (before?.role === 'admin' && input.role !== 'admin' && !otherEnabledAdmin(center.snapshots(), center, before.id))
      throw new HubError('conflict', 'this is the last enabled administrator; make someone else an administrator first');
    const agent = await center.upsertAgent({
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      skills: input.skills,
      capacity: input.capacity,
      passwordHash: input.password ? await auth.passwords.hash(input.password) : undefined,
      mustChangePassword: input.password ? (input.mustChangePassword ?? false) : undefined,
    });
    // A socket was admitted with the old role and password: neither may outlive the change.
    if (before && before.role !== agent.role) await auth.endAgent(agent.id, 'role_changed');
    else if (before && input.password)
      await auth.endAgent(agent.id, 'password_changed', agent.id === ctx.agentId ? ctx.tokenHash : undefined);
    await auditAgentUpsert(ctx, before, agent, input.password !== undefined);
    return publicAgent(agent);
  },

  'admin/agentSetDisabled': async (input, ctx) => {
    const { center, store, auth, agentId, now } = ctx;
    const target = center.agent(input.agentId);
    if (!target) throw new HubError('not_found', `agent ${input.agentId} not found`);
    if (input.agentId === agentId && input.disabled) throw new HubError('conflict', 'you cannot disable your own account');
    await center.setAgentDisabled(input.agentId, input.disabled ? now() : null);
    await store.write((tx) =>
      appendEvent(tx, { at: now(), type: 'supervisor/agentChanged', agentId, data: { target: input.agentId, disabled: input.disabled } }),
    );
    if (input.disabled) {
      await auth.endAgent(input.agentId, 'disabled');
      await center.setPresence(input.agentId, 'offline', null);
    }
    await ctx.audit.record(
      { kind: 'agent', agentId },
      {
        action: input.disabled ? 'agent.disabled' : 'agent.enabled',
        target: `agent:${input.agentId}`,
        detail: { username: target.username },
      },
    );
    return { id: input.agentId, disabled: input.disabled };
  },

  'session/changePassword': async (input, { center, store, auth, audit, agentId, tokenHash, now }) => {
    const agent = center.agent(agentId);
    if (!agent) throw new HubError('not_found', 'your account no longer exists');
    const key = String(agentId);
    if (!auth.changeFailures.peek(key, now())) throw new HubError('rate_limited', 'too many wrong passwords; wait a minute');
    if (!(await auth.passwords.verify(input.currentPassword, agent.passwordHash))) {
      auth.changeFailures.take(key, now());
      await audit.record({ kind: 'agent', agentId }, { action: 'session.passwordChangeRefused', target: `agent:${agentId}` });
      throw new HubError('forbidden', 'the current password is wrong');
    }
    // A temporary password typed back as the new one would leave the administrator knowing it.
    if (input.newPassword === input.currentPassword)
      throw new HubError('invalid_input', 'choose a password different from the current one', [
        { path: 'newPassword', message: 'the same as the current password' },
      ]);
    const hash = await auth.passwords.hash(input.newPassword);
    await store.write((tx) => setAgentPassword(tx, agentId, hash));
    await center.refreshAgent(agentId);
    // Like most products: the desk that changed the password stays signed in, every other session ends.
    await auth.endAgent(agentId, 'password_changed', tokenHash);
    await audit.record(
      { kind: 'agent', agentId },
      { action: 'session.passwordChanged', target: `agent:${agentId}`, detail: { wasTemporary: agent.mustChangePassword } },
    );
    return { changed: true as const };
  },

  'admin/queueUpsert': queueUpsert,

  'agent/list': async (_input, { center }) => center.snapshots(),
};

/** Is there an enabled administrator other than this agent? (The last one must not demote themselves away.) */
function otherEnabledAdmin(all: ReadonlyArray<{ id: number }>, center: CommandContext['center'], exceptId: number): boolean {
  return all.some((a) => {
    const stored = center.agent(a.id);
    return a.id !== exceptId && stored?.role === 'admin' && stored.disabledAt === null;
  });
}

/** Fields that differ, as { field: { from, to } }: what the audit log shows for an edit. */
function changes<T extends Readonly<Record<string, unknown>>>(before: T, after: T): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = { from: before[key], to: after[key] };
  }
  return out;
}

/** agent.created, or agent.updated with what changed plus agent.roleChanged / agent.passwordReset when those did. */
async function auditAgentUpsert(
  ctx: CommandContext,
  before: StoredAgent | undefined,
  after: StoredAgent,
  passwordSet: boolean,
): Promise<void> {
  const actor = { kind: 'agent', agentId: ctx.agentId } as const;
  const target = `agent:${after.id}`;
  const view = (a: StoredAgent) => ({ displayName: a.displayName, role: a.role, skills: a.skills, capacity: a.capacity });
  if (!before) {
    await ctx.audit.record(actor, {
      action: 'agent.created',
      target,
      detail: { username: after.username, ...view(after), mustChangePassword: after.mustChangePassword },
    });
    return;
  }
  const { role, ...rest } = changes(view(before), view(after));
  if (Object.keys(rest).length > 0)
    await ctx.audit.record(actor, { action: 'agent.updated', target, detail: { username: after.username, ...rest } });
  if (role) await ctx.audit.record(actor, { action: 'agent.roleChanged', target, detail: { username: after.username, role } });
  if (passwordSet)
    await ctx.audit.record(actor, {
      action: 'agent.passwordReset',
      target,
      detail: { username: after.username, mustChangePassword: after.mustChangePassword },
    });
}
