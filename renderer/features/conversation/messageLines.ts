import type { Conversation, Message } from '../../../services/contracts';
import { customerEndedAt, supervisorLineOf, systemEventOf, type SystemEvent } from '../../../services/contracts/conversationEvents';
import { formatClock } from '../../common/time';

/** Whose eyes read the thread: the agent holding it ("You") or a supervisor watching it ("Agent"). */
export type Perspective = 'agent' | 'supervisor';

const eventText: Record<SystemEvent, string> = { ended: 'The visitor ended the chat' };

/** A system line (what happened, not what anyone said) in words, or null for an ordinary message. */
export function eventLabel(m: Message): string | null {
  const event = systemEventOf(m);
  return event === null ? null : eventText[event];
}

/** Who a line is from: supervisors' whispers and barges are named as such, with the supervisor's name. */
export function authorLabel(m: Message, customerName: string, perspective: Perspective = 'agent'): string {
  const line = supervisorLineOf(m);
  const supervisor = line?.byName ?? (perspective === 'agent' ? 'your supervisor' : 'a supervisor');
  switch (m.direction) {
    case 'in':
      return customerName;
    case 'note':
      if (line?.kind === 'whisper') return `Whisper from ${supervisor}`;
      return 'Internal note';
    case 'out':
      // Sent by the hub on its own (see docs/business-hours.md), never by the agent reading it.
      if (m.meta.acknowledgement === true) return 'Automatic acknowledgement sent';
      if (line?.kind === 'barge') return `${line.byName ?? 'Supervisor'} (supervisor, to the customer)`;
      return perspective === 'agent' ? 'You' : 'Agent';
  }
}

export const isWhisper = (m: Message): boolean => m.direction === 'note' && supervisorLineOf(m)?.kind === 'whisper';

/**
 * Why nothing sent to the customer can reach them any more, in words, or null while it can: the
 * conversation is over, or (web chat) the visitor ended it from their side.
 */
export function repliesClosedReason(conversation: Conversation, messages: readonly Message[]): string | null {
  if (conversation.state === 'closed' || conversation.state === 'abandoned') return 'This conversation has ended.';
  const ended = conversation.channel === 'chat' ? customerEndedAt(messages) : null;
  return ended === null ? null : `The visitor ended the chat at ${formatClock(ended)}; replies no longer reach them.`;
}
