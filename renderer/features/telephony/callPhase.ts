import type { CallLeg, CallState } from '../../../services/contracts';
import type { PhoneCall } from './softphone/softphoneSlice';

/*
 * The call pane tells the truth: its state comes from the legs as Twilio's status callbacks left them (the
 * hub's voice/call), with the softphone's own state only for what happens on this computer (answering,
 * audio reconnecting). A call that has ended is "ended" whatever the last hold or mute said.
 */

export type CallPhase =
  | 'waiting' // no call state yet
  | 'idle' // no live call on this conversation (a voicemail to call back)
  | 'ringing' // the hub is ringing this agent's leg
  | 'answering' // the softphone picked up; the audio is being connected
  | 'dialling' // click-to-call: the agent is on, the customer's phone is ringing
  | 'in_progress'
  | 'reconnecting' // the softphone lost the media path and is restoring it
  | 'on_hold'
  | 'consulting' // warm transfer: the caller holds while the agent talks to a colleague
  | 'left' // this agent's leg is over but the customer is still on (transferred away)
  | 'ended';

const FINAL = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);
const RINGING = new Set(['queued', 'initiated', 'ringing']);
export const legOver = (leg: CallLeg): boolean => leg.endedAt !== null || FINAL.has(leg.status);
const customerLeg = (call: CallState): CallLeg | undefined =>
  call.legs.find((l) => (l.role === 'caller' || l.role === 'outbound') && !legOver(l)) ??
  call.legs.find((l) => l.role === 'caller' || l.role === 'outbound');

/** This agent's leg: their agent leg (or a consult / supervisor leg), the live one first. */
export function myLeg(call: CallState, agentId: number | null): CallLeg | undefined {
  const mine = call.legs.filter((l) => (agentId === null || l.agentId === agentId) && ['agent', 'consult', 'supervisor'].includes(l.role));
  return mine.find((l) => !legOver(l)) ?? mine.at(-1);
}

export function callPhase(call: CallState | undefined, agentId: number | null, phone: PhoneCall | null = null): CallPhase {
  if (!call) return 'waiting';
  const customer = customerLeg(call);
  const me = myLeg(call, agentId);
  if (customer && legOver(customer)) return 'ended';
  if (me && legOver(me)) return customer ? 'left' : 'ended';
  if (!customer && !me) return 'idle';
  if (call.consultAgentId !== null && call.consultAgentId !== agentId) return 'consulting';
  if (customer?.onHold) return 'on_hold';
  if (me && RINGING.has(me.status)) {
    if (phone && phone.callSid === me.callSid && phone.status === 'connecting') return 'answering';
    return 'ringing';
  }
  if (phone && me && phone.callSid === me.callSid && phone.status === 'reconnecting') return 'reconnecting';
  // Only a call we placed waits for the customer to pick up; an inbound caller was answered by the queue
  // (its leg keeps the status of the first webhook until the number's callback says it ended).
  if (customer?.role === 'outbound' && RINGING.has(customer.status)) return 'dialling';
  if (!customer) return 'dialling';
  return 'in_progress';
}

/** Catalogue keys (namespace 'telephony') of each phase's words. */
export const phaseLabel: Readonly<Record<CallPhase, string>> = {
  waiting: 'phase.waiting',
  idle: 'phase.idle',
  ringing: 'phase.ringing',
  answering: 'phase.answering',
  dialling: 'phase.dialling',
  in_progress: 'phase.in_progress',
  reconnecting: 'phase.reconnecting',
  on_hold: 'phase.on_hold',
  consulting: 'phase.consulting',
  left: 'phase.left',
  ended: 'phase.ended',
};

/** Controls that act on the live call. */
export const phaseIsLive = (p: CallPhase): boolean =>
  p === 'in_progress' || p === 'on_hold' || p === 'reconnecting' || p === 'consulting' || p === 'dialling';
