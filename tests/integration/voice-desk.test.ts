import { afterEach, describe, expect, it } from 'vitest';
import type { AgentClient } from '../support/agentClient';
import { getCall } from '../../services/channels/telephony/repo';
import { chatEvent, seed, startTestHub, supportQueue, type TestHub } from '../support/testHub';
import {
  ACCOUNT_SID,
  API_KEY,
  API_SECRET,
  PUBLIC_URL,
  SUPPORT_NUMBER,
  TwilioRestFake,
  parseTwiml,
  postWebhook,
  sid,
  twilioConfig,
  type TwimlNode,
} from '../support/twilioFake';
import { until } from '../support/until';

/*
 * What issue 19 adds on the hub side of voice, against a real hub, real SQLite and real socket.io agents,
 * with Twilio's REST API played by the local stand-in and every callback signed as Twilio signs it:
 * stickiness per customer across channels, the expected wait, recordings (announcement, reference,
 * ticketed streaming route), agent legs to a phone or SIP address, the Voice SDK device options.
 */
const CALLER = '+15557654321';
let t: TestHub | undefined;
let fake: TwilioRestFake | undefined;
afterEach(async () => {
  await t?.stop();
  await fake?.stop();
  t = undefined;
  fake = undefined;
});

/** A hub whose clock can be moved forward (handle times, sticky windows). */
async function start(over: Record<string, unknown> = {}, hub: Record<string, unknown> = {}) {
  fake = await TwilioRestFake.start();
  const clock = { skew: 0 };
  t = await startTestHub({ twilio: twilioConfig(fake.url, over), ...hub }, { now: () => Date.now() + clock.skew });
  await seed(t, [{ username: 'ann' }, { username: 'bob' }, { username: 'sue', role: 'supervisor' }], [supportQueue]);
  return { t, fake, clock };
}

const idOf = (hub: TestHub, username: string) => hub.hub.center.snapshots().find((a) => a.username === username)!.id;
const child = (node: TwimlNode, name: string) => node.children.find((c) => c.name === name);

async function incomingCall(hub: TestHub, from = CALLER) {
  const params = { CallSid: sid('CA'), AccountSid: ACCOUNT_SID, From: from, To: SUPPORT_NUMBER, CallStatus: 'ringing' };
  const res = await postWebhook(hub.hub.url, '/twilio/voice/incoming', params);
  expect(res.status).toBe(200);
  return { callSid: params.CallSid, twiml: parseTwiml(res.text) };
}

const status = (hub: TestHub, CallSid: string, CallStatus: string) =>
  postWebhook(hub.hub.url, '/twilio/voice/status', { CallSid, AccountSid: ACCOUNT_SID, CallStatus });

async function waitSay(hub: TestHub, conversationId: number, callSid: string, queueTime = 40): Promise<string> {
  const res = await postWebhook(hub.hub.url, `/twilio/voice/wait?conversationId=${conversationId}`, {
    CallSid: callSid,
    AccountSid: ACCOUNT_SID,
    QueueTime: String(queueTime),
  });
  expect(res.status).toBe(200);
  return child(parseTwiml(res.text), 'Say')!.text;
}

async function conversationOf(hub: TestHub, callSid: string): Promise<number> {
  return until<number>(async () => (await getCall(hub.hub.store, callSid))?.conversationId ?? undefined);
}

async function serve(agent: AgentClient, conversationId: number): Promise<void> {
  const offer = await agent.waitFor('offer/new', (o) => o.conversationId === conversationId);
  await agent.ok('offer/accept', { offerId: offer.offerId });
}

async function finish(agent: AgentClient, conversationId: number): Promise<void> {
  await agent.ok('conversation/wrapUp', { conversationId }).catch(() => undefined); // a hung-up call is in wrap-up already
  await agent.ok('conversation/close', { conversationId, disposition: 'resolved' });
}

describe('voice in the desk: hub side', () => {
  it('a returning caller is offered to the agent who last served them on another channel (per customer, not per thread)', async () => {
    const { t, clock } = await start();
    const ann = await t.connect('ann', 'ann-password');
    const bob = await t.connect('bob', 'bob-password');
    // Only Bob is on: he serves the customer's SMS.
    await bob.ok('presence/set', { presence: 'available' });
    const sms = await t.hub.center.ingest({
      channel: 'sms',
      providerId: 'SM-sticky-1',
      from: { kind: 'phone', value: CALLER },
      queueId: 'support',
      threadKey: `sms:${CALLER}:${SUPPORT_NUMBER}`,
      bodyText: 'My router is down',
    });
    await serve(bob, sms.conversation.id);
    await finish(bob, sms.conversation.id);
    await ann.ok('presence/set', { presence: 'available' });

    // Now they call: a new voice conversation, sharing no thread with the SMS, is sticky to Bob.
    const call = await incomingCall(t);
    const offer = await bob.waitFor('offer/new', (o) => o.channel === 'voice');
    expect(offer.reason).toBe('sticky');
    expect(ann.received('offer/new')).toHaveLength(0);
    await bob.ok('offer/accept', { offerId: offer.offerId });
    await status(t, call.callSid, 'completed');
    await until(async () => (await bob.ok('conversation/get', { conversationId: offer.conversationId })).conversation.state === 'wrap_up');
    await finish(bob, offer.conversationId);

    // The other way round: a web chat after the call, goes to the agent who took the call.
    await t.hub.center.ingest(chatEvent({ from: { kind: 'phone', value: CALLER }, providerId: 'chat-sticky-2' }));
    const chatOffer = await bob.waitFor('offer/new', (o) => o.channel === 'chat');
    expect(chatOffer.reason).toBe('sticky');
    await bob.ok('offer/accept', { offerId: chatOffer.offerId });
    await finish(bob, chatOffer.conversationId);

    // Past the sticky window (72 h) the customer is ordinary queue work again.
    clock.skew += 73 * 3600_000;
    await incomingCall(t);
    const late = await Promise.race([
      bob.waitFor('offer/new', (o) => o.channel === 'voice' && o.conversationId !== offer.conversationId),
      ann.waitFor('offer/new', (o) => o.channel === 'voice'),
    ]);
    expect(late.reason).toBe('queue');
  });

  it('callers hear their position and an expected wait from the queue’s recent handle time', async () => {
    const { t, clock } = await start();
    const ann = await t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });

    // No handled call yet: position only (nothing honest to estimate from).
    const first = await incomingCall(t);
    const firstConversation = (await ann.waitFor('offer/new')).conversationId;
    await serve(ann, firstConversation);
    const waiting = await incomingCall(t, '+15557650001');
    const waitingConversation = await conversationOf(t, waiting.callSid);
    expect(await waitSay(t, waitingConversation, waiting.callSid)).toBe('You are next in line.');

    // Ann talks for five minutes: the queue's handle time is now five minutes.
    clock.skew += 5 * 60_000;
    await status(t, first.callSid, 'completed');
    await until(async () => (await ann.ok('conversation/get', { conversationId: firstConversation })).conversation.state === 'wrap_up');
    await ann.ok('conversation/close', { conversationId: firstConversation, disposition: 'resolved' });
    await serve(ann, waitingConversation);

    // Two more callers wait behind Ann's call: about 5 and about 10 minutes with one agent serving.
    const c3 = await incomingCall(t, '+15557650002');
    const c4 = await incomingCall(t, '+15557650003');
    const [id3, id4] = [await conversationOf(t, c3.callSid), await conversationOf(t, c4.callSid)];
    expect(await waitSay(t, id3, c3.callSid)).toBe('You are next in line. Your expected wait is about 5 minutes.');
    expect(await waitSay(t, id4, c4.callSid)).toBe('You are number 2 in line. Your expected wait is about 10 minutes.');
    // The first announcement keeps the hold message in front.
    expect(await waitSay(t, id4, c4.callSid, 0)).toMatch(
      /^Thank you for calling\..* You are number 2 in line\. Your expected wait is about 10 minutes\.$/,
    );
  });

  it('records only the queues that record, announces it first, keeps the reference and streams it through the hub', async () => {
    const { t, fake } = await start({ voice: { recordQueues: ['support'] } });
    const ann = await t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    const call = await incomingCall(t);
    expect(call.twiml.children.map((c) => c.name)).toEqual(['Say', 'Enqueue']);
    expect(child(call.twiml, 'Say')!.text).toBe('This call may be recorded for quality and training.');
    const offer = await ann.waitFor('offer/new');
    await ann.ok('offer/accept', { offerId: offer.offerId });
    const update = await until(() => fake.find('POST', new RegExp(`/Calls/${call.callSid}\\.json$`))[0]);
    const conference = child(child(parseTwiml(update.form.Twiml as string), 'Dial')!, 'Conference')!;
    expect(conference.attrs.record).toBe('record-from-start');
    expect(conference.attrs.recordingStatusCallback).toBe(`${PUBLIC_URL}/twilio/voice/recording?conversationId=${offer.conversationId}`);

    const recordingSid = sid('RE');
    const callback = {
      AccountSid: ACCOUNT_SID,
      CallSid: call.callSid,
      RecordingSid: recordingSid,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}`,
      RecordingStatus: 'completed',
      RecordingDuration: '42',
    };
    // Unsigned: refused, nothing stored.
    expect(
      (await postWebhook(t.hub.url, `/twilio/voice/recording?conversationId=${offer.conversationId}`, callback, { signature: 'bad' }))
        .status,
    ).toBe(403);
    expect(await ann.ok('voice/recordings', { conversationId: offer.conversationId })).toEqual([]);
    expect((await postWebhook(t.hub.url, `/twilio/voice/recording?conversationId=${offer.conversationId}`, callback)).status).toBe(200);
    expect((await postWebhook(t.hub.url, `/twilio/voice/recording?conversationId=${offer.conversationId}`, callback)).status).toBe(200);

    // Another agent (the 360 is everyone's) lists it and plays it through the hub.
    const bob = await t.connect('bob', 'bob-password');
    const [rec] = await bob.ok('voice/recordings', { conversationId: offer.conversationId });
    expect(rec).toMatchObject({ recordingSid, kind: 'call', durationS: 42 });
    // No Twilio address or credential in the link (its random signature may well contain "AC" or "SK").
    expect(rec!.url).not.toMatch(/twilio/i);
    for (const secret of [ACCOUNT_SID, API_KEY, API_SECRET]) expect(rec!.url).not.toContain(secret);
    const full = await fetch(`${t.hub.url}${rec!.url}`);
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('audio/mpeg');
    expect(Buffer.from(await full.arrayBuffer())).toEqual(TwilioRestFake.recordingBytes(recordingSid));
    const fetched = fake.find('GET', /\/Recordings\//).at(-1)!;
    expect(fetched.auth).toBe(`Basic ${Buffer.from(`${API_KEY}:${API_SECRET}`).toString('base64')}`);
    // Seeking: the Range goes through to Twilio and the partial answer comes back.
    const part = await fetch(`${t.hub.url}${rec!.url}`, { headers: { range: 'bytes=0-2' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-2/${TwilioRestFake.recordingBytes(recordingSid).length}`);
    expect(await part.text()).toBe('ID3');
    // Tampered or missing tickets are refused before Twilio is asked.
    const asked = fake.find('GET', /\/Recordings\//).length;
    expect((await fetch(`${t.hub.url}${rec!.url.replace(/sig=[^&]+/, `sig=${'A'.repeat(43)}`)}`)).status).toBe(403);
    expect((await fetch(`${t.hub.url}${rec!.url.split('?')[0]}`)).status).toBe(403);
    expect((await fetch(`${t.hub.url}${rec!.url.replace(/agent=\d+/, 'agent=999')}`)).status).toBe(403);
    expect(fake.find('GET', /\/Recordings\//)).toHaveLength(asked);
  });

  it('queues that do not record play no announcement and do not record', async () => {
    const { t, fake } = await start({ voice: { recordQueues: ['sales'] } });
    const ann = await t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    const call = await incomingCall(t);
    expect(call.twiml.children.map((c) => c.name)).toEqual(['Enqueue']);
    await ann.ok('offer/accept', { offerId: (await ann.waitFor('offer/new')).offerId });
    const update = await until(() => fake.find('POST', new RegExp(`/Calls/${call.callSid}\\.json$`))[0]);
    expect(child(child(parseTwiml(update.form.Twiml as string), 'Dial')!, 'Conference')!.attrs.record).toBeUndefined();
  });

  it('voicemail audio is listed and streamed the same way', async () => {
    const { t } = await start();
    const call = await incomingCall(t); // nobody signed in: voicemail
    expect(child(call.twiml, 'Record')).toBeDefined();
    const recordingSid = sid('RE');
    const res = await postWebhook(t.hub.url, '/twilio/voice/voicemail?reason=unstaffed', {
      AccountSid: ACCOUNT_SID,
      CallSid: call.callSid,
      From: CALLER,
      To: SUPPORT_NUMBER,
      RecordingSid: recordingSid,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}`,
      RecordingDuration: '9',
    });
    expect(res.status).toBe(200);
    const ann = await t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    const offer = await ann.waitFor('offer/new');
    const [vm] = await ann.ok('voice/recordings', { conversationId: offer.conversationId });
    expect(vm).toMatchObject({ recordingSid, kind: 'voicemail', durationS: 9 });
    const audio = await fetch(`${t.hub.url}${vm!.url}`);
    expect(audio.status).toBe(200);
    expect(Buffer.from(await audio.arrayBuffer())).toEqual(TwilioRestFake.recordingBytes(recordingSid));
  });

  it('a call-back the agent lets ring out stays with them, and the customer is never dialled', async () => {
    const { t, fake } = await start();
    const call = await incomingCall(t); // nobody signed in: voicemail, then a callback item
    const recordingSid = sid('RE');
    await postWebhook(t.hub.url, '/twilio/voice/voicemail?reason=unstaffed', {
      AccountSid: ACCOUNT_SID,
      CallSid: call.callSid,
      From: CALLER,
      To: SUPPORT_NUMBER,
      RecordingSid: recordingSid,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}`,
      RecordingDuration: '5',
    });
    const ann = await t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    const offer = await ann.waitFor('offer/new');
    await ann.ok('offer/accept', { offerId: offer.offerId });
    const dialed = await ann.ok('voice/dial', { conversationId: offer.conversationId });
    await status(t, dialed.callSid, 'ringing');
    await status(t, dialed.callSid, 'no-answer');
    await new Promise((r) => setTimeout(r, 200));
    const { conversation } = await ann.ok('conversation/get', { conversationId: offer.conversationId });
    expect(conversation).toMatchObject({ state: 'active', assignedAgentId: idOf(t, 'ann') });
    expect(fake.find('POST', /\/Calls\.json$/).map((c) => c.form.To)).toEqual([`client:agent-${idOf(t, 'ann')}`]);
    // The leg is over: the agent may try again.
    expect((await ann.command('voice/dial', { conversationId: offer.conversationId })).ok).toBe(true);
  });

  it('an agent without a headset has the conference dial their phone or SIP address instead of the softphone', async () => {
    const { t, fake } = await start();
    const ann = await t.connect('ann', 'ann-password');
    const bob = await t.connect('bob', 'bob-password');
    expect(await ann.ok('voice/settings', {})).toEqual({ leg: 'softphone', autoAnswer: false });
    expect(await ann.ok('voice/settingsSet', { settings: { leg: 'phone', address: '(555) 999-0000', autoAnswer: false } })).toEqual({
      leg: 'phone',
      address: '+15559990000',
      autoAnswer: false,
    });
    // Not one of our own numbers (the call would loop back into the queue), not someone else's settings.
    expect(
      await ann.command('voice/settingsSet', { settings: { leg: 'phone', address: SUPPORT_NUMBER, autoAnswer: false } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(
      await bob.command('voice/settingsSet', { agentId: idOf(t, 'ann'), settings: { leg: 'softphone', autoAnswer: true } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await bob.command('voice/settings', { agentId: idOf(t, 'ann') })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const sue = await t.connect('sue', 'sue-password');
    expect((await sue.ok('voice/settings', { agentId: idOf(t, 'ann') })).leg).toBe('phone');
    expect(await bob.command('voice/settingsSet', { settings: { leg: 'sip', address: 'bob at pbx', autoAnswer: false } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    await bob.ok('voice/settingsSet', { settings: { leg: 'sip', address: 'sip:bob@pbx.example.com', autoAnswer: false } });

    await ann.ok('presence/set', { presence: 'available' });
    await incomingCall(t);
    await ann.ok('offer/accept', { offerId: (await ann.waitFor('offer/new')).offerId });
    const annLeg = await until(() => fake.find('POST', /\/Participants\.json$/)[0]);
    expect(annLeg.form).toMatchObject({ To: '+15559990000', Label: `agent-${idOf(t, 'ann')}` });

    // Click-to-call rings the SIP address first.
    await bob.ok('voice/dial', { to: '+15551230000' });
    expect(fake.find('POST', /\/Calls\.json$/).at(-1)!.form.To).toBe('sip:bob@pbx.example.com');

    // Back to the softphone.
    await ann.ok('voice/settingsSet', { settings: { leg: 'softphone', autoAnswer: true } });
    expect(await ann.ok('voice/settings', {})).toEqual({ leg: 'softphone', autoAnswer: true });
  });

  it('hands the desk its Voice SDK token with the device options (edge, local signalling in tests)', async () => {
    const { t } = await start({ voice: { sdkEdge: 'dublin' }, sdkSignallingHost: '127.0.0.1:9' });
    const ann = await t.connect('ann', 'ann-password');
    const token = await ann.ok('voice/token', {});
    expect(token.identity).toBe(`agent-${idOf(t, 'ann')}`);
    expect(token.device).toEqual({ edge: 'dublin', signallingHost: '127.0.0.1:9' });
  });
});
