import { z } from 'zod';
import { findMessageByProviderId } from '../../../store/repos/messages';
import { isOpen } from '../hours';
import { toE164 } from '../numbers';
import type { TwilioRuntime } from '../runtime';
import { refusal, type WebhookRoute } from '../webhook';
import type { VoiceCalls } from './calls';
import { getCall, insertCall, updateCall } from './callRepo';
import { enqueueTwiml, leaveQueueTwiml, sayHangupTwiml, voicemailTwiml, waitTwiml, type VoicemailReason } from './twiml';

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

const WaitRequest = z.object({ CallSid, QueuePosition: z.coerce.number().int().optional(), QueueTime: z.coerce.number().int().min(0).default(0) });
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
  const incoming: WebhookRoute<typeof IncomingCall> = {
    path: '/voice/incoming',
    schema: IncomingCall,
    async handle(call) {
      const ours = toE164(call.To, rt.region);
      const number = ours ? rt.numbers.get(ours) : undefined;
      if (!ours || !number?.voice) return refusal(404, 'unknown_number', `${call.To.slice(0, 32)} is not a voice number of this hub`);
      if (await getCall(rt.store, call.CallSid)) return refusal(409, 'duplicate', `call ${call.CallSid} was already received; nothing stored`);
      const queue = rt.center.queue(number.queueId);
      if (!queue) {
        rt.log.error({ queueId: number.queueId }, `twilio number ${ours} maps to a queue that does not exist`);
        return { twiml: sayHangupTwiml('Sorry, this line is not available. Goodbye.') };
      }
      const from = identityOf(rt, call.From, call.CallSid);
      const at = rt.now();
      const reason: VoicemailReason | null = !isOpen(rt.config.hours[queue.id], at)
        ? 'closed'
        : rt.config.voice.voicemailWhen === 'staffed' && !staffed(rt, queue.id)
          ? 'unstaffed'
          : null;
      if (reason) {
        await rt.store.write((tx) =>
          insertCall(tx, { callSid: call.CallSid, conversationId: null, role: 'voicemail', fromNumber: from.value, toNumber: ours, status: call.CallStatus, at }),
        );
        await calls.event('call/voicemail', null, { callSid: call.CallSid, reason, queueId: queue.id });
        return { twiml: voicemailTwiml(rt, reason) };
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
        insertCall(tx, { callSid: call.CallSid, conversationId: result.conversation.id, role: 'caller', fromNumber: from.value, toNumber: ours, status: call.CallStatus, at }),
      );
      return { twiml: enqueueTwiml(rt, result.conversation.id, queue.id) };
    },
  };

  const wait: WebhookRoute<typeof WaitRequest> = {
    path: '/voice/wait',
    schema: WaitRequest,
    async handle(req, { query }) {
      const conversationId = ConversationIdQuery.safeParse(query.get('conversationId'));
      if (!conversationId.success) return refusal(400, 'invalid_input', 'conversationId query parameter is missing');
      const leg = await getCall(rt.store, req.CallSid);
      if (!leg || leg.conversationId !== conversationId.data) return refusal(404, 'unknown_call', 'no such waiting call');
      const max = rt.config.voice.maxWaitSeconds;
      if (max > 0 && req.QueueTime >= max) return { twiml: leaveQueueTwiml() };
      return { twiml: waitTwiml(rt, rt.center.router.positionOf(conversationId.data), req.QueueTime < 2) };
    },
  };

  const queueResult: WebhookRoute<typeof QueueResult> = {
    path: '/voice/queue-result',
    schema: QueueResult,
    async handle(req, { query }) {
      const conversationId = ConversationIdQuery.safeParse(query.get('conversationId'));
      if (!conversationId.success) return refusal(400, 'invalid_input', 'conversationId query parameter is missing');
      const leg = await getCall(rt.store, req.CallSid);
      if (!leg || leg.conversationId !== conversationId.data) return refusal(404, 'unknown_call', 'no such waiting call');
      switch (req.QueueResult) {
        case 'hangup': {
          await rt.store.write((tx) => updateCall(tx, req.CallSid, { status: 'completed', endedAt: rt.now() }, rt.now()));
          await rt.center.abandon(conversationId.data, 'caller_hangup');
          await calls.push(conversationId.data);
          return {};
        }
        case 'leave':
        case 'queue-full':
        case 'system-error':
        case 'error':
          // Waited longer than maxWaitSeconds (or Twilio's queue failed): the waiting conversation becomes a
          // callback item carrying the voicemail; the leg is no longer a caller to bridge.
          await rt.store.write((tx) => updateCall(tx, req.CallSid, { role: 'voicemail' }, rt.now()));
          return { twiml: voicemailTwiml(rt, req.QueueResult === 'leave' ? 'timeout' : 'queue_error', conversationId.data) };
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
      if (!vm.RecordingSid || !vm.RecordingUrl || vm.RecordingDuration === 0) return { twiml: sayHangupTwiml('We did not get a message. Goodbye.') };
      if (await findMessageByProviderId(rt.store, vm.RecordingSid)) return refusal(409, 'duplicate', `voicemail ${vm.RecordingSid} was already stored`);
      const conversationId = ConversationIdQuery.safeParse(query.get('conversationId'));
      const queueId = (leg.toNumber ? rt.numbers.get(leg.toNumber)?.queueId : undefined) ?? rt.numbers.all()[0]?.queueId;
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
        meta: { kind: 'voicemail', callback: true, recordingUrl: vm.RecordingUrl, recordingSid: vm.RecordingSid, durationS: vm.RecordingDuration, callSid: vm.CallSid, reason: query.get('reason') },
      });
      await rt.store.write((tx) =>
        updateCall(tx, vm.CallSid, { conversationId: result.conversation.id, role: 'voicemail', recordingUrl: vm.RecordingUrl ?? null, recordingSid: vm.RecordingSid ?? null }, rt.now()),
      );
      await calls.event('call/voicemailLeft', result.conversation.id, { callSid: vm.CallSid, recordingSid: vm.RecordingSid, durationS: vm.RecordingDuration });
      return { twiml: sayHangupTwiml('Thank you. We will call you back. Goodbye.') };
    },
  };

  const transcription: WebhookRoute<typeof Transcription> = {
    path: '/voice/transcription',
    schema: Transcription,
    async handle(t) {
      const recording = await findMessageByProviderId(rt.store, t.RecordingSid);
      if (!recording) return refusal(404, 'not_found', `no voicemail with recording ${t.RecordingSid}`);
      if (await findMessageByProviderId(rt.store, t.TranscriptionSid)) return refusal(409, 'duplicate', `transcription ${t.TranscriptionSid} was already stored`);
      const leg = await getCall(rt.store, t.CallSid);
      const from = identityOf(rt, leg?.fromNumber ?? '', t.CallSid);
      const conversation = await rt.center.requireConversation(recording.conversationId);
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
