import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget } from '../../services/channels/webchat';
import { demoTwilioConfig, TwilioStandIn } from '../../services/simulator/twilioStandIn';
import type { AgentClient } from '../support/agentClient';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { chatEvent, seed, startTestHub, supportQueue, type TestHub } from '../support/testHub';
import { VisitorClient } from '../support/visitorClient';

/*
 * State shown truthfully, in Debian chromium against a real hub (web chat, Twilio stand-in with signed
 * status callbacks): the desk during an offer, a chat visitor's typed identity, a named whisper, an ended
 * chat on both sides, a delivered SMS, the supervisor board in breach and conversation control's search.
 * Each step leaves a screenshot in test-output/screenshots/truth-*.png.
 */
let t: TestHub;
let standIn: TwilioStandIn;
let browser: Browser;
let ann: Page;
let sue: Page;
let sueSocket: AgentClient;
const visitors: VisitorClient[] = [];
const pageErrors: string[] = [];

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(t.hub.url);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(`${username}-password`);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function visitor(name: string, email: string, text: string): Promise<VisitorClient> {
  const v = await VisitorClient.connect(t.hub.url);
  visitors.push(v);
  await v.ok('chat/start', { queueId: 'support', name, email });
  await v.ok('message/send', { clientId: `v-${Date.now().toString(36)}-1`, text });
  return v;
}

const box = async (page: Page, locator: ReturnType<Page['locator']>) => {
  const b = await locator.boundingBox();
  if (!b) throw new Error('element not visible');
  return b;
};
const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

beforeAll(async () => {
  const rendererDir = await ensureRendererBuilt();
  await buildWidget();
  standIn = await TwilioStandIn.start();
  t = await startTestHub({
    rendererDir,
    webchat: { abandonAfterDisconnectMs: 60_000 },
    twilio: demoTwilioConfig(standIn.url),
    routing: { offerTimeoutMs: 120_000, maxMissedOffers: 3, voiceInterruptsEmail: true, rejectCooldownMs: 0 },
  });
  standIn.reportDeliveryTo(t.hub.url);
  await seed(
    t,
    [{ username: 'ann' }, { username: 'sue', role: 'supervisor' }],
    [
      { ...supportQueue, channels: ['chat', 'sms', 'email'] },
      // Nobody has the skill: contacts wait here with no agent available and soon pass the 2 s target.
      { id: 'callbacks', name: 'Callbacks', channels: ['chat'], skills: { callback: 5 }, slaSeconds: 2, priority: 0 },
    ],
  );
  // Dana is known by email from an earlier contact; a chat visitor will type her address.
  await t.hub.center.ingest(
    chatEvent({
      from: { kind: 'email', value: 'dana@example.com', displayName: 'Dana Whitfield' },
      bodyText: 'Order 5521 arrived damaged',
    }),
  );
  browser = await launchChromium();
  for (const name of ['ann', 'sue'] as const) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.message}`));
    if (name === 'ann') ann = page;
    else sue = page;
  }
  sueSocket = await t.connect('sue', 'sue-password');
}, 180_000);

afterAll(async () => {
  for (const v of visitors) v.close();
  await browser?.close();
  await t?.stop();
  await standIn?.stop();
});

describe('state shown truthfully, in chromium', () => {
  it('desk: a ringing offer reads "Offered", is docked where it covers no action, and the visitor’s typed identity is shown unverified', async () => {
    await signIn(ann, 'ann');
    await ann.getByRole('heading', { name: 'My work' }).waitFor();
    await ann.getByLabel('Presence', { exact: true }).selectOption('available');
    // Dana's earlier chat is offered first. My work is empty: the desk says Offered, never Busy.
    await ann.getByRole('alertdialog').waitFor();
    await expect.poll(() => ann.locator('.presence-state').textContent()).toMatch(/^Offered /);
    await ann.screenshot({ path: screenshotPath('truth-00-desk-offered'), animations: 'disabled' });
    await ann.keyboard.press('Alt+a');
    await ann.getByRole('heading', { name: 'Dana Whitfield', level: 1 }).waitFor();

    await visitor('Dana W', 'dana@example.com', 'Hi, is my refund for order 5521 through?');
    const toast = ann.getByRole('alertdialog');
    await toast.getByText('Dana W').waitFor();
    const wrapUp = ann.getByRole('button', { name: 'Wrap up' });
    expect(overlaps(await box(ann, toast), await box(ann, wrapUp))).toBe(false);
    expect(overlaps(await box(ann, toast), await box(ann, ann.locator('.customer-panel')))).toBe(false);
    expect(overlaps(await box(ann, toast), await box(ann, ann.locator('.conv-head')))).toBe(false);
    await ann.screenshot({ path: screenshotPath('truth-01-desk-offer'), animations: 'disabled' });

    await ann.keyboard.press('Alt+a');
    await ann.getByRole('heading', { name: 'Dana W', level: 1 }).waitFor();
    const claims = ann.getByRole('region', { name: /The visitor typed/ });
    await claims.getByText('dana@example.com').waitFor();
    await claims.getByText('not verified').waitFor();
    await claims.getByRole('button', { name: 'Link to Dana Whitfield' }).waitFor();
    await ann.screenshot({ path: screenshotPath('truth-02-chat-visitor-profile'), animations: 'disabled' });
  });

  it('desk: the whisper reads as the supervisor’s, and the first reply stops the SLA clock at once', async () => {
    const chat = await ann.evaluate(() => document.querySelector('.worklist-item.selected')?.getAttribute('data-conversation-id'));
    const conversationId = Number(chat);
    await sueSocket.ok('supervisor/whisper', { conversationId, text: 'She is a long-time customer: offer the express refund' });
    const thread = ann.getByRole('list', { name: 'Messages' });
    const whisper = thread.locator('li.msg-whisper');
    await whisper.getByText('Whisper from SUE').waitFor();
    await whisper.getByText('not visible to the customer').waitFor();

    const item = ann.locator(`.worklist-item[data-conversation-id="${conversationId}"]`);
    await item.getByText(/^SLA /).waitFor();
    await ann.getByRole('textbox', { name: 'Reply to the customer' }).fill('Yes, the refund went out this morning.');
    await ann.keyboard.press('Control+Enter');
    await item.getByText('Answered').waitFor();
    await ann.screenshot({ path: screenshotPath('truth-03-whisper'), animations: 'disabled' });
  });

  it('ended chat: the widget and the desk both show the end; replies are off with the reason', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 720 } });
    page.on('pageerror', (error) => pageErrors.push(`widget: ${error.message}`));
    await page.goto(`${t.hub.url}/chat`);
    await page.locator('[data-part=launcher]').click();
    await page.locator('form[data-part=prechat] input[name=name]').fill('Pat Visitor');
    await page.locator('form[data-part=prechat] button[type=submit]').click();
    await page.locator('[data-part=input]').fill('Can I change my delivery address?');
    await page.locator('[data-part=send]').click();
    await ann.getByRole('alertdialog').getByText('Pat Visitor').waitFor();
    await ann.keyboard.press('Alt+a');
    await ann.getByRole('heading', { name: 'Pat Visitor', level: 1 }).waitFor();
    await expect.poll(() => page.locator('[data-part=status]').textContent()).toContain('chatting with ANN');

    await page.locator('[data-part=end]').click();
    await expect.poll(() => page.locator('[data-part=status]').textContent()).toBe('The chat has ended.');
    expect(await page.locator('[data-part=end]').isVisible()).toBe(false);
    expect(await page.getByText(/an agent will join you/).count()).toBe(0);
    await page.locator('.msg.system', { hasText: 'You ended the chat.' }).waitFor();
    await page.screenshot({ path: screenshotPath('truth-04-widget-ended'), animations: 'disabled' });

    await ann.getByText('visitor left', { exact: true }).waitFor();
    await ann.locator('li.msg-event', { hasText: 'The visitor ended the chat' }).waitFor();
    expect(await ann.getByRole('radio', { name: 'Reply' }).isDisabled()).toBe(true);
    await ann.getByText(/replies no longer reach them/).waitFor();
    await ann.screenshot({ path: screenshotPath('truth-05-desk-ended-chat'), animations: 'disabled' });
    await page.close();
  });

  it('SMS: "Sending…" turns into "Delivered" live from the status callbacks', async () => {
    await t.hub.center.ingest({
      channel: 'sms',
      providerId: `SM${'cd'.repeat(16)}`,
      from: { kind: 'phone', value: '+15551234567', displayName: 'Sam Texter' },
      queueId: 'support',
      bodyText: 'Is the store open on Sunday?',
    });
    await ann.getByRole('alertdialog').getByText('Sam Texter').waitFor();
    await ann.keyboard.press('Alt+a');
    await ann.getByRole('heading', { name: 'Sam Texter', level: 1 }).waitFor();
    await ann.getByRole('textbox', { name: 'Reply to the customer' }).fill('Yes, from 10 to 4.');
    await ann.keyboard.press('Control+Enter');
    const line = ann.getByRole('list', { name: 'Messages' }).locator('li.msg-out', { hasText: 'Yes, from 10 to 4.' });
    await line.locator('.msg-status', { hasText: 'Delivered' }).waitFor();
    await ann.screenshot({ path: screenshotPath('truth-06-sms-delivered'), animations: 'disabled' });
  });

  it('board: STATUS follows the rules (Breach with its reasons), and conversation control finds by customer', async () => {
    for (let i = 0; i < 3; i += 1)
      await t.hub.center.ingest(
        chatEvent({ queueId: 'callbacks', from: { kind: 'email', value: `caller${i}@example.com`, displayName: `Caller ${i}` } }),
      );
    await signIn(sue, 'sue');
    await sue.getByRole('heading', { name: 'Supervisor console' }).waitFor();
    const status = sue.getByTestId('status-callbacks');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toContain('Breach');
    expect(await status.textContent()).toContain('oldest wait over target');
    expect(await status.textContent()).toContain('no agent available');
    // The chart stays beside the table.
    const table = await box(sue, sue.locator('.sv-board-scroll'));
    const chart = await box(sue, sue.locator('.sv-chart'));
    expect(chart.x).toBeGreaterThanOrEqual(table.x + table.width - 1);
    expect(chart.y).toBeLessThan(table.y + 20);
    // …and the table fits its column: no sideways scrolling on a 1440 px screen.
    expect(await sue.locator('.sv-board-scroll').evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    await sue.screenshot({ path: screenshotPath('truth-07-board-breach'), animations: 'disabled' });

    await sue.getByLabel('Find a conversation').fill('Dana');
    const found = sue.getByRole('list', { name: 'Conversations found' });
    await found.getByRole('button').first().waitFor();
    expect(await found.getByRole('button').count()).toBeGreaterThanOrEqual(2);
    expect(await found.textContent()).not.toContain('web-');
    await sue.screenshot({ path: screenshotPath('truth-08-control-search'), animations: 'disabled' });

    // An ended chat: what cannot apply is off, with the reason.
    await sue.getByLabel('Find a conversation').fill('Pat Visitor');
    await sue
      .getByRole('list', { name: 'Conversations found' })
      .getByRole('button', { name: /Pat Visitor/ })
      .click();
    const picked = sue.getByLabel('Selected conversation');
    await picked.getByText('Pat Visitor').waitFor();
    await picked.getByText('visitor left').waitFor();
    await sue.getByRole('button', { name: 'Monitor', exact: true }).last().click();
    await sue.getByText(/^Barge is off: The visitor ended the chat at/).waitFor();
    await sue.screenshot({ path: screenshotPath('truth-09-control-ended-chat'), animations: 'disabled' });
    expect(pageErrors).toEqual([]);
  });
});
