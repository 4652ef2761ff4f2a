import { HubError, type supervisionCommands } from '../contracts';
import type { HandlerTable } from '../hub/commands';
import { agentRoom, monitorRoom } from '../hub/push';
import { METRICS } from '../metrics/module';
import { appendEvent } from '../store/repos/events';
import { listMessages } from '../store/repos/messages';

/** The caller as the audit log's actor. */
const by = (agentId: number) => ({ kind: 'agent', agentId }) as const;

/** Supervisor commands. Every action that changes something is also an event and an audit-log entry. */
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

  'supervisor/setAgentPresence': async (input, { center, store, agentId, now, audit }) => {
    const target = center.agent(input.agentId);
    if (!target) throw new HubError('not_found', `agent ${input.agentId} not found`);
    const snapshot = await center.setPresence(input.agentId, input.presence, input.reason ?? `set by supervisor`);
    await store.write((tx) =>
      appendEvent(tx, { at: now(), type: 'supervisor/agentChanged', agentId, data: { target: input.agentId, presence: input.presence } }),
    );
    await audit.record(by(agentId), {
      action: 'supervisor.presenceSet',
      target: `agent:${input.agentId}`,
      detail: { username: target.username, from: target.presence, to: input.presence, reason: input.reason ?? null },
    });
    return snapshot;
  },

  'supervisor/updateAgent': async (input, { center, store, agentId, now, audit }) => {
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
    await audit.record(by(agentId), {
      action: 'agent.updated',
      target: `agent:${input.agentId}`,
      detail: {
        username: agent.username,
        ...(input.skills ? { skills: { from: agent.skills, to: input.skills } } : {}),
        ...(input.capacity ? { capacity: { from: agent.capacity, to: input.capacity } } : {}),
      },
    });
    return center.snapshot(input.agentId);
  },

  'supervisor/forceLogout': async (input, { center, store, agentId, auth, now, audit }) => {
    const target = center.agent(input.agentId);
    if (!target) throw new HubError('not_found', `agent ${input.agentId} not found`);
    await store.write((tx) =>
      appendEvent(tx, { at: now(), type: 'supervisor/agentChanged', agentId, data: { target: input.agentId, forcedLogout: true } }),
    );
    const who = center.agent(agentId)?.role === 'admin' ? 'an administrator' : 'a supervisor';
    // Deletes the sessions, then tells each desk why and disconnects it.
    await auth.endAgent(input.agentId, 'forced', undefined, `Signed out by ${who}.`);
    await audit.record(by(agentId), {
      action: 'supervisor.forcedSignOut',
      target: `agent:${input.agentId}`,
      detail: { username: target.username },
    });
    return center.setPresence(input.agentId, 'offline', null);
  },

  'supervisor/moveConversation': async (input, { center, agentId, audit }) => {
    const holder = center.holderOf(input.conversationId);
    let moved;
    if (holder !== null) {
      if (input.queueId === undefined) throw new HubError('conflict', 'priority applies to waiting contacts; this one is with an agent');
      moved = await center.transfer(agentId, input.conversationId, { queueId: input.queueId }, 'moved by a supervisor');
    } else moved = await center.moveWaiting(agentId, input.conversationId, { queueId: input.queueId, priority: input.priority });
    await audit.record(by(agentId), {
      action: 'supervisor.conversationMoved',
      target: `conversation:${input.conversationId}`,
      detail: { queueId: input.queueId ?? null, priority: input.priority ?? null, fromAgentId: holder },
    });
    return moved;
  },

  'supervisor/reassign': async (input, { center, agentId, audit }) => {
    const target = center.agent(input.agentId);
    if (!target) throw new HubError('not_found', `agent ${input.agentId} not found`);
    const holder = center.holderOf(input.conversationId);
    const moved =
      holder !== null
        ? await center.transfer(agentId, input.conversationId, { agentId: input.agentId }, input.note ?? 'reassigned by a supervisor')
        : await center.moveWaiting(agentId, input.conversationId, { targetAgentId: input.agentId });
    await audit.record(by(agentId), {
      action: 'supervisor.conversationReassigned',
      target: `conversation:${input.conversationId}`,
      detail: { toAgentId: input.agentId, toUsername: target.username, fromAgentId: holder },
    });
    return moved;
  },

  'supervisor/monitor': async (input, { center, store, agentId, sockets, now, audit }) => {
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
    await audit.record(by(agentId), {
      action: input.on ? 'supervisor.monitorStarted' : 'supervisor.monitorStopped',
      target: `conversation:${conversation.id}`,
      detail: { queueId: conversation.queueId, channel: conversation.channel },
    });
    return { conversation, messages: await listMessages(store, conversation.id) };
  },

  'supervisor/whisper': async (input, { center, store, agentId, now, audit }) => {
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
    // The message id, not its text: the conversation keeps the words, the log says that it happened.
    await audit.record(by(agentId), {
      action: 'supervisor.whispered',
      target: `conversation:${conversation.id}`,
      detail: { messageId: message.id },
    });
    return message;
  },

  'supervisor/barge': async (input, { center, store, agentId, now, audit }) => {
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
    await audit.record(by(agentId), {
      action: 'supervisor.barged',
      target: `conversation:${conversation.id}`,
      detail: { messageId: message.id },
    });
    return message;
  },
};
