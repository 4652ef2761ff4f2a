import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { callsOfConversation } from '../../services/channels/telephony/repo';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { seed, startTestHub, supportQueue, type TestHub } from '../support/testHub';
import { ACCOUNT_SID, API_SECRET, SUPPORT_NUMBER, TwilioRestFake, postWebhook, sid, twilioConfig } from '../support/twilioFake';
import { until } from '../support/until';
import { VoiceSignallingStandIn } from '../support/voiceSignalling';

/*
 * The desk's softphone end to end, in chromium with a fake microphone: the real @twilio/voice-sdk from the
 * renderer bundle registers with the hub's token at a local stand-in of Twilio's signalling gateway
 * (tests/support/voiceSignalling.ts), and the far end of each call is a WebRTC peer in another page (its
 * SDP offer is what Twilio's media server would send). Twilio's REST API is the local stand-in, and every
 * status callback is posted signed, as Twilio does. An agent takes an offered call (one click answers the
 * softphone), mutes, holds, sends a tone, starts a warm transfer and takes the caller back, a supervisor
 * listens in from the console with the same softphone, and the agent hangs up into wrap-up.
 */
let t: TestHub;
let fake: TwilioRestFake;
let signalling: VoiceSignallingStandIn;
let browser: Browser;
let annContext: BrowserContext;
let page: Page;
let far: Page;
const pageErrors: string[] = [];
const CALLER = '+15557654321';

beforeAll(async () => {
  const rendererDir = await ensureRendererBuilt();
  fake = await TwilioRestFake.start();
  signalling = await VoiceSignallingStandIn.start(API_SECRET);
  t = await startTestHub({
    rendererDir,
    // Short tokens: the softphone must renew its token (tokenWillExpire) while the test runs.
    twilio: twilioConfig(fake.url, { sdkSignallingHost: signalling.host, voice: { tokenTtlSeconds: 60 } }),
    routing: { offerTimeoutMs: 120_000, maxMissedOffers: 3, voiceInterruptsEmail: true, rejectCooldownMs: 0 },
  });
  await seed(t, [{ username: 'ann' }, { username: 'bob' }, { username: 'sue', role: 'supervisor' }], [supportQueue]);
  browser = await launchChromium([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    // The signalling stand-in serves TLS with a throwaway certificate (the SDK only speaks wss).
    '--ignore-certificate-errors',
    '--autoplay-policy=no-user-gesture-required',
  ]);
  annContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // Records the tones the SDK puts into the call's audio (RTCDTMFSender.insertDTMF), to check the keypad.
  await annContext.addInitScript(() => {
    const insert = RTCDTMFSender.prototype.insertDTMF;
    RTCDTMFSender.prototype.insertDTMF = function (this: RTCDTMFSender, tones: string, ...rest: number[]) {
      const w = window as unknown as { sentTones?: string[] };
      (w.sentTones ??= []).push(tones);
      return insert.call(this, tones, ...rest);
    };
  });
  page = await annContext.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // The far end: a page on the hub's origin (a secure context on loopback) holding the caller's media.
  far = await (await browser.newContext()).newPage();
  await far.goto(`${t.hub.url}/api/health`);
}, 180_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await page?.screenshot({ path: screenshotPath(`voice-failed-${ctx.task.name.slice(0, 30)}`) });
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  await signalling?.stop();
  await fake?.stop();
});

const idOf = (username: string): number => t.hub.center.snapshots().find((a) => a.username === username)!.id;
const status = (CallSid: string, CallStatus: string) =>
  postWebhook(t.hub.url, '/twilio/voice/status', { CallSid, AccountSid: ACCOUNT_SID, CallStatus });

async function signIn(p: Page, username: string): Promise<void> {
  await p.goto(t.hub.url);
  await p.getByLabel('Username').fill(username);
  await p.getByLabel('Password').fill(`${username}-password`);
  await p.getByRole('button', { name: 'Sign in' }).click();
}

/** The far end's SDP offer (fake audio, ICE gathered), as Twilio's media server would send it. */
async function farOffer(p: Page, name: string): Promise<string> {
  return p.evaluate(async (key) => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const pc = new RTCPeerConnection();
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    (window as unknown as Record<string, RTCPeerConnection>)[key] = pc;
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
      setTimeout(resolve, 3000);
    });
    return pc.localDescription!.sdp;
  }, name);
}

async function farAnswer(p: Page, name: string, sdp: string): Promise<void> {
  await p.evaluate(
    async ([key, answer]) => {
      const pc = (window as unknown as Record<string, RTCPeerConnection>)[key!]!;
      await pc.setRemoteDescription({ type: 'answer', sdp: answer! });
    },
    [name, sdp],
  );
}

const farConnection = (p: Page, name: string) =>
  p.evaluate((key) => (window as unknown as Record<string, RTCPeerConnection>)[key]!.connectionState, name);

/** Rings `identity`'s softphone with the hub's leg `callSid` and completes the answer the SDK sends back. */
async function ringSoftphone(identity: string, callSid: string, peer: string): Promise<void> {
  signalling.invite(identity, { callSid, from: SUPPORT_NUMBER, sdp: await farOffer(far, peer) });
  const answer = await signalling.next((f) => f.type === 'answer' && f.payload.callsid === callSid);
  await farAnswer(far, peer, String(answer.payload.sdp));
}

const shot = (name: string) => page.screenshot({ path: screenshotPath(name), animations: 'disabled' });

describe('the softphone in chromium', () => {
  let conversationId = 0;
  let agentLeg = '';
  const pane = () => page.locator('.pane-voice');

  it('registers the real Voice SDK with the hub token at the signalling stand-in', async () => {
    await signIn(page, 'ann');
    await page.getByRole('heading', { name: 'My work' }).waitFor();
    await page.getByRole('button', { name: /Softphone ready/ }).waitFor();
    expect(signalling.isRegistered(`agent-${idOf('ann')}`)).toBe(true);
    const listen = await signalling.next((f) => f.type === 'listen' && f.identity === `agent-${idOf('ann')}`);
    expect(typeof listen.payload.token).toBe('string');

    // Audio settings: microphone (with a live level from the fake device), speaker, where calls ring.
    await page.getByRole('button', { name: /Softphone ready/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Audio and call settings' });
    await dialog.getByRole('combobox', { name: /^Microphone/ }).waitFor();
    await expect
      .poll(async () => Number(await dialog.getByRole('meter').getAttribute('aria-valuenow')), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('30-voice-audio-settings'), animations: 'disabled' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('takes an offered call with one click: accepting answers the softphone', async () => {
    await page.getByLabel('Presence', { exact: true }).selectOption('available');
    await until(() => t.hub.center.snapshot(idOf('ann')).presence === 'available');
    const callSid = sid('CA');
    const incoming = await postWebhook(t.hub.url, '/twilio/voice/incoming', {
      CallSid: callSid,
      AccountSid: ACCOUNT_SID,
      From: CALLER,
      To: SUPPORT_NUMBER,
      CallStatus: 'ringing',
    });
    expect(incoming.status).toBe(200);
    const toast = page.getByRole('alertdialog');
    await toast.waitFor();
    await shot('31-voice-offer');
    await toast.getByRole('button', { name: /Accept/ }).click();

    // The hub moves the caller into the conference and rings Ann's client identity.
    const leg = await until(() => {
      const row = fake.find('POST', /\/Participants\.json$/).at(-1);
      return row?.form.To === `client:agent-${idOf('ann')}` ? row : undefined;
    });
    expect(leg.form.Label).toBe(`agent-${idOf('ann')}`);
    conversationId = Number(/sb-conv-(\d+)/.exec(leg.path)![1]);
    agentLeg = (await until(async () => (await callsOfConversation(t.hub.store, conversationId)).find((l) => l.role === 'agent'))).callSid;
    await status(agentLeg, 'ringing');
    await pane().getByRole('status').getByText('Ringing you…').waitFor();
    await shot('32-voice-ringing');

    // Twilio rings the softphone; it answers by itself (the agent already accepted) with real WebRTC.
    await ringSoftphone(`agent-${idOf('ann')}`, agentLeg, 'caller');
    await status(agentLeg, 'in-progress');
    await pane().getByRole('status').getByText('In progress', { exact: true }).waitFor();
    await expect.poll(() => farConnection(far, 'caller'), { timeout: 10_000 }).toBe('connected');
    await page.getByRole('region', { name: 'Softphone' }).getByText('On a call').waitFor();
    await shot('33-voice-in-progress');
  });

  it('mutes (microphone and conference leg), holds through the conference, and sends tones', async () => {
    await pane().getByRole('button', { name: 'Mute' }).click();
    await pane().getByRole('button', { name: 'Unmute' }).waitFor();
    await until(() => fake.find('POST', new RegExp(`/Participants/${agentLeg}\\.json$`)).some((r) => r.form.Muted === 'true'));
    await pane().getByRole('status').getByText('In progress (you are muted)').waitFor();
    await shot('34-voice-muted');
    await pane().getByRole('button', { name: 'Unmute' }).click();
    await pane().getByRole('button', { name: 'Mute' }).waitFor();

    await pane().getByRole('button', { name: 'Hold' }).click();
    await pane().getByRole('status').getByText('Caller on hold').waitFor();
    const callerLeg = (await callsOfConversation(t.hub.store, conversationId)).find((l) => l.role === 'caller')!.callSid;
    expect(fake.find('POST', new RegExp(`/Participants/${callerLeg}\\.json$`)).at(-1)!.form.Hold).toBe('true');
    await shot('35-voice-on-hold');
    await pane().getByRole('button', { name: 'Resume' }).click();
    await pane().getByRole('status').getByText('In progress', { exact: true }).waitFor();

    await pane().getByRole('button', { name: 'Keypad' }).click();
    await pane().getByRole('group', { name: 'Keypad' }).getByRole('button', { name: '5', exact: true }).click();
    // The SDK sends tones in the audio (RTCDTMFSender), as Twilio expects them.
    await expect.poll(() => page.evaluate(() => (window as unknown as { sentTones?: string[] }).sentTones ?? [])).toContain('5');
  });

  it('a supervisor listens from the console with the same softphone', async () => {
    const sueContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const sue = await sueContext.newPage();
    sue.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(sue, 'sue');
    await sue.getByRole('heading', { name: 'Supervisor console' }).waitFor();
    await sue.getByRole('button', { name: /Softphone ready/ }).waitFor();
    // From the console's conversation list (the supervisor area): monitor the call and listen.
    await sue.getByRole('button', { name: 'Listen', exact: true }).first().click();
    await sue.getByRole('button', { name: 'Listen (muted)' }).click();
    const supLeg = await until(() => {
      const row = fake.find('POST', /\/Participants\.json$/).at(-1);
      return row?.form.To === `client:agent-${idOf('sue')}` ? row : undefined;
    });
    expect(supLeg.form).toMatchObject({ Muted: 'true', StartConferenceOnEnter: 'false' });
    const supCall = (await until(async () => (await callsOfConversation(t.hub.store, conversationId)).find((l) => l.role === 'supervisor')))
      .callSid;
    await ringSoftphone(`agent-${idOf('sue')}`, supCall, 'supervisor');
    await sue.getByRole('region', { name: 'Softphone' }).getByText('On a call').waitFor();
    await sue.screenshot({ path: screenshotPath('36-voice-supervisor-listening'), animations: 'disabled' });
    await sue.getByRole('region', { name: 'Softphone' }).getByRole('button', { name: 'Leave call' }).click();
    await signalling.next((f) => f.type === 'hangup' && f.payload.callsid === supCall);
    await sueContext.close();
  });

  it('starts a warm transfer (the caller holds) and takes the caller back', async () => {
    await pane().getByRole('button', { name: 'Transfer call' }).click();
    const dialog = page.getByRole('dialog', { name: 'Transfer call' });
    await dialog.getByRole('radio', { name: /Warm/ }).check();
    await dialog.getByLabel('Agent number').fill(String(idOf('bob')));
    await dialog.getByRole('button', { name: 'Transfer' }).click();
    await pane().getByRole('status').getByText('Consulting a colleague; the caller is on hold').waitFor();
    expect(fake.find('POST', /\/Participants\.json$/).at(-1)!.form.To).toBe(`client:agent-${idOf('bob')}`);
    await shot('37-voice-consulting');
    await pane().getByRole('button', { name: 'Back to the caller' }).click();
    await pane().getByRole('status').getByText('In progress', { exact: true }).waitFor();
  });

  it('hangs up into wrap-up; an ended call never shows on hold', async () => {
    await pane().getByRole('button', { name: 'Hold' }).click();
    await pane().getByRole('status').getByText('Caller on hold').waitFor();
    await pane().getByRole('button', { name: 'Hang up' }).click();
    await pane().getByRole('status').getByText('Call ended').waitFor();
    await until(() => fake.find('POST', new RegExp(`/Calls/${agentLeg}\\.json$`)).some((r) => r.form.Status === 'completed'));
    await signalling.next((f) => f.type === 'hangup' && f.payload.callsid === agentLeg);
    await until(async () => (await t.hub.center.requireConversation(conversationId)).state === 'wrap_up');
    // Twilio's own callbacks arrive after: a late in-progress changes nothing.
    await status(agentLeg, 'in-progress');
    await page.waitForTimeout(200);
    await expect.poll(() => pane().getByRole('status').first().textContent()).toBe('Call ended');
    expect(await pane().getByRole('button', { name: 'Resume' }).count()).toBe(0);
    await shot('38-voice-ended-wrap-up');
  });

  it('plays the call recording from the customer 360 through the hub', async () => {
    const recordingSid = sid('RE');
    const callerLeg = (await callsOfConversation(t.hub.store, conversationId)).find((l) => l.role === 'caller')!.callSid;
    const callback = await postWebhook(t.hub.url, `/twilio/voice/recording?conversationId=${conversationId}`, {
      AccountSid: ACCOUNT_SID,
      CallSid: callerLeg,
      RecordingSid: recordingSid,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}`,
      RecordingStatus: 'completed',
      RecordingDuration: '42',
    });
    expect(callback.status).toBe(200);
    const history = page.getByRole('complementary');
    await history.getByRole('button', { name: 'Recordings' }).first().click();
    const player = history.getByRole('list', { name: `Recordings of conversation ${conversationId}` });
    await player.getByText('Call recording (0:42)').waitFor();
    const src = await player.locator('audio').getAttribute('src');
    expect(src).toMatch(new RegExp(`^${t.hub.url}/api/voice/recordings/${recordingSid}\\?`));
    // The page fetches it like the <audio> element does: from the hub, which streams Twilio's bytes.
    const fetched = await page.evaluate(async (url) => {
      const res = await fetch(url!, { headers: { range: 'bytes=0-2' } });
      return { status: res.status, text: await res.text() };
    }, src);
    expect(fetched).toEqual({ status: 206, text: 'ID3' });
    await history.screenshot({ path: screenshotPath('39-voice-recording-in-360'), animations: 'disabled' });
  });

  it('Call from the profile rings the agent first, then the customer', async () => {
    const before = fake.find('POST', /\/Calls\.json$/).length;
    await page
      .getByRole('complementary')
      .getByRole('button', { name: `Call ${CALLER}` })
      .click();
    const agentCall = await until(() => fake.find('POST', /\/Calls\.json$/)[before]);
    expect(agentCall.form.To).toBe(`client:agent-${idOf('ann')}`);
    await page.getByText(`Ringing you first; ${CALLER} is called when you answer.`).waitFor();
    const agentSid = (
      await until(
        async () =>
          (
            await t.hub.store.all<{ call_sid: string }>({
              text: "SELECT call_sid FROM twilio_call WHERE role = 'agent' ORDER BY created_at DESC LIMIT 1",
              values: [],
            })
          )[0],
      )
    ).call_sid;
    expect(fake.find('POST', /\/Calls\.json$/)).toHaveLength(before + 1); // the customer waits for the agent
    // The softphone answers by itself (the agent just pressed Call), then Twilio reports the leg answered.
    await ringSoftphone(`agent-${idOf('ann')}`, agentSid, 'outbound');
    await status(agentSid, 'in-progress');
    const customerCall = await until(() => fake.find('POST', /\/Calls\.json$/)[before + 1]);
    expect(customerCall.form.To).toBe(CALLER);
    const strip = page.getByRole('region', { name: 'Softphone' });
    await strip.getByText('On a call').waitFor();
    await shot('3a-voice-click-to-call');
    await strip.getByRole('button', { name: 'Leave call' }).click();
    await signalling.next((f) => f.type === 'hangup' && f.payload.callsid === agentSid);
    await page.getByRole('button', { name: /Softphone ready/ }).waitFor({ timeout: 10_000 });
  });

  it('renewed its token before it expired (tokenWillExpire -> voice/token -> updateToken)', async () => {
    const identity = `agent-${idOf('ann')}`;
    await until(
      () =>
        new Set(signalling.received.filter((f) => f.type === 'listen' && f.identity === identity).map((f) => f.payload.token)).size >= 2,
      30_000,
    );
    expect(signalling.isRegistered(identity)).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 40_000);
});
