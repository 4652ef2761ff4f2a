import { z } from 'zod';
import type { CommandTable } from './commandSpec';
import { AgentSnapshot, Capacity, ChannelKind, Conversation, Message, Presence, QueueId, SkillLevels } from './domain';
import { LiveBoard, MetricsReport } from './metrics';

const id = z.number().int().positive();
const supervisors = ['supervisor', 'admin'] as const;

/** Supervisor console: metrics, agent and conversation control, interventions. All audited. */
export const supervisionCommands = {
  'metrics/live': { roles: supervisors, input: z.object({}).strict(), output: LiveBoard },
  'metrics/report': {
    roles: supervisors,
    input: z
      .object({ from: z.number().int().nonnegative(), to: z.number().int().positive() })
      .strict()
      .refine((r) => r.to > r.from && r.to - r.from <= 31 * 86_400_000, 'a window of at most 31 days, from < to'),
    output: MetricsReport,
  },
  'supervisor/agents': {
    roles: supervisors,
    input: z.object({}).strict(),
    output: z.array(
      z.object({
        agent: AgentSnapshot,
        conversations: z.array(
          z.object({
            conversationId: z.number().int(),
            channel: ChannelKind,
            queueId: QueueId,
            state: z.string(),
            /** When the agent accepted it; null if it was already held when the hub started. */
            since: z.number().nullable(),
          }),
        ),
      }),
    ),
  },
  'supervisor/setAgentPresence': {
    roles: supervisors,
    input: z.object({ agentId: id, presence: Presence.exclude(['away_missed']), reason: z.string().trim().max(120).optional() }).strict(),
    output: AgentSnapshot,
  },
  'supervisor/updateAgent': {
    roles: supervisors,
    input: z.object({ agentId: id, skills: SkillLevels.optional(), capacity: Capacity.optional() }).strict(),
    output: AgentSnapshot,
  },
  'supervisor/forceLogout': {
    roles: supervisors,
    input: z.object({ agentId: id }).strict(),
    output: AgentSnapshot,
  },
  'supervisor/moveConversation': {
    roles: supervisors,
    input: z
      .object({ conversationId: id, queueId: QueueId.optional(), priority: z.number().int().min(0).max(100).optional() })
      .strict()
      .refine((v) => v.queueId !== undefined || v.priority !== undefined, 'give a queueId or a priority'),
    output: Conversation,
  },
  'supervisor/reassign': {
    roles: supervisors,
    input: z.object({ conversationId: id, agentId: id, note: z.string().trim().max(4000).optional() }).strict(),
    output: Conversation,
  },
  'supervisor/monitor': {
    roles: supervisors,
    input: z.object({ conversationId: id, on: z.boolean() }).strict(),
    output: z.object({ conversation: Conversation, messages: z.array(Message) }),
  },
  'supervisor/whisper': {
    roles: supervisors,
    input: z.object({ conversationId: id, text: z.string().trim().min(1).max(4000) }).strict(),
    output: Message,
  },
  'supervisor/barge': {
    roles: supervisors,
    input: z.object({ conversationId: id, text: z.string().trim().min(1).max(64_000) }).strict(),
    output: Message,
  },
} as const satisfies CommandTable;

export const supervisionEvents = {
  'metrics/live': LiveBoard,
} as const;
