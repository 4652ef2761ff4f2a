import { z } from 'zod';
import { appendEvent } from '../../../store/repos/events';
import { getConversation } from '../../../store/repos/conversations';
import { findMessageByProviderId } from '../../../store/repos/messages';
import { isOpen } from '../../../contracts';
import { toE164 } from '../numbers';
import type { TwilioRuntime } from '../runtime';
import {
  eventDataOfCall,
  finalStatuses,
  getCall,
  insertCall,
  insertRecording,
  lastEventDataOfConversation,
  updateCall,
  type CallRow,
} from '../repo';
import { refusal, type WebhookReply, type WebhookRoute } from '../webhook';
import type { VoiceCalls } from './calls';
import { expectedWaitSeconds, recentVoiceAhtMs, servingAgents } from './expectedWait';

import {
  conferenceTwiml,
  enqueueTwiml,
  hangupTwiml,
  leaveQueueTwiml,
  queueLanguage,
  sayHangupTwiml,
  voicemailReasons,
  voicemailThanksTwiml,
  voicemailTwiml,
  waitTwiml,
  type VoicemailReason,
} from './twiml';

/** Appended when a leg is sent to voicemail, with the reason (its greeting and callback note depend on it). */
const VOICEMAIL_EVENT = 'call/voicemail';
const VoicemailReasonSchema = z.enum(voicemailReasons);

const CallSid = z.string().regex(/^CA[0-9a-fA-F]{32}$/, 'a Twilio call SID');
const RecordingSid = z.string().regex(/^RE[0-9a-fA-F]{32}$/, 'a Twilio recording SID');
const ConversationIdQuery = z.coerce.number().int().positive();

const IncomingCall = z.object({
  CallSid,
  AccountSid: z.string().min(1),
  From: z.string().max(64).default(''),
  To: z.string().min(1).max(64),
  CallStatus: z.string().max(32).default('ringing'),
  CallerName: z.string().max(200).optional(),
});

const WaitRequest = z.object({
  CallSid,
  QueuePosition: z.coerce.number().int().optional(),
  QueueTime: z.coerce.number().int().min(0).default(0),
});
const QueueResult = z.object({
  CallSid,
  QueueResult: z.enum(['bridged', 'bridging-in-process', 'queue-full', 'system-error', 'hangup', 'redirected', 'leave', 'error']),
  QueueTime: z.coerce.number().int().min(0).optional(),
});
const VoicemailRecorded = z.object({
  CallSid,
  From: z.string().max(64).default(''),
  To: z.string().max(64).default(''),
  RecordingSid: RecordingSid.optional(),
  RecordingUrl: z.string().url().max(2048).optional(),
  RecordingDuration: z.coerce.number().int().min(0).default(0),
});
const Transcription = z.object({
  CallSid,
  RecordingSid,
  TranscriptionSid: z.string().regex(/^TR[0-9a-fA-F]{32}$/),
  TranscriptionStatus: z.enum(['completed', 'failed']),
  TranscriptionText: z.string().max(20_000).default(''),
});

/** Is anyone who could take a call on this queue signed in and not away? (voicemail otherwise) */
function staffed(rt: TwilioRuntime, queueId: string): boolean {
  return rt.center
    .snapshots()
    .some((a) => a.connected && a.presence === 'available' && a.capacity.voice >= 1 && rt.center.router.canAgentServe(a.id, queueId));
}

function identityOf(rt: TwilioRuntime, from: string, callSid: string): { kind: 'phone' | 'external'; value: string } {
  const phone = toE164(from, rt.region);
  // Withheld numbers arrive as "anonymous", "+266696687" and the like: one customer per call, not one for all.
  return phone ? { kind: 'phone', value: phone } : { kind: 'external', value: `anonymous-caller:${callSid}` };
}

export function voiceInboundRoutes(rt: TwilioRuntime, calls: VoiceCalls): Array<WebhookRoute<z.ZodType>> {
  /**
   * The answer to a re-posted incoming-call webhook: TwiML that continues the call as it stands now, which is
   * the first answer while nothing has happened since (same <Enqueue>, same voicemail prompt).
   */
  async function answerAgain(leg: CallRow, queueId: string): Promise<WebhookReply> {
    const live = !finalStatuses.has(leg.status);
    if (leg.role === 'caller' && leg.conversationId !== null) {
      const conversation = await getConversation(rt.store, leg.conversationId);
      const over = !live || !conversation || conversation.state === 'closed' || conversation.state === 'abandoned';
      if (over) return { twiml: hangupTwiml() };
      // Already moved to the agent's conference: sending it back to the hold queue would cut the agent off.
      if (leg.inConference) return { twiml: conferenceTwiml(rt, leg.conversationId, conversation.queueId) };
      return { twiml: enqueueTwiml(rt, leg.conversationId, queueId, true) };
    }
    if (leg.role === 'voicemail') {
      const language = queueLanguage(rt, queueId);
      if (!live || leg.recordingSid !== null) return { twiml: voicemailThanksTwiml(language) };
      return { twiml: voicemailTwiml(rt, await voicemailReason(leg), leg.conversationId ?? undefined, language) };
    }
    // Our own outbound and agent legs never come through this webhook: a misconfigured number or TwiML App.
    return refusal(409, 'not_inbound', `call ${leg.callSid} is one of ours (${leg.role}), not an incoming call`);
  }

  /** Why a leg was sent to voicemail, as recorded when it was (else worked out again). */
  async function voicemailReason(leg: CallRow): Promise<VoicemailReason> {
    const data =
      leg.conversationId !== null
        ? await lastEventDataOfConversation(rt.store, leg.conversationId, VOICEMAIL_EVENT)
        : await eventDataOfCall(rt.store, leg.createdAt, VOICEMAIL_EVENT, leg.callSid);
    const recorded = VoicemailReasonSchema.safeParse(data !== undefined ? (JSON.parse(data) as { reason?: unknown }).reason : undefined);
    if (recorded.success) return recorded.data;
    if (leg.conversationId !== null) return 'timeout';
    const queueId = leg.toNumber ? rt.numbers.get(leg.toNumber)?.queueId : undefined;
    return queueId && !isOpen(rt.center.queue(queueId)?.hours, rt.now()) ? 'closed' : 'unstaffed';
  }

  const incoming: WebhookRoute<typeof IncomingCall> = {
    path: '/voice/incoming',
    schema: IncomingCall,
    async handle(call) {
      const ours = toE164(call.To, rt.region);
      const number = ours ? rt.numbers.get(ours) : undefined;
      if (!ours || !number?.voice) return refusal(404, 'unknown_number', `${call.To.slice(0, 32)} is not a voice number of this hub`);
      // A re-posted webhook (Twilio retries one that failed or timed out): answer with TwiML that continues
      // the call where it is now, store nothing. A 4xx here would make the caller hear an application error.
      const known = await getCall(rt.store, call.CallSid);
      if (known) return answerAgain(known, number.queueId);
      const queue = rt.center.queue(number.queueId);
      if (!queue) {
        rt.log.error({ queueId: number.queueId }, `twilio number ${ours} maps to a queue that does not exist`);
        return { twiml: sayHangupTwiml('voice.lineUnavailable') };
      }
      const from = identityOf(rt, call.From, call.CallSid);
      const at = rt.now();
      const reason: VoicemailReason | null = !isOpen(queue.hours, at)
        ? 'closed'
        : rt.config.voice.voicemailWhen === 'staffed' && !staffed(rt, queue.id)
          ? 'unstaffed'
          : null;
      if (reason) {
        // The leg and its reason in one commit: a retry of this webhook reads the reason back (answerAgain),
        // and two posts racing each other record one event.
        await rt.store.write(async (tx) => {
          const added = await insertCall(tx, {
            callSid: call.CallSid,
            conversationId: null,
            role: 'voicemail',
            fromNumber: from.value,
            toNumber: ours,
            status: call.CallStatus,
            at,
          });
          if (added) await appendEvent(tx, { at, type: VOICEMAIL_EVENT, data: { callSid: call.CallSid, reason, queueId: queue.id } });
        });
        return { twiml: voicemailTwiml(rt, reason, undefined, queue.language ?? 'en') };
      }
      const result = await rt.center.ingest({
        channel: 'voice',
        providerId: call.CallSid,
        from: { ...from, displayName: call.CallerName ?? null },
        queueId: queue.id,
        subject: null,
        bodyText: `Call from ${from.kind === 'phone' ? from.value : 'a withheld number'} to ${ours}`,
        meta: { kind: 'call', callSid: call.CallSid, from: from.value, to: ours },
      });
      // A retry after a crash between ingest and this insert finds the conversation (duplicate) and continues.
      await rt.store.write((tx) =>
        insertCall(tx, {
          callSid: call.CallSid,
          conversationId: result.conversation.id,
          role: 'caller',
          fromNumber: from.value,
          toNumber: ours,
          status: call.CallStatus,
          at,
        }),
      );
      return { twiml: enqueueTwiml(rt, result.conversation.id, queue.id, true) };
    },
  };

  /** The leg a queue callback names, checked against the conversation in its query (callbacks are signed, but stale). */
  async function waitingLeg(
    callSid: string,
    query: URLSearchParams,
  ): Promise<{ leg: CallRow; conversationId: number } | { refused: WebhookReply }> {
    const conversationId = ConversationIdQuery.safeParse(query.get('conversationId'));
    if (!conversationId.success) return { refused: refusal(400, 'invalid_input', 'conversationId query parameter is missing') };
    const leg = await getCall(rt.store, callSid);
    if (!leg || leg.conversationId !== conversationId.data) return { refused: refusal(404, 'unknown_call', 'no such waiting call') };
    return { leg, conversationId: conversationId.data };
  }

  const wait: WebhookRoute<typeof WaitRequest> = {
    path: '/voice/wait',
    schema: WaitRequest,
    async handle(req, { query }) {
      const waiting = await waitingLeg(req.CallSid, query);
      if ('refused' in waiting) return waiting.refused;
      const { conversationId } = waiting;
      const max = rt.config.voice.maxWaitSeconds;
      if (max > 0 && req.QueueTime >= max) return { twiml: leaveQueueTwiml() };
      const position = rt.center.router.positionOf(conversationId);
      const queueId = (await getConversation(rt.store, conversationId))?.queueId;
      const expected =
        queueId === undefined
          ? null
          : expectedWaitSeconds(
              position,
              servingAgents(rt.center.snapshots(), (agentId) => rt.center.router.canAgentServe(agentId, queueId)),
              recentVoiceAhtMs(rt.metrics(), queueId, rt.now()),
            );
      return { twiml: waitTwiml(rt, position, req.QueueTime < 2, expected, queueLanguage(rt, queueId)) };
    },
  };

  const queueResult: WebhookRoute<typeof QueueResult> = {
    path: '/voice/queue-result',
    schema: QueueResult,
    async handle(req, { query }) {
      const waiting = await waitingLeg(req.CallSid, query);
      if ('refused' in waiting) return waiting.refused;
      const { leg, conversationId } = waiting;
      switch (req.QueueResult) {
        case 'hangup': {
          await rt.store.write((tx) => updateCall(tx, req.CallSid, { status: 'completed', endedAt: rt.now() }, rt.now()));
          await rt.center.abandon(conversationId, 'caller_hangup');
          await calls.push(conversationId);
          return {};
        }
        case 'leave':
        case 'queue-full':
        case 'system-error':
        case 'error': {
          // Waited longer than maxWaitSeconds (or Twilio's queue failed): the waiting conversation becomes a
          // callback item carrying the voicemail; the leg is no longer a caller to bridge.
          const reason: VoicemailReason = req.QueueResult === 'leave' ? 'timeout' : 'queue_error';
          const at = rt.now();
          await rt.store.write(async (tx) => {
            // Once per leg (this callback may be retried): the reason answerAgain reads back.
            if (leg.role !== 'voicemail')
              await appendEvent(tx, {
                at,
                type: VOICEMAIL_EVENT,
                conversationId,
                data: { callSid: req.CallSid, reason },
              });
            await updateCall(tx, req.CallSid, { role: 'voicemail' }, at);
          });
          return {
            twiml: voicemailTwiml(
              rt,
              reason,
              conversationId,
              queueLanguage(rt, (await getConversation(rt.store, conversationId))?.queueId),
            ),
          };
        }
        case 'bridged':
        case 'bridging-in-process':
        case 'redirected':
          return {};
      }
    },
  };

  const voicemail: WebhookRoute<typeof VoicemailRecorded> = {
    path: '/voice/voicemail',
    schema: VoicemailRecorded,
    async handle(vm, { query }) {
      const leg = await getCall(rt.store, vm.CallSid);
      if (!leg) return refusal(404, 'unknown_call', 'no such call');
      const queueId = (leg.toNumber ? rt.numbers.get(leg.toNumber)?.queueId : undefined) ?? rt.numbers.all()[0]?.queueId;
      const language = queueLanguage(rt, queueId);
      if (!vm.RecordingSid || !vm.RecordingUrl || vm.RecordingDuration === 0) return { twiml: sayHangupTwiml('voice.noMessage', language) };
      const conversationId = ConversationIdQuery.safeParse(query.get('conversationId'));
      if (!queueId) return refusal(404, 'unknown_number', 'no queue for this number');
      const from = identityOf(rt, leg.fromNumber ?? vm.From, vm.CallSid);
      const result = await rt.center.ingest({
        channel: 'voice',
        providerId: vm.RecordingSid,
        from,
        queueId,
        ...(conversationId.success ? { conversationId: conversationId.data } : {}),
        subject: 'Voicemail: call back',
        bodyText: `Voicemail from ${from.kind === 'phone' ? from.value : 'a withheld number'} (${vm.RecordingDuration} s). Please call back.`,
        meta: {
          kind: 'voicemail',
          callback: true,
          recordingUrl: vm.RecordingUrl,
          recordingSid: vm.RecordingSid,
          durationS: vm.RecordingDuration,
          callSid: vm.CallSid,
          reason: query.get('reason'),
        },
      });
      // A re-post finds the voicemail already stored (ingest dedupes on the RecordingSid) and gets the same
      // answer; the leg update is repeated in case a crash came between the two commits.
      await rt.store.write(async (tx) => {
        await updateCall(
          tx,
          vm.CallSid,
          {
            conversationId: result.conversation.id,
            role: 'voicemail',
            recordingUrl: vm.RecordingUrl ?? null,
            recordingSid: vm.RecordingSid ?? null,
          },
          rt.now(),
        );
        if (vm.RecordingSid)
          await insertRecording(tx, {
            recordingSid: vm.RecordingSid,
            conversationId: result.conversation.id,
            callSid: vm.CallSid,
            kind: 'voicemail',
            durationS: vm.RecordingDuration,
            createdAt: rt.now(),
          });
      });
      if (result.outcome !== 'duplicate') {
        await calls.event('call/voicemailLeft', result.conversation.id, {
          callSid: vm.CallSid,
          recordingSid: vm.RecordingSid,
          durationS: vm.RecordingDuration,
        });
      }
      return { twiml: voicemailThanksTwiml(language) };
    },
  };

  const transcription: WebhookRoute<typeof Transcription> = {
    path: '/voice/transcription',
    schema: Transcription,
    async handle(t) {
      const recording = await findMessageByProviderId(rt.store, t.RecordingSid);
      if (!recording) return refusal(404, 'not_found', `no voicemail with recording ${t.RecordingSid}`);
      const leg = await getCall(rt.store, t.CallSid);
      const from = identityOf(rt, leg?.fromNumber ?? '', t.CallSid);
      const conversation = await rt.center.requireConversation(recording.conversationId);
      // A re-post is deduped by ingest on the TranscriptionSid and answered 200 like the first.
      await rt.center.ingest({
        channel: 'voice',
        providerId: t.TranscriptionSid,
        from,
        queueId: conversation.queueId,
        conversationId: conversation.id,
        bodyText: t.TranscriptionStatus === 'completed' ? t.TranscriptionText : '(transcription failed)',
        meta: { kind: 'transcription', recordingSid: t.RecordingSid, status: t.TranscriptionStatus },
        // Adds to the callback item; never reopens or creates work by itself.
        routable: false,
      });
      return {};
    },
  };

  return [incoming, wait, queueResult, voicemail, transcription] as Array<WebhookRoute<z.ZodType>>;
}
