import { randomUUID } from 'node:crypto';
import { HubError, type CallState, type Conversation } from '../../../contracts';
import { agentRoom, SUPERVISORS } from '../../../hub/push';
import { getCustomerSummary } from '../../../store/repos/customers';
import { appendEvent } from '../../../store/repos/events';
import { toE164 } from '../numbers';
import { callbackUrl, restError, type TwilioRuntime } from '../runtime';
import {
  callsOfConversation,
  finalStatuses,
  getAgentVoice,
  insertCall,
  setConferenceOfConversation,
  toLeg,
  updateCall,
  type CallPatch,
  type CallRow,
} from '../repo';
import { agentIdentity, conferenceName, conferenceTwiml, outboundConferenceTwiml } from './twiml';

const participantEvents = ['initiated', 'ringing', 'answered', 'completed'];
const isLive = (leg: CallRow): boolean => !finalStatuses.has(leg.status);
const isCustomerLeg = (leg: CallRow): boolean => leg.role === 'caller' || leg.role === 'outbound';

/**
 * The calls behind voice conversations: bridging on accept, hold/mute/transfer/monitor through conference
 * participant updates, and pushes of the call state. Every REST call goes through the configured client.
 */
export class VoiceCalls {
  private readonly bridging = new Set<string>();
  private readonly background = new Set<Promise<unknown>>();
  /** Click-to-calls whose agent leg is ringing: the customer is dialled once the agent answers (memory only). */
  private readonly pendingDials = new Map<
    string,
    Readonly<{ agentId: number; target: string; fromNumber: string; name: string; conversationId: number | null }>
  >();

  constructor(private readonly rt: TwilioRuntime) {}

  /** Follows accepted voice conversations (offer/accept, transfers) and bridges the caller to the agent. */
  listen(): () => void {
    return this.rt.center.onConversationUpdated((c) => {
      if (c.channel === 'voice' && c.state === 'active' && c.assignedAgentId !== null) this.track(this.onActive(c, c.assignedAgentId));
    });
  }

  async drain(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  // ---- state ---------------------------------------------------------------------------------------

  async state(conversationId: number): Promise<CallState> {
    const legs = await callsOfConversation(this.rt.store, conversationId);
    const customer = legs.find(isCustomerLeg);
    return {
      conversationId,
      conference: legs.some((l) => l.inConference) ? conferenceName(conversationId) : null,
      legs: legs.map(toLeg),
      recordingUrl: legs.find((l) => l.recordingUrl !== null)?.recordingUrl ?? customer?.recordingUrl ?? null,
      consultAgentId: legs.find((l) => l.role === 'consult' && isLive(l))?.agentId ?? null,
    };
  }

  async push(conversationId: number): Promise<CallState> {
    const state = await this.state(conversationId);
    const conversation = await this.rt.center.requireConversation(conversationId);
    const rooms = [SUPERVISORS];
    if (conversation.assignedAgentId !== null) rooms.push(agentRoom(conversation.assignedAgentId));
    for (const leg of state.legs) if (leg.agentId !== null && leg.endedAt === null) rooms.push(agentRoom(leg.agentId));
    this.rt.push.to([...new Set(rooms)]).emit('voice/call', state);
    return state;
  }

  async patch(callSid: string, patch: CallPatch): Promise<CallRow | undefined> {
    return this.rt.store.write((tx) => updateCall(tx, callSid, patch, this.rt.now()));
  }

  async event(type: string, conversationId: number | null, data: Record<string, unknown>, agentId: number | null = null): Promise<void> {
    await this.rt.store.write((tx) => appendEvent(tx, { at: this.rt.now(), type, conversationId, agentId, data }));
  }

  // ---- bridging ------------------------------------------------------------------------------------

  private async onActive(c: Conversation, agentId: number): Promise<void> {
    const key = `${c.id}:${agentId}`;
    if (this.bridging.has(key)) return;
    this.bridging.add(key);
    try {
      await this.bridge(c, agentId);
    } finally {
      this.bridging.delete(key);
    }
  }

  private async bridge(c: Conversation, agentId: number): Promise<void> {
    const legs = await callsOfConversation(this.rt.store, c.id);
    const caller = legs.find((l) => l.role === 'caller' && isLive(l));
    if (!caller) return; // A voicemail/callback item: the agent calls back with voice/dial.
    const existing = legs.find((l) => l.agentId === agentId && isLive(l) && (l.role === 'agent' || l.role === 'consult'));
    if (existing) {
      // Warm transfer completed: the consulted agent is already talking to the caller.
      await this.participant(existing, { endConferenceOnExit: true });
      await this.patch(existing.callSid, { role: 'agent' });
      if (caller.onHold) await this.setHold(caller, false);
      await this.push(c.id);
      return;
    }
    try {
      if (!caller.inConference) {
        await this.rt.client.calls(caller.callSid).update({ twiml: conferenceTwiml(this.rt, c.id, c.queueId) });
        await this.patch(caller.callSid, { inConference: true, conference: conferenceName(c.id) });
      }
      await this.ringAgent(c.id, agentId, 'agent', caller.toNumber);
      await this.event('call/agentRung', c.id, { callSid: caller.callSid }, agentId);
    } catch (error) {
      const { code, message } = restError(error);
      this.rt.log.warn({ err: error, conversationId: c.id }, 'could not bridge the call to the agent');
      await this.event('call/bridgeFailed', c.id, { code, message }, agentId);
      // The caller hung up meanwhile (Twilio 21220) or Twilio refused: give the work back to the queue.
      await this.requeue(c, agentId, `could not connect the call: ${message}`);
    }
    await this.push(c.id);
  }

  /**
   * Where an agent's leg is dialled: their softphone's client identity (the default), or the phone number or
   * SIP address they chose (voice/settingsSet) when they have no headset on this computer.
   */
  async legAddress(agentId: number): Promise<string> {
    const setting = await getAgentVoice(this.rt.store, agentId);
    if (setting.leg === 'softphone' || setting.address === null) return `client:${agentIdentity(agentId)}`;
    return setting.address;
  }

  /** Dials an agent (softphone, phone or SIP, per their setting) into the conversation's conference. */
  async ringAgent(
    conversationId: number,
    agentId: number,
    role: 'agent' | 'consult' | 'supervisor',
    from: string | null,
    extra: Record<string, unknown> = {},
  ): Promise<CallRow> {
    const callerId = from ?? this.rt.numbers.all()[0]?.number ?? '';
    const to = await this.legAddress(agentId);
    const participant = await this.rt.client.conferences(conferenceName(conversationId)).participants.create({
      from: callerId,
      to,
      label: role === 'agent' ? `agent-${agentId}` : `${role}-${agentId}`,
      startConferenceOnEnter: role !== 'supervisor',
      endConferenceOnExit: role === 'agent',
      beep: 'false',
      timeout: this.rt.config.voice.ringAgentSeconds,
      statusCallback: callbackUrl(this.rt, '/voice/status', { conversationId }),
      statusCallbackMethod: 'POST',
      statusCallbackEvent: participantEvents,
      ...extra,
    });
    const at = this.rt.now();
    await this.rt.store.write(async (tx) => {
      await insertCall(tx, {
        callSid: participant.callSid,
        conversationId,
        role,
        agentId,
        fromNumber: callerId,
        toNumber: to,
        status: participant.status ?? 'queued',
        conference: participant.conferenceSid ?? conferenceName(conversationId),
        inConference: true,
        at,
      });
      // Participant updates address the conference by SID; keep it on every leg of the conversation.
      if (participant.conferenceSid) {
        await setConferenceOfConversation(tx, conversationId, participant.conferenceSid);
      }
    });
    const legs = await callsOfConversation(this.rt.store, conversationId);
    const leg = legs.find((l) => l.callSid === participant.callSid);
    if (!leg) throw new Error('participant leg was not stored');
    return leg;
  }

  /** Gives a voice conversation back to its queue (the agent could not be reached). */
  async requeue(c: Conversation, agentId: number, note: string): Promise<void> {
    try {
      await this.rt.center.transfer(agentId, c.id, { queueId: c.queueId }, note);
    } catch (error) {
      this.rt.log.warn({ err: error, conversationId: c.id }, 'could not requeue the call');
    }
  }

  // ---- participant updates --------------------------------------------------------------------------

  private conferenceOf(leg: CallRow): string {
    if (!leg.conference) throw new HubError('conflict', 'the call is not in a conference yet');
    return leg.conference;
  }

  private async participant(leg: CallRow, update: Record<string, unknown>): Promise<void> {
    await this.rt.client.conferences(this.conferenceOf(leg)).participants(leg.callSid).update(update);
  }

  private async setHold(leg: CallRow, hold: boolean): Promise<void> {
    await this.participant(leg, {
      hold,
      ...(hold && this.rt.config.voice.holdMusicUrl ? { holdUrl: this.rt.config.voice.holdMusicUrl } : {}),
    });
    await this.patch(leg.callSid, { onHold: hold });
  }

  /** Takes the caller off hold (an agent answered after a cold transfer). */
  async resume(conversationId: number, callSid: string): Promise<void> {
    const leg = (await callsOfConversation(this.rt.store, conversationId)).find((l) => l.callSid === callSid);
    if (leg?.onHold) await this.setHold(leg, false);
  }

  private async legs(conversationId: number): Promise<{ customer: CallRow; agent: CallRow | undefined; all: CallRow[] }> {
    const all = await callsOfConversation(this.rt.store, conversationId);
    const customer = all.find((l) => isCustomerLeg(l) && isLive(l) && l.inConference);
    if (!customer) throw new HubError('conflict', `conversation ${conversationId} has no live call in a conference`);
    const agent = all.find((l) => l.role === 'agent' && isLive(l));
    return { customer, agent, all };
  }

  private async rest<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof HubError) throw error;
      const { code, message } = restError(error);
      throw new HubError('channel_unavailable', `Twilio refused to ${what}${code ? ` (${code})` : ''}: ${message}`);
    }
  }

  async hold(agentId: number, conversationId: number, hold: boolean): Promise<CallState> {
    this.rt.center.requireHeldBy(agentId, conversationId);
    const { customer } = await this.legs(conversationId);
    await this.rest(hold ? 'hold the caller' : 'resume the caller', () => this.setHold(customer, hold));
    await this.event(hold ? 'call/hold' : 'call/resume', conversationId, { callSid: customer.callSid }, agentId);
    return this.push(conversationId);
  }

  async mute(agentId: number, conversationId: number, muted: boolean): Promise<CallState> {
    const held = this.rt.center.requireHeldBy(agentId, conversationId);
    const { agent } = await this.legs(conversationId);
    if (!agent || agent.agentId !== held.agentId) throw new HubError('conflict', 'the agent is not on this call');
    await this.rest(muted ? 'mute' : 'unmute', async () => {
      await this.participant(agent, { muted });
      await this.patch(agent.callSid, { muted });
    });
    return this.push(conversationId);
  }

  /**
   * Ends every live leg, then moves the conversation to wrap-up at once: the agent said the call is over,
   * and the status callbacks that follow find it done (a late 'in-progress' cannot revive a final leg).
   */
  async hangup(agentId: number, conversationId: number): Promise<CallState> {
    this.rt.center.requireHeldBy(agentId, conversationId);
    const all = await callsOfConversation(this.rt.store, conversationId);
    const live = all.filter(isLive);
    if (live.length === 0) throw new HubError('conflict', 'no live call on this conversation');
    await this.rest('hang up', async () => {
      for (const leg of live) {
        const ended = await this.rt.client.calls(leg.callSid).update({ status: 'completed' });
        const status = finalStatuses.has(ended.status) ? ended.status : 'completed';
        await this.patch(leg.callSid, { status, endedAt: this.rt.now() });
      }
    });
    await this.event('call/hangup', conversationId, { legs: live.map((l) => l.callSid) }, agentId);
    const conversation = await this.rt.center.requireConversation(conversationId);
    if (conversation.state === 'active' && conversation.assignedAgentId !== null) {
      await this.rt.center
        .wrapUp(conversation.assignedAgentId, conversationId)
        .catch((error: unknown) => this.rt.log.warn({ err: error, conversationId }, 'wrap-up after hang-up failed'));
    }
    return this.push(conversationId);
  }

  async transfer(
    agentId: number,
    conversationId: number,
    mode: 'cold' | 'warm',
    to: Readonly<{ agentId: number } | { queueId: string }>,
    note: string | undefined,
  ): Promise<CallState> {
    const held = this.rt.center.requireHeldBy(agentId, conversationId);
    const { customer, agent, all } = await this.legs(conversationId);
    if (mode === 'warm') {
      if (!('agentId' in to)) throw new HubError('invalid_input', 'a warm transfer goes to an agent (consult first); use cold for a queue');
      if (to.agentId === held.agentId) throw new HubError('invalid_input', 'cannot transfer a call to the agent who holds it');
      if (!this.rt.center.agent(to.agentId)) throw new HubError('not_found', `agent ${to.agentId} does not exist`);
      if (all.some((l) => l.role === 'consult' && isLive(l))) throw new HubError('conflict', 'a warm transfer is already in progress');
      await this.rest('start the consultation', async () => {
        await this.setHold(customer, true);
        await this.ringAgent(conversationId, to.agentId, 'consult', customer.role === 'caller' ? customer.toNumber : customer.fromNumber);
      });
      await this.event('call/consult', conversationId, { toAgentId: to.agentId, note: note ?? null }, agentId);
      return this.push(conversationId);
    }
    await this.rest('transfer the call', async () => {
      await this.setHold(customer, true);
      if (agent) await this.leave(agent);
    });
    await this.rt.center.transfer(agentId, conversationId, to, note);
    await this.event('call/transfer', conversationId, { mode, to, note: note ?? null }, agentId);
    return this.push(conversationId);
  }

  async transferComplete(agentId: number, conversationId: number): Promise<CallState> {
    this.rt.center.requireHeldBy(agentId, conversationId);
    const { agent, all } = await this.legs(conversationId);
    const consult = all.find((l) => l.role === 'consult' && isLive(l));
    if (!consult || consult.agentId === null) throw new HubError('conflict', 'no warm transfer in progress');
    if (agent) await this.rest('drop the transferring agent', () => this.leave(agent));
    // The consulted agent gets the conversation as a targeted offer; accepting keeps their leg (see bridge).
    await this.rt.center.transfer(agentId, conversationId, { agentId: consult.agentId }, 'warm transfer');
    return this.push(conversationId);
  }

  async transferCancel(agentId: number, conversationId: number): Promise<CallState> {
    this.rt.center.requireHeldBy(agentId, conversationId);
    const { customer, all } = await this.legs(conversationId);
    const consult = all.find((l) => l.role === 'consult' && isLive(l));
    if (!consult) throw new HubError('conflict', 'no warm transfer in progress');
    await this.rest('cancel the consultation', async () => {
      await this.rt.client.calls(consult.callSid).update({ status: 'completed' });
      await this.patch(consult.callSid, { status: 'canceled', endedAt: this.rt.now() });
      await this.setHold(customer, false);
    });
    return this.push(conversationId);
  }

  /** Takes a leg out of the conference without ending it for the others. */
  private async leave(leg: CallRow): Promise<void> {
    await this.participant(leg, { endConferenceOnExit: false });
    await this.rt.client.conferences(this.conferenceOf(leg)).participants(leg.callSid).remove();
    await this.patch(leg.callSid, { status: 'completed', endedAt: this.rt.now() });
  }

  async monitor(supervisorId: number, conversationId: number, mode: 'listen' | 'coach' | 'barge'): Promise<CallState> {
    const { customer, agent, all } = await this.legs(conversationId);
    const settings = {
      muted: mode === 'listen',
      coaching: mode === 'coach',
      ...(mode === 'coach' && agent ? { callSidToCoach: agent.callSid } : {}),
    };
    if (mode === 'coach' && !agent) throw new HubError('conflict', 'no agent on the call to coach');
    const existing = all.find((l) => l.role === 'supervisor' && l.agentId === supervisorId && isLive(l));
    await this.rest(`${mode} on the call`, async () => {
      if (existing) await this.participant(existing, settings);
      else
        await this.ringAgent(
          conversationId,
          supervisorId,
          'supervisor',
          customer.role === 'caller' ? customer.toNumber : customer.fromNumber,
          settings,
        );
    });
    await this.event('call/monitor', conversationId, { mode }, supervisorId);
    return this.push(conversationId);
  }

  /**
   * Click-to-call and call-back: rings the agent first (softphone, phone or SIP per their setting) and only
   * when they answer (the agent leg's status callback says in-progress) dials the customer into the same
   * conference, so a customer never picks up to silence. With a conversation the call belongs to it (the
   * number defaults to the customer's phone). Returns the agent leg; the customer leg follows.
   */
  async dial(
    agentId: number,
    input: Readonly<{ to?: string; conversationId?: number; fromNumber?: string }>,
  ): Promise<{ callSid: string; conference: string; conversationId: number | null }> {
    let conversation: Conversation | undefined;
    let to = input.to !== undefined ? toE164(input.to, this.rt.region) : undefined;
    if (input.to !== undefined && !to) throw new HubError('invalid_input', `not a phone number: ${input.to}`);
    if (input.conversationId !== undefined) {
      this.rt.center.requireHeldBy(agentId, input.conversationId);
      conversation = await this.rt.center.requireConversation(input.conversationId);
      const live = (await callsOfConversation(this.rt.store, conversation.id)).filter(
        (l) => (isCustomerLeg(l) || l.role === 'agent') && isLive(l),
      );
      if (live.length > 0) throw new HubError('conflict', 'this conversation already has a live call');
      if (!to) {
        const customer = await getCustomerSummary(this.rt.store, conversation.customerId);
        to = customer?.identities.find((i) => i.kind === 'phone')?.value;
        if (!to) throw new HubError('invalid_input', 'the customer has no phone number; give one in "to"');
      }
    }
    const fromNumber =
      input.fromNumber !== undefined
        ? toE164(input.fromNumber, this.rt.region)
        : this.rt.numbers.forQueue(conversation?.queueId ?? '', 'voice')?.number;
    if (!fromNumber || !this.rt.numbers.get(fromNumber)?.voice)
      throw new HubError('invalid_input', 'fromNumber is not a voice number of this hub');
    const target = to as string;
    const name = conversation ? conferenceName(conversation.id) : `sb-out-${randomUUID().slice(0, 12)}`;
    const agentTo = await this.legAddress(agentId);
    const agentCall = await this.rest('ring your phone', () =>
      this.rt.client.calls.create({
        to: agentTo,
        from: fromNumber,
        twiml: outboundConferenceTwiml(name),
        statusCallback: callbackUrl(this.rt, '/voice/status', conversation ? { conversationId: conversation.id } : {}),
        statusCallbackMethod: 'POST',
        statusCallbackEvent: participantEvents,
        timeout: this.rt.config.voice.ringAgentSeconds,
      }),
    );
    const at = this.rt.now();
    await this.rt.store.write(async (tx) => {
      await insertCall(tx, {
        callSid: agentCall.sid,
        conversationId: conversation?.id ?? null,
        role: 'agent',
        agentId,
        fromNumber,
        toNumber: agentTo,
        status: agentCall.status,
        conference: name,
        inConference: true,
        at,
      });
      await appendEvent(tx, {
        at,
        type: 'call/outboundRinging',
        conversationId: conversation?.id ?? null,
        agentId,
        data: { to: target, from: fromNumber, agentCallSid: agentCall.sid },
      });
    });
    this.pendingDials.set(agentCall.sid, { agentId, target, fromNumber, name, conversationId: conversation?.id ?? null });
    if (conversation) await this.push(conversation.id);
    return { callSid: agentCall.sid, conference: name, conversationId: conversation?.id ?? null };
  }

  /**
   * The agent leg of a click-to-call changed: answered -> dial the customer into the conference; over before
   * that -> the customer is never called. Called by the status callback for every leg.
   */
  async continueDial(agentCallSid: string, status: string): Promise<void> {
    const pending = this.pendingDials.get(agentCallSid);
    if (!pending) return;
    if (finalStatuses.has(status)) {
      this.pendingDials.delete(agentCallSid);
      await this.event('call/outboundNotAnswered', pending.conversationId, { agentCallSid, status }, pending.agentId);
      return;
    }
    if (status !== 'in-progress') return;
    this.pendingDials.delete(agentCallSid);
    const query: Record<string, number> = pending.conversationId !== null ? { conversationId: pending.conversationId } : {};
    try {
      const customerCall = await this.rt.client.calls.create({
        to: pending.target,
        from: pending.fromNumber,
        twiml: outboundConferenceTwiml(pending.name),
        statusCallback: callbackUrl(this.rt, '/voice/status', query),
        statusCallbackMethod: 'POST',
        statusCallbackEvent: participantEvents,
      });
      const at = this.rt.now();
      await this.rt.store.write(async (tx) => {
        await insertCall(tx, {
          callSid: customerCall.sid,
          conversationId: pending.conversationId,
          role: 'outbound',
          agentId: pending.agentId,
          fromNumber: pending.fromNumber,
          toNumber: pending.target,
          status: customerCall.status,
          conference: pending.name,
          inConference: true,
          at,
        });
        await appendEvent(tx, {
          at,
          type: 'call/outbound',
          conversationId: pending.conversationId,
          agentId: pending.agentId,
          data: { to: pending.target, from: pending.fromNumber, callSid: customerCall.sid },
        });
      });
    } catch (error) {
      const { code, message } = restError(error);
      this.rt.log.warn({ err: error }, 'could not dial the customer after the agent answered');
      await this.event('call/outboundFailed', pending.conversationId, { code, message }, pending.agentId);
      // The agent is alone in the conference: end their leg rather than leave them listening to nothing.
      await this.rt.client
        .calls(agentCallSid)
        .update({ status: 'completed' })
        .catch((e: unknown) => this.rt.log.warn({ err: e }, 'could not end the agent leg'));
    }
    if (pending.conversationId !== null) await this.push(pending.conversationId);
  }

  track(promise: Promise<unknown>): void {
    const tracked = promise.catch((error: unknown) => this.rt.log.error({ err: error }, 'voice background work failed'));
    this.background.add(tracked);
    void tracked.finally(() => this.background.delete(tracked));
  }
}
