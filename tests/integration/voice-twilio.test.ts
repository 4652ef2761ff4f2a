import { describe, expect, it } from 'vitest';
import { sql } from '../../services/store/sql';
import { eventsForConversation } from '../../services/store/repos/events';
import type { AgentClient } from '../support/agentClient';
import { supportQueue, type TestHub } from '../support/testHub';
import { salesQueue, twilioHubs, type TwilioHubOptions } from '../support/twilioHub';
import { until } from '../support/until';
import {
  ACCOUNT_SID,
  API_KEY,
  CONFERENCE_SID,
  PUBLIC_URL,
  SALES_NUMBER,
  SUPPORT_NUMBER,
  parseTwiml,
  postWebhook,
  sid,
  type TwimlNode,
} from '../support/twilioFake';

const CALLER = '+15557654321';
const startHub = twilioHubs();

async function setup(over: Record<string, unknown> = {}, connect = ['ann', 'bob'], options: TwilioHubOptions = {}) {
  const { t, fake } = await startHub(
    [{ username: 'ann' }, { username: 'bob' }, { username: 'sue', role: 'supervisor' as const }],
    over,
    options,
  );
  const clients: Record<string, AgentClient> = {};
  for (const a of connect) clients[a] = await t.connect(a, `${a}-password`);
  return { t, fake, clients };
}

const today = () => new Date().toISOString().slice(0, 10);
const allWeek = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
/** Open around the clock except today, a holiday: closed now by an exception, not by an empty week. */
const holidayToday = () => ({ timeZone: 'UTC', weekly: allWeek, exceptions: [{ date: today(), label: 'Holiday' }] });
const closedSupport = () => ({ queues: [{ ...supportQueue, hours: holidayToday() }, salesQueue] });

const agentId = (t: TestHub, username: string) => t.hub.center.snapshots().find((a) => a.username === username)!.id;
const child = (node: TwimlNode, name: string) => node.children.find((c) => c.name === name);

async function incomingCall(t: TestHub, over: Record<string, string> = {}) {
  const params = {
    CallSid: sid('CA'),
    AccountSid: ACCOUNT_SID,
    From: CALLER,
    To: SUPPORT_NUMBER,
    CallStatus: 'ringing',
    Direction: 'inbound',
    ...over,
  };
  const res = await postWebhook(t.hub.url, '/twilio/voice/incoming', params);
  return { params, res, twiml: res.status === 200 ? parseTwiml(res.text) : null };
}

const status = (t: TestHub, CallSid: string, CallStatus: string, query = '') =>
  postWebhook(t.hub.url, `/twilio/voice/status${query}`, { CallSid, AccountSid: ACCOUNT_SID, CallStatus });

describe('voice over Twilio', () => {
  it('queues an inbound call with <Enqueue>, announces positions, and on accept bridges caller and agent in a conference', async () => {
    const { t, fake, clients } = await setup();
    const { ann } = clients as { ann: AgentClient };
    await ann.ok('presence/set', { presence: 'available' });

    const first = await incomingCall(t);
    expect(first.res.status).toBe(200);
    const enqueue = child(first.twiml!, 'Enqueue')!;
    const offer = await ann.waitFor('offer/new', (o) => o.channel === 'voice');
    expect(enqueue.text).toBe('sb-support');
    expect(enqueue.attrs.waitUrl).toBe(`${PUBLIC_URL}/twilio/voice/wait?conversationId=${offer.conversationId}`);
    expect(enqueue.attrs.action).toBe(`${PUBLIC_URL}/twilio/voice/queue-result?conversationId=${offer.conversationId}`);
    expect(offer.customer.identities).toEqual([{ kind: 'phone', value: CALLER }]);

    // Two more callers wait behind the offered one; the wait URL announces their place in our queue.
    const second = await incomingCall(t);
    const third = await incomingCall(t);
    const c3 = Number(new URL(child(third.twiml!, 'Enqueue')!.attrs.waitUrl!).searchParams.get('conversationId'));
    const wait = await postWebhook(t.hub.url, `/twilio/voice/wait?conversationId=${c3}`, {
      CallSid: third.params.CallSid,
      AccountSid: ACCOUNT_SID,
      QueuePosition: '2',
      QueueTime: '0',
    });
    const waitTwiml = parseTwiml(wait.text);
    expect(child(waitTwiml, 'Say')!.text).toMatch(/please stay on the line\. You are number 2 in line\.$/);
    expect(child(waitTwiml, 'Pause')!.attrs.length).toBe('30');
    const c2 = Number(new URL(child(second.twiml!, 'Enqueue')!.attrs.waitUrl!).searchParams.get('conversationId'));
    const wait2 = await postWebhook(t.hub.url, `/twilio/voice/wait?conversationId=${c2}`, {
      CallSid: second.params.CallSid,
      AccountSid: ACCOUNT_SID,
      QueueTime: '40',
    });
    expect(child(parseTwiml(wait2.text), 'Say')!.text).toBe('You are next in line.');

    const conversation = await ann.ok('offer/accept', { offerId: offer.offerId });
    const callUpdate = await until(() => fake.find('POST', new RegExp(`/Calls/${first.params.CallSid}\\.json$`))[0]);
    const conference = child(child(parseTwiml(callUpdate.form.Twiml as string), 'Dial')!, 'Conference')!;
    expect(conference.text).toBe(`sb-conv-${conversation.id}`);
    expect(conference.attrs).toMatchObject({ startConferenceOnEnter: 'false', endConferenceOnExit: 'true' });
    const ring = await until(() => fake.find('POST', /\/Conferences\/[^/]+\/Participants\.json$/)[0]);
    expect(ring.path).toContain(`/Conferences/sb-conv-${conversation.id}/Participants.json`);
    expect(ring.form).toMatchObject({
      To: `client:agent-${agentId(t, 'ann')}`,
      From: SUPPORT_NUMBER,
      StatusCallback: `${PUBLIC_URL}/twilio/voice/status?conversationId=${conversation.id}`,
    });
    expect(ring.form.StatusCallbackEvent).toEqual(['initiated', 'ringing', 'answered', 'completed']);

    const state = await until(async () => {
      const s = await ann.ok('voice/call', { conversationId: conversation.id });
      return s.legs.length === 2 ? s : undefined;
    });
    expect(state.conference).toBe(`sb-conv-${conversation.id}`);
    const agentLeg = state.legs.find((l) => l.role === 'agent')!;
    expect((await status(t, agentLeg.callSid, 'ringing')).status).toBe(200);
    expect((await status(t, agentLeg.callSid, 'in-progress')).status).toBe(200);

    const held = await ann.ok('voice/hold', { conversationId: conversation.id, hold: true });
    expect(held.legs.find((l) => l.role === 'caller')?.onHold).toBe(true);
    const holdReq = fake.find('POST', new RegExp(`/Conferences/${CONFERENCE_SID}/Participants/${first.params.CallSid}\\.json$`)).at(-1)!;
    expect(holdReq.form).toMatchObject({ Hold: 'true' });
    await ann.ok('voice/hold', { conversationId: conversation.id, hold: false });
    const muted = await ann.ok('voice/mute', { conversationId: conversation.id, muted: true });
    expect(muted.legs.find((l) => l.role === 'agent')?.muted).toBe(true);
    expect(fake.find('POST', new RegExp(`/Participants/${agentLeg.callSid}\\.json$`)).at(-1)!.form).toMatchObject({ Muted: 'true' });

    // Recording arrives; the caller hangs up: the agent goes to wrap-up.
    const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/RE1`;
    await postWebhook(t.hub.url, `/twilio/voice/recording?conversationId=${conversation.id}`, {
      AccountSid: ACCOUNT_SID,
      RecordingSid: sid('RE'),
      RecordingUrl: recordingUrl,
      RecordingStatus: 'completed',
      RecordingDuration: '42',
    });
    expect((await status(t, first.params.CallSid, 'completed')).status).toBe(200);
    await ann.waitFor('conversation/updated', (c) => c.id === conversation.id && c.state === 'wrap_up');
    const final = await ann.waitFor(
      'voice/call',
      (s) =>
        s.conversationId === conversation.id &&
        s.recordingUrl === recordingUrl &&
        s.legs.some((l) => l.role === 'caller' && l.endedAt !== null),
    );
    expect(final.legs.find((l) => l.role === 'caller')?.status).toBe('completed');
    const types = (await eventsForConversation(t.hub.store, conversation.id)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'conversation/accepted',
        'call/agentRung',
        'call/hold',
        'call/resume',
        'call/recording',
        'call/status',
        'conversation/wrapUp',
      ]),
    );
  });

  it('a caller hanging up while queued abandons the conversation with the time waited', async () => {
    const { t, clients } = await setup();
    await clients.ann!.ok('presence/set', { presence: 'available' });
    await clients.bob!.ok('presence/set', { presence: 'available' });
    // Both agents get a call; the third caller waits and hangs up.
    await incomingCall(t);
    await incomingCall(t);
    const waiting = await incomingCall(t);
    const conversationId = Number(new URL(child(waiting.twiml!, 'Enqueue')!.attrs.action!).searchParams.get('conversationId'));
    const res = await postWebhook(t.hub.url, `/twilio/voice/queue-result?conversationId=${conversationId}`, {
      CallSid: waiting.params.CallSid,
      AccountSid: ACCOUNT_SID,
      QueueResult: 'hangup',
      QueueTime: '12',
    });
    expect(res.status).toBe(200);
    const abandoned = (await eventsForConversation(t.hub.store, conversationId)).find((e) => e.type === 'conversation/abandoned');
    expect(abandoned?.data).toMatchObject({ reason: 'caller_hangup' });
    expect(typeof abandoned?.data.waitMs).toBe('number');
    expect((await t.hub.center.requireConversation(conversationId)).state).toBe('abandoned');
    // The number's status callback arrives too: nothing changes twice.
    expect((await status(t, waiting.params.CallSid, 'completed')).status).toBe(200);
    expect((await eventsForConversation(t.hub.store, conversationId)).filter((e) => e.type === 'conversation/abandoned')).toHaveLength(1);
  });

  it('with nobody signed in the caller gets voicemail, which becomes a callback item; the agent calls back through REST', async () => {
    const { t, fake, clients } = await setup({}, []);
    void clients;
    const call = await incomingCall(t);
    const record = child(call.twiml!, 'Record')!;
    expect(child(call.twiml!, 'Say')!.text).toMatch(/leave a message/);
    expect(record.attrs).toMatchObject({
      action: `${PUBLIC_URL}/twilio/voice/voicemail?reason=unstaffed`,
      transcribe: 'true',
      transcribeCallback: `${PUBLIC_URL}/twilio/voice/transcription`,
      maxLength: '120',
    });
    expect(await t.hub.store.get(sql`SELECT id FROM conversation`)).toBeUndefined();

    const recordingSid = sid('RE');
    const vm = await postWebhook(t.hub.url, '/twilio/voice/voicemail?reason=unstaffed', {
      CallSid: call.params.CallSid,
      AccountSid: ACCOUNT_SID,
      From: CALLER,
      To: SUPPORT_NUMBER,
      RecordingSid: recordingSid,
      RecordingUrl: `https://api.twilio.com/Recordings/${recordingSid}`,
      RecordingDuration: '17',
    });
    expect(child(parseTwiml(vm.text), 'Hangup')).toBeDefined();
    const row = await t.hub.store.get<{ id: number; state: string; subject: string }>(sql`SELECT id, state, subject FROM conversation`);
    expect(row).toMatchObject({ state: 'queued', subject: 'Voicemail: call back' });
    const transcriptionSid = sid('TR');
    const tr = await postWebhook(t.hub.url, '/twilio/voice/transcription', {
      CallSid: call.params.CallSid,
      AccountSid: ACCOUNT_SID,
      RecordingSid: recordingSid,
      TranscriptionSid: transcriptionSid,
      TranscriptionStatus: 'completed',
      TranscriptionText: 'Hi, please call me about my invoice.',
    });
    expect(tr.status).toBe(200);
    expect((await status(t, call.params.CallSid, 'completed')).status).toBe(200);

    // An agent signs in later and gets the callback item, with the recording and the transcription.
    const ann = await t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    const offer = await ann.waitFor('offer/new', (o) => o.conversationId === row!.id);
    expect(offer.subject).toBe('Voicemail: call back');
    await ann.ok('offer/accept', { offerId: offer.offerId });
    const { messages } = await ann.ok('conversation/get', { conversationId: row!.id });
    expect(messages.map((m) => m.meta.kind)).toEqual(['voicemail', 'transcription']);
    expect(messages[0]!.meta.recordingUrl).toBe(`https://api.twilio.com/Recordings/${recordingSid}`);
    expect(messages[1]!.bodyText).toBe('Hi, please call me about my invoice.');
    expect(fake.find('POST', /\/Participants\.json$/)).toHaveLength(0); // Nobody to bridge: no live caller.

    // The agent's softphone rings first; the customer is dialled only once the agent has answered.
    const dialed = await ann.ok('voice/dial', { conversationId: row!.id });
    expect(fake.find('POST', /\/Calls\.json$/).map((c) => c.form.To)).toEqual([`client:agent-${agentId(t, 'ann')}`]);
    await status(t, dialed.callSid, 'ringing');
    expect(fake.find('POST', /\/Calls\.json$/)).toHaveLength(1);
    await status(t, dialed.callSid, 'in-progress');
    await until(() => fake.find('POST', /\/Calls\.json$/).length === 2);
    const creates = fake.find('POST', /\/Calls\.json$/);
    expect(creates.map((c) => c.form.To)).toEqual([`client:agent-${agentId(t, 'ann')}`, CALLER]);
    expect(creates.every((c) => c.form.From === SUPPORT_NUMBER)).toBe(true);
    expect(child(child(parseTwiml(creates[1]!.form.Twiml as string), 'Dial')!, 'Conference')!.text).toBe(`sb-conv-${row!.id}`);
    expect(dialed).toMatchObject({ conference: `sb-conv-${row!.id}`, conversationId: row!.id });
    expect((await ann.command('voice/dial', { conversationId: row!.id })).ok).toBe(false); // one live call per conversation

    // Click-to-call on a bare number.
    const bare = await ann.ok('voice/dial', { to: '(555) 123-4567' });
    expect(bare.conversationId).toBeNull();
    expect(fake.find('POST', /\/Calls\.json$/).at(-1)!.form.To).toBe(`client:agent-${agentId(t, 'ann')}`);
    await status(t, bare.callSid, 'in-progress');
    await until(() => fake.find('POST', /\/Calls\.json$/).at(-1)!.form.To === '+15551234567');
    // An agent who does not pick up: the customer is never called.
    const unanswered = await ann.ok('voice/dial', { to: '(555) 765-0000' });
    await status(t, unanswered.callSid, 'no-answer');
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.find('POST', /\/Calls\.json$/).some((c) => c.form.To === '+15557650000')).toBe(false);
    expect(await ann.command('voice/dial', { to: '12' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it("outside the queue's business hours plays the closed greeting and records, and follows the hours as an admin changes them", async () => {
    const { t, clients } = await setup({}, ['ann', 'bob'], closedSupport());
    await clients.ann!.ok('presence/set', { presence: 'available' });
    const call = await incomingCall(t);
    expect(child(call.twiml!, 'Say')!.text).toMatch(/We are closed/);
    expect(child(call.twiml!, 'Record')!.attrs.action).toBe(`${PUBLIC_URL}/twilio/voice/voicemail?reason=closed`);
    expect(clients.ann!.received('offer/new')).toHaveLength(0);

    // The admin takes the holiday off the queue: the next call waits in the queue and is offered.
    const admin = await t.admin();
    await admin.ok('admin/queueUpsert', { ...supportQueue, mode: 'update', hours: { timeZone: 'UTC', weekly: allWeek } });
    const next = await incomingCall(t);
    expect(child(next.twiml!, 'Enqueue')!.text).toBe('sb-support');
    await clients.ann!.waitFor('offer/new', (o) => o.channel === 'voice');
  });

  it('cold and warm transfers move the call through conference participant updates', async () => {
    const { t, fake, clients } = await setup();
    const { ann, bob } = clients as { ann: AgentClient; bob: AgentClient };
    await ann.ok('presence/set', { presence: 'available' });
    const call = await incomingCall(t);
    const offer = await ann.waitFor('offer/new');
    const conversation = await ann.ok('offer/accept', { offerId: offer.offerId });
    const annLeg = await until(async () =>
      (await ann.ok('voice/call', { conversationId: conversation.id })).legs.find((l) => l.role === 'agent'),
    );
    await status(t, annLeg.callSid, 'in-progress');
    await bob.ok('presence/set', { presence: 'available' });

    // Warm: bob is rung in as a consult while the caller holds; completing hands the conversation to bob.
    const consult = await ann.ok('voice/transfer', { conversationId: conversation.id, mode: 'warm', to: { agentId: agentId(t, 'bob') } });
    expect(consult.consultAgentId).toBe(agentId(t, 'bob'));
    expect(consult.legs.find((l) => l.role === 'caller')?.onHold).toBe(true);
    expect(fake.find('POST', /\/Participants\.json$/).at(-1)!.form).toMatchObject({
      To: `client:agent-${agentId(t, 'bob')}`,
      EndConferenceOnExit: 'false',
    });
    const bobLeg = consult.legs.find((l) => l.role === 'consult')!;
    await status(t, bobLeg.callSid, 'in-progress');
    const participantCreates = fake.find('POST', /\/Participants\.json$/).length;
    await ann.ok('voice/transferComplete', { conversationId: conversation.id });
    expect(fake.find('DELETE', new RegExp(`/Participants/${annLeg.callSid}\\.json$`))).toHaveLength(1);
    const bobOffer = await bob.waitFor('offer/new', (o) => o.conversationId === conversation.id);
    expect(bobOffer.reason).toBe('transfer');
    await bob.ok('offer/accept', { offerId: bobOffer.offerId });
    const afterWarm = await bob.waitFor(
      'voice/call',
      (s) => s.conversationId === conversation.id && s.legs.some((l) => l.callSid === bobLeg.callSid && l.role === 'agent'),
    );
    expect(afterWarm.legs.find((l) => l.role === 'caller')?.onHold).toBe(false);
    expect(fake.find('POST', /\/Participants\.json$/)).toHaveLength(participantCreates); // bob was not rung twice

    // Cold: bob sends the caller to the queue; ann takes it; her softphone answering takes the caller off hold.
    await bob.ok('voice/transfer', { conversationId: conversation.id, mode: 'cold', to: { queueId: 'support' }, note: 'billing question' });
    expect(fake.find('DELETE', new RegExp(`/Participants/${bobLeg.callSid}\\.json$`))).toHaveLength(1);
    const annOffer = await ann.waitFor('offer/new', (o) => o.conversationId === conversation.id && o.offerId !== offer.offerId);
    await ann.ok('offer/accept', { offerId: annOffer.offerId });
    const annAgain = await until(async () =>
      (await ann.ok('voice/call', { conversationId: conversation.id })).legs.find(
        (l) => l.role === 'agent' && l.endedAt === null && l.callSid !== annLeg.callSid,
      ),
    );
    await status(t, annAgain.callSid, 'in-progress');
    const resumed = await ann.waitFor(
      'voice/call',
      (s) => s.conversationId === conversation.id && s.legs.some((l) => l.role === 'caller' && !l.onHold),
    );
    expect(resumed.legs.find((l) => l.role === 'caller')?.callSid).toBe(call.params.CallSid);
  });

  it("an agent's softphone that does not answer sends the caller back to the queue", async () => {
    const { t, fake, clients } = await setup();
    const { ann, bob } = clients as { ann: AgentClient; bob: AgentClient };
    await ann.ok('presence/set', { presence: 'available' });
    await incomingCall(t);
    const offer = await ann.waitFor('offer/new');
    const conversation = await ann.ok('offer/accept', { offerId: offer.offerId });
    const leg = await until(async () =>
      (await ann.ok('voice/call', { conversationId: conversation.id })).legs.find((l) => l.role === 'agent'),
    );
    await bob.ok('presence/set', { presence: 'available' });
    await status(t, leg.callSid, 'no-answer');
    const retry = await bob.waitFor('offer/new', (o) => o.conversationId === conversation.id);
    expect(retry.transferNote).toBe('softphone did not answer (no-answer)');
    // The caller stays in the conference meanwhile (no REST call ended it).
    expect(fake.find('POST', /\/Calls\/CA[0-9a-f]+\.json$/).filter((r) => r.form.Status === 'completed')).toHaveLength(0);
  });

  it('supervisors listen, coach and barge as conference participants', async () => {
    const { t, fake, clients } = await setup();
    const { ann } = clients as { ann: AgentClient };
    await ann.ok('presence/set', { presence: 'available' });
    await incomingCall(t);
    const conversation = await ann.ok('offer/accept', { offerId: (await ann.waitFor('offer/new')).offerId });
    const agentLeg = await until(async () =>
      (await ann.ok('voice/call', { conversationId: conversation.id })).legs.find((l) => l.role === 'agent'),
    );
    const sue = await t.connect('sue', 'sue-password');
    expect(await ann.command('voice/monitor', { conversationId: conversation.id, mode: 'listen' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const listening = await sue.ok('voice/monitor', { conversationId: conversation.id, mode: 'listen' });
    expect(fake.find('POST', /\/Participants\.json$/).at(-1)!.form).toMatchObject({
      To: `client:agent-${agentId(t, 'sue')}`,
      Muted: 'true',
      StartConferenceOnEnter: 'false',
    });
    const supLeg = listening.legs.find((l) => l.role === 'supervisor')!;
    await sue.ok('voice/monitor', { conversationId: conversation.id, mode: 'coach' });
    expect(fake.find('POST', new RegExp(`/Participants/${supLeg.callSid}\\.json$`)).at(-1)!.form).toMatchObject({
      Coaching: 'true',
      CallSidToCoach: agentLeg.callSid,
      Muted: 'false',
    });
    await sue.ok('voice/monitor', { conversationId: conversation.id, mode: 'barge' });
    expect(fake.find('POST', new RegExp(`/Participants/${supLeg.callSid}\\.json$`)).at(-1)!.form).toMatchObject({
      Coaching: 'false',
      Muted: 'false',
    });
  });

  it('mints Voice SDK tokens for the signed-in agent', async () => {
    const { t, clients } = await setup();
    const reply = await clients.ann!.ok('voice/token', {});
    expect(reply.identity).toBe(`agent-${agentId(t, 'ann')}`);
    const payload = JSON.parse(Buffer.from(reply.token.split('.')[1]!, 'base64url').toString('utf8'));
    expect(payload).toMatchObject({
      iss: API_KEY,
      sub: ACCOUNT_SID,
      grants: {
        identity: `agent-${agentId(t, 'ann')}`,
        voice: { incoming: { allow: true }, outgoing: { application_sid: `AP${'d4'.repeat(16)}` } },
      },
    });
    expect(payload.exp - payload.iat).toBe(3600);
  });

  it('refuses bad voice webhooks and Twilio errors without losing the call', async () => {
    const { t, fake, clients } = await setup();
    const { ann } = clients as { ann: AgentClient };
    expect((await incomingCall(t, { To: '+15559999999' })).res.status).toBe(404);
    expect((await incomingCall(t, { CallSid: 'CA-nope' })).res.status).toBe(400);
    const unsigned = await postWebhook(
      t.hub.url,
      '/twilio/voice/incoming',
      { CallSid: sid('CA'), AccountSid: ACCOUNT_SID, From: CALLER, To: SUPPORT_NUMBER },
      { signature: 'bm9wZQ==' },
    );
    expect(unsigned.status).toBe(403);
    // Signed news of a call the hub never stored (e.g. its incoming webhook was refused): acknowledged, not kept.
    expect((await status(t, sid('CA'), 'completed')).status).toBe(200);
    expect((await postWebhook(t.hub.url, '/twilio/voice/wait', { CallSid: sid('CA'), AccountSid: ACCOUNT_SID })).status).toBe(400);
    expect(await t.hub.store.get(sql`SELECT count(*) AS n FROM conversation`)).toEqual({ n: 0 });

    await ann.ok('presence/set', { presence: 'available' });
    const call = await incomingCall(t, { To: SALES_NUMBER });
    expect(call.res.status).toBe(200);
    expect((await incomingCall(t, { CallSid: call.params.CallSid, To: SALES_NUMBER })).res.status).toBe(200);
    // Twilio refuses to move the caller (they hung up meanwhile): the conversation goes back to its queue.
    fake.failNext((r) => r.path.endsWith(`/Calls/${call.params.CallSid}.json`), 400, 21220, 'Call is not in-progress. Cannot redirect.');
    const offer = await ann.waitFor('offer/new');
    expect(offer.queueId).toBe('sales');
    await ann.ok('offer/accept', { offerId: offer.offerId });
    const conversationId = offer.conversationId;
    await until(async () => (await eventsForConversation(t.hub.store, conversationId)).some((e) => e.type === 'call/bridgeFailed'));
    const back = await until(async () => {
      const c = await t.hub.center.requireConversation(conversationId);
      return c.state !== 'active' ? c : undefined;
    });
    expect(['queued', 'offered']).toContain(back.state);
    expect((await fetch(`${t.hub.url}/api/health`)).status).toBe(200);
  });

  describe('re-posted webhooks (Twilio retries) are answered 200 with TwiML that continues the call, storing nothing twice', () => {
    const counts = async (t: TestHub) =>
      (await t.hub.store.get<Record<string, number>>(sql`
        SELECT (SELECT count(*) FROM message) AS messages, (SELECT count(*) FROM conversation) AS conversations,
               (SELECT count(*) FROM twilio_call) AS legs,
               (SELECT count(*) FROM event WHERE type LIKE 'call/%' OR type IN ('message/in', 'conversation/created', 'conversation/abandoned')) AS events`))!;
    const repost = (t: TestHub, params: Readonly<Record<string, string>>) => postWebhook(t.hub.url, '/twilio/voice/incoming', params);

    it('incoming call: the same <Enqueue> while waiting, the conference once bridged, <Hangup> once over', async () => {
      const { t, clients } = await setup();
      const { ann } = clients as { ann: AgentClient };
      await ann.ok('presence/set', { presence: 'available' });
      const call = await incomingCall(t);
      const offer = await ann.waitFor('offer/new', (o) => o.channel === 'voice');
      const before = await counts(t);
      for (let i = 0; i < 2; i += 1) {
        const again = await repost(t, call.params);
        expect(again.status).toBe(200);
        expect(parseTwiml(again.text)).toEqual(call.twiml);
      }
      expect(await counts(t)).toEqual(before);

      // Accepted: the caller was moved into the conference; a late retry must not pull them back to the queue.
      const conversation = await ann.ok('offer/accept', { offerId: offer.offerId });
      await until(async () => (await ann.ok('voice/call', { conversationId: conversation.id })).conference !== null);
      const bridged = await repost(t, call.params);
      expect(bridged.status).toBe(200);
      expect(child(child(parseTwiml(bridged.text), 'Dial')!, 'Conference')!.text).toBe(`sb-conv-${conversation.id}`);

      expect((await status(t, call.params.CallSid, 'completed')).status).toBe(200);
      // An earlier callback re-posted after the end: 200, and the leg stays over.
      const afterEnd = await counts(t);
      expect((await status(t, call.params.CallSid, 'in-progress')).status).toBe(200);
      expect(await counts(t)).toEqual(afterEnd);
      expect(await t.hub.store.get(sql`SELECT status FROM twilio_call WHERE call_sid = ${call.params.CallSid}`)).toEqual({
        status: 'completed',
      });
      const over = await repost(t, call.params);
      expect(over.status).toBe(200);
      expect(parseTwiml(over.text).children.map((c) => c.name)).toEqual(['Hangup']);
      expect((await counts(t)).conversations).toBe(before.conversations);
    });

    it('voicemail: the same greeting and <Record> until recorded; recording, transcription and status re-posts are one each', async () => {
      const { t } = await setup({}, [], closedSupport());
      const call = await incomingCall(t);
      const again = await repost(t, call.params);
      expect(again.status).toBe(200);
      expect(parseTwiml(again.text)).toEqual(call.twiml);
      expect(child(parseTwiml(again.text), 'Say')!.text).toMatch(/We are closed/);
      expect((await t.hub.store.all(sql`SELECT seq FROM event WHERE type = 'call/voicemail'`)).length).toBe(1);

      const recordingSid = sid('RE');
      const vm = {
        CallSid: call.params.CallSid,
        AccountSid: ACCOUNT_SID,
        From: CALLER,
        To: SUPPORT_NUMBER,
        RecordingSid: recordingSid,
        RecordingUrl: `https://api.twilio.com/Recordings/${recordingSid}`,
        RecordingDuration: '9',
      };
      const first = await postWebhook(t.hub.url, '/twilio/voice/voicemail?reason=closed', vm);
      expect(first.status).toBe(200);
      const afterVoicemail = await counts(t);
      const vmAgain = await postWebhook(t.hub.url, '/twilio/voice/voicemail?reason=closed', vm);
      expect(vmAgain.status).toBe(200);
      expect(vmAgain.text).toBe(first.text);
      expect(await counts(t)).toEqual(afterVoicemail);
      // The incoming webhook re-posted after the message was left: the call ends politely.
      const late = await repost(t, call.params);
      expect(late.status).toBe(200);
      expect(parseTwiml(late.text).children.map((c) => c.name)).toEqual(['Say', 'Hangup']);

      const tr = {
        CallSid: call.params.CallSid,
        AccountSid: ACCOUNT_SID,
        RecordingSid: recordingSid,
        TranscriptionSid: sid('TR'),
        TranscriptionStatus: 'completed',
        TranscriptionText: 'Call me back please.',
      };
      expect((await postWebhook(t.hub.url, '/twilio/voice/transcription', tr)).status).toBe(200);
      const afterTranscription = await counts(t);
      const trAgain = await postWebhook(t.hub.url, '/twilio/voice/transcription', tr);
      expect(trAgain.status).toBe(200);
      expect(parseTwiml(trAgain.text).children).toEqual([]);
      expect(await counts(t)).toEqual(afterTranscription);

      expect((await status(t, call.params.CallSid, 'completed')).status).toBe(200);
      const afterStatus = await counts(t);
      expect((await status(t, call.params.CallSid, 'completed')).status).toBe(200);
      expect(await counts(t)).toEqual(afterStatus);
      expect(afterStatus.messages).toBe(2);
    });

    it('a caller sent to voicemail after waiting gets the same <Record> again; a queue result and a recording re-posted count once', async () => {
      const { t, clients } = await setup({ voice: { maxWaitSeconds: 30 } });
      await clients.ann!.ok('presence/set', { presence: 'available' });
      await clients.bob!.ok('presence/set', { presence: 'available' });
      await incomingCall(t);
      await incomingCall(t);
      const waiting = await incomingCall(t);
      const conversationId = Number(new URL(child(waiting.twiml!, 'Enqueue')!.attrs.action!).searchParams.get('conversationId'));
      const leave = { CallSid: waiting.params.CallSid, AccountSid: ACCOUNT_SID, QueueResult: 'leave', QueueTime: '31' };
      const left = await postWebhook(t.hub.url, `/twilio/voice/queue-result?conversationId=${conversationId}`, leave);
      expect(child(parseTwiml(left.text), 'Record')!.attrs.action).toBe(
        `${PUBLIC_URL}/twilio/voice/voicemail?reason=timeout&conversationId=${conversationId}`,
      );
      const leftAgain = await postWebhook(t.hub.url, `/twilio/voice/queue-result?conversationId=${conversationId}`, leave);
      expect(leftAgain.status).toBe(200);
      expect(leftAgain.text).toBe(left.text);
      // The incoming webhook re-posted now: the call has moved on to voicemail, so it continues there.
      const again = await repost(t, waiting.params);
      expect(again.status).toBe(200);
      expect(again.text).toBe(left.text);
      expect((await eventsForConversation(t.hub.store, conversationId)).filter((e) => e.type === 'call/voicemail')).toHaveLength(1);
    });

    it('a recording callback re-posted is recorded once', async () => {
      const { t, clients } = await setup({ voice: { recordCalls: true } });
      await clients.ann!.ok('presence/set', { presence: 'available' });
      const call = await incomingCall(t);
      const conversation = await clients.ann!.ok('offer/accept', { offerId: (await clients.ann!.waitFor('offer/new')).offerId });
      await until(async () => (await clients.ann!.ok('voice/call', { conversationId: conversation.id })).conference !== null);
      const rec = {
        AccountSid: ACCOUNT_SID,
        CallSid: call.params.CallSid,
        RecordingSid: sid('RE'),
        RecordingUrl: 'https://api.twilio.com/Recordings/RE2',
        RecordingStatus: 'completed',
        RecordingDuration: '5',
      };
      for (let i = 0; i < 3; i += 1)
        expect((await postWebhook(t.hub.url, `/twilio/voice/recording?conversationId=${conversation.id}`, rec)).status).toBe(200);
      expect((await eventsForConversation(t.hub.store, conversation.id)).filter((e) => e.type === 'call/recording')).toHaveLength(1);
      // A recording for a conversation without a call (signed, so Twilio's): acknowledged and dropped.
      expect((await postWebhook(t.hub.url, '/twilio/voice/recording?conversationId=999999', rec)).status).toBe(200);
    });
  });
});
