import { HubError, type supervisionCommands } from '../contracts';
import type { HandlerTable } from '../hub/commands';
import { agentRoom, monitorRoom } from '../hub/push';
import { METRICS } from '../metrics/module';
import { appendEvent } from '../store/repos/events';
import { listMessages } from '../store/repos/messages';

/** Supervisor commands. Every action that changes something is also an audit event. */
export const supervisionHandlers: HandlerTable<keyof typeof supervisionCommands> = {
  'metrics/live': async (_input, ctx) => ctx.services.require(METRICS).board(),

  'metrics/report': async (input, ctx) => ctx.services.require(METRICS).report(input.from, input.to),

  'supervisor/agents': async (_input, { center }) => {
    const held = center.heldConversations();
    return center.snapshots().map((agent) => ({
      agent,
      conversations: held
        .filter((h) => h.agentId === agent.id)
        .map((h) => ({ conversationId: h.conversationId, channel: h.channel, queueId: h.queueId, state: h.state, since: h.since })),
    }));
  },

  'supervisor/setAgentPresence': async (input, { center, store, agentId, now }) => {
    if (!center.agent(input.agentId)) throw new HubError('not_found', `agent ${input.agentId} not found`);
    const snapshot = await center.setPresence(input.agentId, input.presence, input.reason ?? `set by supervisor`);
    await store.write((tx) =>
      appendEvent(tx, { at: now(), type: 'supervisor/agentChanged', agentId, data: { target: input.agentId, presence: input.presence } }),
    );
    return snapshot;
  },

  'supervisor/updateAgent': async (input, { center, store, agentId, now }) => {
    const agent = center.agent(input.agentId);
    if (!agent) throw new HubError('not_found', `agent ${input.agentId} not found`);
    await center.upsertAgent({
      username: agent.username,
      displayName: agent.displayName,
      role: agent.role,
      skills: input.skills ?? agent.skills,
      capacity: input.capacity ?? agent.capacity,
    });
    await store.write((tx) =>
      appendEvent(tx, {
        at: now(),
        type: 'supervisor/agentChanged',
        agentId,
        data: { target: input.agentId, skills: input.skills ?? null, capacity: input.capacity ?? null },
      }),
    );
    return center.snapshot(input.agentId);
  },

  'supervisor/forceLogout': async (input, { center, store, agentId, auth, now }) => {
    if (!center.agent(input.agentId)) throw new HubError('not_found', `agent ${input.agentId} not found`);
    await store.write((tx) =>
      appendEvent(tx, { at: now(), type: 'supervisor/agentChanged', agentId, data: { target: input.agentId, forcedLogout: true } }),
    );
    const by = center.agent(agentId)?.role === 'admin' ? 'an administrator' : 'a supervisor';
    // Deletes the sessions, then tells each desk why and disconnects it.
    await auth.endAgent(input.agentId, 'forced', undefined, `Signed out by ${by}.`);
    return center.setPresence(input.agentId, 'offline', null);
  },

  'supervisor/moveConversation': async (input, { center, agentId }) => {
    const holder = center.holderOf(input.conversationId);
    if (holder !== null) {
      if (input.queueId === undefined) throw new HubError('conflict', 'priority applies to waiting contacts; this one is with an agent');
      return center.transfer(agentId, input.conversationId, { queueId: input.queueId }, 'moved by a supervisor');
    }
    return center.moveWaiting(agentId, input.conversationId, { queueId: input.queueId, priority: input.priority });
  },

  'supervisor/reassign': async (input, { center, agentId }) => {
    if (!center.agent(input.agentId)) throw new HubError('not_found', `agent ${input.agentId} not found`);
    if (center.holderOf(input.conversationId) !== null) {
      return center.transfer(agentId, input.conversationId, { agentId: input.agentId }, input.note ?? 'reassigned by a supervisor');
    }
    return center.moveWaiting(agentId, input.conversationId, { targetAgentId: input.agentId });
  },

  'supervisor/monitor': async (input, { center, store, agentId, sockets, now }) => {
    const conversation = await center.requireConversation(input.conversationId);
    if (input.on) sockets.join(agentRoom(agentId), monitorRoom(conversation.id));
    else sockets.leave(agentRoom(agentId), monitorRoom(conversation.id));
    await store.write((tx) =>
      appendEvent(tx, {
        at: now(),
        type: 'supervisor/monitor',
        conversationId: conversation.id,
        agentId,
        queueId: conversation.queueId,
        channel: conversation.channel,
        data: { on: input.on },
      }),
    );
    return { conversation, messages: await listMessages(store, conversation.id) };
  },

  'supervisor/whisper': async (input, { center, store, agentId, now }) => {
    const conversation = await center.requireConversation(input.conversationId);
    // A whisper is an internal note: notes are never delivered to the customer by any channel.
    const message = await center.sendMessage(agentId, input.conversationId, input.text, true, {
      kind: 'whisper',
      byName: center.agent(agentId)?.displayName ?? null,
    });
    await store.write((tx) =>
      appendEvent(tx, {
        at: now(),
        type: 'supervisor/whisper',
        conversationId: conversation.id,
        agentId,
        queueId: conversation.queueId,
        channel: conversation.channel,
        data: { messageId: message.id },
      }),
    );
    return message;
  },

  'supervisor/barge': async (input, { center, store, agentId, now }) => {
    const conversation = await center.requireConversation(input.conversationId);
    const message = await center.sendMessage(agentId, input.conversationId, input.text, false, {
      kind: 'barge',
      byName: center.agent(agentId)?.displayName ?? null,
    });
    await store.write((tx) =>
      appendEvent(tx, {
        at: now(),
        type: 'supervisor/barge',
        conversationId: conversation.id,
        agentId,
        queueId: conversation.queueId,
        channel: conversation.channel,
        data: { messageId: message.id },
      }),
    );
    return message;
  },
};
