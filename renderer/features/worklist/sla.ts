import type { Conversation } from '../../../services/contracts';

export type SlaStatus =
  | Readonly<{ kind: 'running'; leftMs: number; warning: boolean }>
  | Readonly<{ kind: 'breached'; overMs: number }>
  | Readonly<{ kind: 'answered' }>
  | Readonly<{ kind: 'none' }>;

/**
 * Time left to the first response, measured from when the contact entered the queue. Once an agent has
 * answered, the clock stops. A quarter of the SLA left is the warning zone.
 */
export function slaStatus(conversation: Conversation, slaSeconds: number | undefined, now: number): SlaStatus {
  if (conversation.firstResponseAt !== null) return { kind: 'answered' };
  if (!slaSeconds) return { kind: 'none' };
  const start = conversation.enqueuedAt ?? conversation.createdAt;
  const leftMs = start + slaSeconds * 1000 - now;
  if (leftMs < 0) return { kind: 'breached', overMs: -leftMs };
  return { kind: 'running', leftMs, warning: leftMs < slaSeconds * 250 };
}
