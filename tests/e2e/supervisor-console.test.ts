import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ChannelKind } from '../../services/contracts';
import type { AgentClient } from '../support/agentClient';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { chatEvent, seed, startTestHub, supportQueue, type TestHub } from '../support/testHub';
import { until } from '../support/until';
import { VisitorClient } from '../support/visitorClient';

/*
 * The supervisor console in Debian chromium against a real hub with web chat on. A visitor (a real
 * socket.io client on /visitor) chats with Ann (her own browser context); Sue, a supervisor in another
 * context, watches the chat live and whispers: Ann sees the whisper in her pane, the visitor never gets it.
 * Then the board under load from the real ingest path, screenshotted.
 */
let t: TestHub;
let browser: Browser;
let sue: Page;
let ann: Page;
let visitor: VisitorClient;
const pageErrors: string[] = [];
const extraAgents: AgentClient[] = [];

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(t.hub.url);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(`${username}-password`);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

beforeAll(async () => {
  const rendererDir = await ensureRendererBuilt();
  t = await startTestHub({
    rendererDir,
    webchat: { abandonAfterDisconnectMs: 60_000 },
    routing: { offerTimeoutMs: 120_000, maxMissedOffers: 3, voiceInterruptsEmail: true, rejectCooldownMs: 0 },
  });
  await seed(
    t,
    [{ username: 'ann' }, { username: 'sue', role: 'supervisor' }, ...Array.from({ length: 8 }, (_, i) => ({ username: `agent${i + 1}` }))],
    [
      supportQueue,
      { id: 'sales', name: 'Sales', channels: ['chat', 'sms'], skills: {}, slaSeconds: 30, priority: 1 },
      { id: 'billing', name: 'Billing', channels: ['email', 'sms'], skills: {}, slaSeconds: 3600, priority: 0, slTargetPercent: 90 },
      // A 2-second threshold: within a test run its waits pass the threshold, so the board must alert.
      { id: 'callbacks', name: 'Callbacks', channels: ['chat'], skills: {}, slaSeconds: 2, priority: 0, shortAbandonSeconds: 0 },
    ],
  );
  browser = await launchChromium();
  for (const name of ['sue', 'ann'] as const) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.message}`));
    if (name === 'sue') sue = page;
    else ann = page;
  }
}, 120_000);

afterAll(async () => {
  visitor?.close();
  for (const a of extraAgents) a.close();
  await browser?.close();
  await t?.stop();
});

describe('supervisor console in chromium', () => {
  it('an agent never sees the console; a supervisor lands on it', async () => {
    await signIn(ann, 'ann');
    await ann.getByRole('heading', { name: 'My work' }).waitFor();
    expect(await ann.getByRole('heading', { name: 'Supervisor console' }).count()).toBe(0);
    await ann.getByLabel('Presence', { exact: true }).selectOption('available');

    await signIn(sue, 'sue');
    await sue.getByRole('heading', { name: 'Supervisor console' }).waitFor();
    await sue.getByRole('table', { name: 'Queue board' }).waitFor();
    await sue.getByRole('row', { name: 'ANN' }).waitFor();
  });

  it('watches a live chat silently and whispers: the agent sees it, the visitor does not', async () => {
    visitor = await VisitorClient.connect(t.hub.url);
    await visitor.ok('chat/start', { queueId: 'support', name: 'Vera Visitor', email: 'vera@example.com' });
    await visitor.ok('message/send', { clientId: 'v-00000001', text: 'My order 5521 is missing a part' });

    const toast = ann.getByRole('alertdialog');
    await toast.waitFor();
    await ann.keyboard.press('Alt+a');
    await ann.getByRole('heading', { name: 'Vera Visitor', level: 1 }).waitFor();
    await visitor.waitFor('queue', (q) => q.state === 'active');

    // Sue's grid shows the chat under Ann (pushed board -> grid refresh); she starts a silent monitor.
    const annRow = sue.getByRole('row', { name: 'ANN' });
    await annRow.getByText('#').first().waitFor();
    await annRow.getByRole('button', { name: 'Monitor' }).click();
    const log = sue.getByRole('list', { name: 'Monitored messages' });
    await log.getByText('My order 5521 is missing a part').waitFor();
    // Live: the visitor's next line reaches the monitor without a reload.
    await visitor.ok('message/send', { clientId: 'v-00000002', text: 'It is the hinge for the cabinet door' });
    await log.getByText('It is the hinge for the cabinet door').waitFor();

    await sue.getByLabel(/Whisper to the agent/).fill('Offer the express replacement, it is in stock');
    await sue.getByRole('button', { name: 'Whisper' }).click();
    await log.getByText('Offer the express replacement, it is in stock').waitFor();
    // The agent sees the whisper in her pane, as a note (not a message to the customer).
    await ann.getByRole('list', { name: 'Messages' }).getByText('Offer the express replacement, it is in stock').waitFor();
    await ann.getByRole('list', { name: 'Messages' }).getByText('Whisper from SUE').waitFor();
    await ann.screenshot({ path: screenshotPath('20-agent-sees-whisper'), animations: 'disabled' });

    // A barge after the whisper does reach the visitor: once it has arrived, the whisper would have too.
    await sue.getByLabel(/Whisper to the agent/).fill('Hello Vera, I am the team lead and I am looking at this too.');
    await sue.getByRole('button', { name: /Barge in/ }).click();
    await visitor.waitFor('message', (m) => m.text.startsWith('Hello Vera, I am the team lead'));
    await sue.screenshot({ path: screenshotPath('21-supervisor-monitor-whisper'), animations: 'disabled' });
    const texts = visitor.received('message').map((m) => m.text);
    expect(texts.some((x) => x.includes('express replacement'))).toBe(false);
    expect(JSON.stringify(visitor.events)).not.toContain('express replacement');

    // The agent was not told about the monitor: nothing in her pane mentions it.
    expect(await ann.getByText(/monitor/i).count()).toBe(0);
    await sue.getByRole('button', { name: 'Stop monitoring' }).click();
  });

  it('shows the board under load from the real ingest path, and the screenshot is taken', async () => {
    for (let i = 1; i <= 8; i += 1) {
      const a = await t.connect(`agent${i}`, `agent${i}-password`);
      extraAgents.push(a);
      await a.ok('presence/set', { presence: i <= 6 ? 'available' : 'away', reason: i > 6 ? 'training' : undefined });
    }
    const plan: ReadonlyArray<{ queueId: string; channel: ChannelKind }> = [
      { queueId: 'support', channel: 'chat' },
      { queueId: 'support', channel: 'email' },
      { queueId: 'sales', channel: 'chat' },
      { queueId: 'sales', channel: 'sms' },
      { queueId: 'billing', channel: 'email' },
      { queueId: 'support', channel: 'sms' },
    ];
    const ids: number[] = [];
    const ingest = async (i: number, queueId: string, channel: ChannelKind): Promise<void> => {
      const from =
        channel === 'sms'
          ? { kind: 'phone' as const, value: `+1555010${String(1000 + i).slice(-4)}` }
          : { kind: 'email' as const, value: `load${i}@example.com`, displayName: `Load ${i}` };
      const { conversation } = await t.hub.center.ingest(
        chatEvent({ channel, queueId, from, subject: channel === 'email' ? `Question ${i}` : undefined, bodyText: `load ${i}` }),
      );
      ids.push(conversation.id);
    };
    const acceptAll = async (): Promise<void> => {
      for (const a of extraAgents.slice(0, 6)) {
        for (const offer of a.received('offer/new')) await a.command('offer/accept', { offerId: offer.offerId });
        a.events.length = 0;
      }
    };
    for (let i = 0; i < 120; i += 1) {
      const { queueId, channel } = plan[i % plan.length]!;
      await ingest(i, queueId, channel);
      // Every few contacts the agents take what they were offered and finish some of it.
      if (i % 20 === 19) {
        await acceptAll();
        for (const a of extraAgents.slice(0, 3)) {
          const mine = await a.ok('conversation/mine', {});
          const first = mine.conversations[0];
          if (first) await a.command('conversation/close', { conversationId: first.id, disposition: 'resolved' });
        }
      }
    }
    for (let i = 0; i < 8; i += 1) await ingest(1000 + i, 'callbacks', 'chat');
    await acceptAll();
    // Some customers give up; the callbacks queue keeps waiting past its 2 s threshold.
    for (const id of ids.slice(-20, -8)) await t.hub.center.abandon(id, 'customer left').catch(() => undefined);
    await sue.waitForTimeout(2500);
    await t.hub.center.abandon(ids.at(-1)!, 'customer left').catch(() => undefined);

    const support = sue.getByRole('rowgroup', { name: 'Queue Support' });
    await until(async () => Number(await support.getByRole('cell').first().textContent()) > 10, 10_000);
    const sales = sue.getByRole('rowgroup', { name: 'Queue Sales' });
    await sales.waitFor();
    await until(async () => ((await sue.getByLabel('Agents by state').textContent()) ?? '').includes('away'), 10_000);
    await sue.waitForTimeout(1000);
    await sue.screenshot({ path: screenshotPath('22-supervisor-board-under-load'), animations: 'disabled', fullPage: true });
    // The queue with contacts waiting past its threshold is in breach (docs/metrics.md, "Queue status"); the others are not.
    const callbacks = sue.getByRole('rowgroup', { name: 'Queue Callbacks' });
    expect(await callbacks.getAttribute('class')).toContain('sv-level-breach');
    expect(await callbacks.getByText('oldest wait over target').count()).toBe(1);
    expect((await sue.getByRole('rowgroup', { name: 'Queue Billing' }).getAttribute('class')) ?? '').not.toContain('sv-level-breach');
    expect(pageErrors).toEqual([]);
  });
});
