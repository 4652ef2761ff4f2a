import { z } from 'zod';
import { getConversation } from '../store/repos/conversations';
import type { Store } from '../store/store';
import type { RouterCall } from './agentSocket';
import type { ContactCenter } from './contactCenter';

/** A command about one conversation (transfer, wrap-up, close, a message, a supervisor's move…). */
const AboutConversation = z.looseObject({ input: z.looseObject({ conversationId: z.number().int().positive() }) });

/**
 * Team mode with several routing partitions: which partition's router a call from an agent's socket goes
 * to. Her connection, offers, presence, accept and reject: her own partition (only her partition's router
 * offers her work). A command about a conversation: the partition of its holder while someone holds it
 * (her load and the held record live there), else of its queue while it waits (a supervisor moving it);
 * anything else: the caller's partition.
 */
export async function partitionOfCall(center: ContactCenter, store: Store, call: RouterCall): Promise<number> {
  const own = center.partitionOfAgent(call.agentId);
  if (call.kind !== 'command') return own;
  const about = AboutConversation.safeParse(call.envelope);
  if (!about.success) return own;
  const c = await getConversation(store, about.data.input.conversationId);
  if (!c) return own;
  if ((c.state === 'active' || c.state === 'wrap_up') && c.assignedAgentId !== null) return center.partitionOfAgent(c.assignedAgentId);
  if (c.state === 'queued' || c.state === 'offered') return center.partitionOfQueue(c.queueId);
  return own;
}
