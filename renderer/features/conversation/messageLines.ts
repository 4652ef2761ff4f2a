import type { Conversation, Message } from '../../../services/contracts';
import { customerEndedAt, supervisorLineOf, systemEventOf, type SystemEvent } from '../../../services/contracts/conversationEvents';
import { formatClock } from '../../common/time';
import { i18n } from '../../i18n';

/** Called during render by the desk and the console; words from the conversation catalogue in the language in use. */
const say = (key: string, values: Readonly<Record<string, string>> = {}): string => i18n.t(key, { ns: 'conversation', ...values });

/** Whose eyes read the thread: the agent holding it ("You") or a supervisor watching it ("Agent"). */
export type Perspective = 'agent' | 'supervisor';

const eventKey: Record<SystemEvent, string> = { ended: 'thread.ended' };

/** A system line (what happened, not what anyone said) in words, or null for an ordinary message. */
export function eventLabel(m: Message): string | null {
  const event = systemEventOf(m);
  return event === null ? null : say(eventKey[event]);
}

/** Who a line is from: supervisors' whispers and barges are named as such, with the supervisor's name. */
export function authorLabel(m: Message, customerName: string, perspective: Perspective = 'agent'): string {
  const line = supervisorLineOf(m);
  const supervisor = line?.byName ?? say(perspective === 'agent' ? 'thread.yourSupervisor' : 'thread.aSupervisor');
  switch (m.direction) {
    case 'in':
      return customerName;
    case 'note':
      if (line?.kind === 'whisper') return say('thread.whisperFrom', { name: supervisor });
      return say('thread.internalNote');
    case 'out':
      // Sent by the hub on its own (see docs/business-hours.md), never by the agent reading it.
      if (m.meta.acknowledgement === true) return say('thread.acknowledgement');
      if (line?.kind === 'barge') return say('thread.barge', { name: line.byName ?? say('thread.supervisor') });
      return say(perspective === 'agent' ? 'thread.you' : 'thread.agent');
  }
}

export const isWhisper = (m: Message): boolean => m.direction === 'note' && supervisorLineOf(m)?.kind === 'whisper';

/**
 * Why nothing sent to the customer can reach them any more, in words, or null while it can: the
 * conversation is over, or (web chat) the visitor ended it from their side.
 */
export function repliesClosedReason(conversation: Conversation, messages: readonly Message[]): string | null {
  if (conversation.state === 'closed' || conversation.state === 'abandoned') return say('thread.repliesEnded');
  const ended = conversation.channel === 'chat' ? customerEndedAt(messages) : null;
  return ended === null ? null : say('thread.visitorEnded', { time: formatClock(ended) });
}
