import { z } from 'zod';
import { getConversation } from '../../../store/repos/conversations';
import type { TwilioRuntime } from '../runtime';
import { refusal, type WebhookRoute } from '../webhook';
import type { VoiceCalls } from './calls';
import { callsOfConversation, finalStatuses, getCall, insertRecording, updateCall } from '../repo';

const CallStatus = z.enum([
  'queued',
  'initiated',
  'ringing',
  'in-progress',
  'answered',
  'completed',
  'busy',
  'no-answer',
  'failed',
  'canceled',
]);

const StatusCallback = z.object({
  CallSid: z.string().regex(/^CA[0-9a-fA-F]{32}$/),
  CallStatus,
  CallDuration: z.coerce.number().int().min(0).optional(),
  SipResponseCode: z.string().max(8).optional(),
});

const RecordingCallback = z.object({
  RecordingSid: z.string().regex(/^RE[0-9a-fA-F]{32}$/),
  RecordingUrl: z.string().url().max(2048),
  RecordingStatus: z.enum(['in-progress', 'completed', 'absent', 'failed']),
  RecordingDuration: z.coerce.number().int().min(0).optional(),
  CallSid: z
    .string()
    .regex(/^CA[0-9a-fA-F]{32}$/)
    .optional(),
});

const notAnswered = new Set(['busy', 'no-answer', 'failed', 'canceled']);

/** POST /twilio/voice/status: progress of every leg (the number's status callback and our participants). */
export function voiceStatusRoutes(rt: TwilioRuntime, calls: VoiceCalls): Array<WebhookRoute<z.ZodType>> {
  const status: WebhookRoute<typeof StatusCallback> = {
    path: '/voice/status',
    schema: StatusCallback,
    async handle(cb) {
      const leg = await getCall(rt.store, cb.CallSid);
      if (!leg) {
        // Signed news of a call we never stored (its incoming webhook was refused or failed, the number's status
        // callback still fires): a 4xx would only count as a failed delivery at Twilio. Acknowledge, keep nothing.
        rt.log.warn({ callSid: cb.CallSid, status: cb.CallStatus }, 'voice status callback for an unknown call ignored');
        return {};
      }
      if (finalStatuses.has(leg.status) && leg.status === cb.CallStatus) return {}; // Repeated news.
      const status = cb.CallStatus === 'answered' ? 'in-progress' : cb.CallStatus;
      const final = finalStatuses.has(status);
      // A late or re-posted earlier callback ('ringing', 'in-progress') for a leg that is already over: the leg
      // must not come back to life (it would block voice/dial and look live to the agent). 200, nothing changes.
      if (finalStatuses.has(leg.status) && !final) return {};
      const now = rt.now();
      await rt.store.write((tx) =>
        updateCall(tx, leg.callSid, { status, ...(final ? { endedAt: leg.endedAt ?? now, durationS: cb.CallDuration ?? null } : {}) }, now),
      );
      await calls.event('call/status', leg.conversationId, { callSid: leg.callSid, role: leg.role, status }, leg.agentId);
      // A click-to-call rings the agent first; the customer is dialled when the agent answers.
      if (leg.role === 'agent') await calls.continueDial(leg.callSid, status);
      if (leg.conversationId === null) return {};
      const conversation = await getConversation(rt.store, leg.conversationId);
      if (!conversation) return {};
      const waiting = conversation.state === 'queued' || conversation.state === 'offered';

      if (final && leg.role === 'caller' && waiting) {
        await rt.center.abandon(conversation.id, 'caller_hangup');
      } else if (final && leg.role === 'voicemail' && waiting && leg.recordingSid === null) {
        // Left the queue for voicemail, then hung up without a message.
        await rt.center.abandon(conversation.id, 'caller_hangup');
      } else if (
        final &&
        (leg.role === 'caller' || leg.role === 'outbound') &&
        conversation.state === 'active' &&
        conversation.assignedAgentId !== null
      ) {
        // The customer hung up on the agent: the call is over, the agent wraps up.
        await rt.center
          .wrapUp(conversation.assignedAgentId, conversation.id)
          .catch((error: unknown) => rt.log.warn({ err: error }, 'auto wrap-up failed'));
      } else if (
        leg.role === 'agent' &&
        notAnswered.has(status) &&
        leg.agentId !== null &&
        conversation.state === 'active' &&
        conversation.assignedAgentId === leg.agentId &&
        // Only a caller waiting in the conference is handed on; an agent who let their own call-back ring
        // out keeps the conversation (nobody was dialled).
        (await callsOfConversation(rt.store, conversation.id)).some((l) => l.role === 'caller' && !finalStatuses.has(l.status))
      ) {
        // The agent's softphone did not pick up: the caller waits in the conference while the work is requeued.
        await calls.requeue(conversation, leg.agentId, `softphone did not answer (${status})`);
      } else if ((leg.role === 'agent' || leg.role === 'consult') && status === 'in-progress') {
        const caller = (await calls.state(conversation.id)).legs.find(
          (l) => (l.role === 'caller' || l.role === 'outbound') && l.endedAt === null,
        );
        // An agent who takes over after a cold transfer finds the caller on hold; the consult case keeps it.
        if (leg.role === 'agent' && caller?.onHold) await calls.resume(conversation.id, caller.callSid);
      }
      await calls.push(conversation.id);
      return {};
    },
  };

  const recording: WebhookRoute<typeof RecordingCallback> = {
    path: '/voice/recording',
    schema: RecordingCallback,
    async handle(rec, { query }) {
      const conversationId = z.coerce.number().int().positive().safeParse(query.get('conversationId'));
      if (!conversationId.success) return refusal(400, 'invalid_input', 'conversationId query parameter is missing');
      const caller = (await callsOfConversation(rt.store, conversationId.data)).find((l) => l.role === 'caller' || l.role === 'outbound');
      if (!caller) {
        rt.log.warn(
          { conversationId: conversationId.data, recordingSid: rec.RecordingSid },
          'recording callback for a conversation without a call ignored',
        );
        return {};
      }
      if (rec.RecordingStatus !== 'completed') return {};
      // A re-post of a recording already kept: nothing to add (no second event, no second push).
      if (caller.recordingSid === rec.RecordingSid) return {};
      await rt.store.write(async (tx) => {
        await updateCall(tx, caller.callSid, { recordingUrl: rec.RecordingUrl, recordingSid: rec.RecordingSid }, rt.now());
        // The reference the desk plays it by (the audio stays at Twilio; see recordings.ts).
        await insertRecording(tx, {
          recordingSid: rec.RecordingSid,
          conversationId: conversationId.data,
          callSid: rec.CallSid ?? caller.callSid,
          kind: 'call',
          durationS: rec.RecordingDuration ?? null,
          createdAt: rt.now(),
        });
      });
      await calls.event('call/recording', conversationId.data, {
        recordingSid: rec.RecordingSid,
        recordingUrl: rec.RecordingUrl,
        durationS: rec.RecordingDuration ?? null,
      });
      await calls.push(conversationId.data);
      return {};
    },
  };

  return [status, recording] as Array<WebhookRoute<z.ZodType>>;
}
