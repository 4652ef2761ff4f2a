import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { getConversation } from '../../services/store/repos/conversations';
import { startHub } from '../../services/server/startHub';
import { AgentClient } from '../support/agentClient';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { ADMIN_PASSWORD, chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';
import { until } from '../support/until';
import { sql } from '../../services/store/sql';

const sqlEmail = () => sql`SELECT id FROM conversation WHERE channel = 'email' AND state = 'active' ORDER BY id`;

/*
 * The agent desktop in real chromium against a real hub that serves the built renderer at `/`.
 * One agent's day in order: sign in, go available, take a chat, note, wrap up; take an email whose HTML
 * attacks the page; survive the hub restarting with a draft in the composer.
 */
let t: TestHub;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
let chatConversationId = 0;
const trackerRequests: string[] = [];
const ONE_PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  const rendererDir = await ensureRendererBuilt();
  t = await startTestHub({
    rendererDir,
    routing: { offerTimeoutMs: 120_000, maxMissedOffers: 3, voiceInterruptsEmail: true, rejectCooldownMs: 0 },
  });
  await seed(t, [{ username: 'ann' }]);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // The only "remote" image host: answered locally so the test sees exactly when it is asked for.
  await context.route('https://tracker.example/**', async (route) => {
    trackerRequests.push(route.request().url());
    await route.fulfill({ status: 200, contentType: 'image/png', body: ONE_PIXEL_PNG });
  });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

const annId = (): number => t.hub.center.snapshots().find((a) => a.username === 'ann')!.id;

describe('agent desktop in chromium', () => {
  it('refuses a wrong password with a clear message, then signs in', async () => {
    await page.goto(t.hub.url);
    await expect.poll(() => page.getByLabel('Hub address').inputValue()).toBe(t.hub.url);
    await page.getByLabel('Username').fill('ann');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong username or password' }).waitFor();
    await page.screenshot({ path: screenshotPath('01-sign-in-error'), animations: 'disabled' });

    await page.getByLabel('Password').fill('ann-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My work' }).waitFor();
    await page.getByText('No active conversations').waitFor();
  });

  it('goes available, gets a chat offer toast, accepts with Alt+A and sees the messages live', async () => {
    await page.getByLabel('Presence', { exact: true }).selectOption('available');
    await until(() => t.hub.center.snapshot(annId()).presence === 'available');

    const { conversation } = await t.hub.center.ingest(
      chatEvent({
        from: { kind: 'email', value: 'dana@example.com', displayName: 'Dana Whitfield' },
        bodyText: 'My parcel never arrived, order 4417',
      }),
    );
    chatConversationId = conversation.id;
    const toast = page.getByRole('alertdialog');
    await toast.waitFor();
    await expect.poll(() => toast.textContent()).toContain('Dana Whitfield');
    const toastText = (await toast.textContent()) ?? '';
    expect(toastText).toContain('Chat');
    expect(toastText).toContain('Support');
    expect(toastText).toContain('My parcel never arrived');
    await page.screenshot({ path: screenshotPath('02-offer-toast'), animations: 'disabled' });

    await page.keyboard.press('Alt+a');
    await toast.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Dana Whitfield', level: 1 }).waitFor();
    await page.getByText('My parcel never arrived, order 4417').first().waitFor();
    expect((await getConversation(t.hub.store, conversation.id))?.state).toBe('active');

    await t.hub.center.ingest(
      chatEvent({ conversationId: conversation.id, from: { kind: 'email', value: 'dana@example.com' }, bodyText: 'Are you still there?' }),
    );
    await page.getByRole('list', { name: 'Messages' }).getByText('Are you still there?').waitFor();
  });

  it('keeps the reply when the channel refuses it, and sends it as an internal note', async () => {
    const composer = page.getByRole('textbox', { name: /Reply to the customer/ });
    await composer.fill('Checking with the courier now.');
    await page.getByRole('button', { name: 'Send' }).click();
    // No chat adapter on this hub: the hub says so and the text stays where it was typed.
    await page.getByRole('alert').filter({ hasText: "Web chat isn't set up on this hub yet" }).waitFor();
    expect(await composer.inputValue()).toBe('Checking with the courier now.');

    await page.getByRole('radio', { name: 'Internal note' }).click();
    const note = page.getByRole('textbox', { name: /Internal note/ });
    expect(await note.inputValue()).toBe('Checking with the courier now.');
    await note.press('Control+Enter');
    await page.getByRole('list', { name: 'Messages' }).getByText('Checking with the courier now.').waitFor();
    await expect.poll(() => note.inputValue()).toBe('');
    await page.locator('.cs-notes').getByText('Checking with the courier now.').waitFor();
    await page.screenshot({ path: screenshotPath('03-chat-conversation'), animations: 'disabled' });
  });

  it('wraps up with a disposition and a note, then closes', async () => {
    const id = t.hub.center.snapshot(annId());
    expect(id.state).toBe('busy');
    await page.getByRole('button', { name: 'Wrap up' }).click();
    await page.getByRole('heading', { name: 'Wrap-up' }).waitFor();
    await page.getByRole('radio', { name: 'Resolved' }).check();
    await page.getByLabel(/Wrap-up note/).fill('Courier claim opened');
    await page.screenshot({ path: screenshotPath('04-wrap-up'), animations: 'disabled' });
    await page.getByRole('button', { name: 'Close conversation' }).click();
    await page.getByText('No active conversations').waitFor();
    const closed = await until(async () => {
      const c = await getConversation(t.hub.store, chatConversationId);
      return c?.state === 'closed' ? c : undefined;
    });
    expect(closed.disposition).toBe('resolved');
  });

  it('shows hostile email HTML sanitised in a sandboxed frame: nothing executes, remote images wait for a click', async () => {
    await page.evaluate(() => {
      (window as unknown as { __pwned?: unknown }).__pwned = undefined;
    });
    const html = [
      '<script>parent.__pwned = "script"; top.__pwned = "script"</script>',
      '<img src="x" onerror="parent.__pwned = \'onerror\'; top.__pwned = \'onerror\'">',
      '<p>Hello <b>team</b>, the invoice is attached.</p>',
      '<a href="javascript:parent.__pwned=\'link\'">click me</a>',
      '<img src="https://tracker.example/pixel.png" alt="logo">',
      '<svg><script>parent.__pwned = "svg"</script></svg>',
      '<iframe src="javascript:parent.__pwned=\'iframe\'"></iframe>',
    ].join('\n');
    await t.hub.center.ingest({
      channel: 'email',
      providerId: `<invoice-${Date.now()}@example.com>`,
      from: { kind: 'email', value: 'billing@vendor.example', displayName: 'Vendor Billing' },
      queueId: 'support',
      subject: 'Invoice 2291 overdue',
      bodyText: 'Hello team, the invoice is attached.',
      bodyHtml: html,
    });
    const toast = page.getByRole('alertdialog');
    await toast.waitFor();
    await expect.poll(() => toast.textContent()).toContain('Invoice 2291 overdue');
    await toast.getByRole('button', { name: /Accept/ }).click();
    await page.getByRole('heading', { name: 'Vendor Billing', level: 1 }).waitFor();

    const frameElement = page.locator('iframe.email-frame');
    await frameElement.waitFor();
    expect(await frameElement.getAttribute('sandbox')).toBe('');
    const srcdoc = (await frameElement.getAttribute('srcdoc')) ?? '';
    expect(srcdoc).not.toMatch(/<script/i);
    expect(srcdoc).not.toMatch(/onerror/i);
    expect(srcdoc).not.toMatch(/javascript:/i);
    expect(srcdoc).not.toMatch(/<(svg|iframe)/i);
    expect(srcdoc).not.toMatch(/\shref=/i);
    expect(srcdoc).toContain("default-src 'none'");
    const frame = page.frameLocator('iframe.email-frame');
    await frame.getByText('the invoice is attached').waitFor();
    await frame.locator('b', { hasText: 'team' }).waitFor();
    expect(await frame.getByText('click me').getAttribute('href')).toBeNull();
    await page.getByText('1 remote image was blocked').waitFor();
    expect(trackerRequests).toEqual([]);
    await page.screenshot({ path: screenshotPath('05-email-sanitised'), animations: 'disabled' });

    await page.getByRole('button', { name: 'Show images' }).click();
    await until(() => trackerRequests.length > 0);
    await frame.locator('img[alt="logo"]').waitFor();
    await page.waitForTimeout(300); // give any script that slipped through the chance to run (it must not)
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });

  it('holds several channels at once: SMS with an opt-out warning, unread markers, keyboard switching', async () => {
    const sms = {
      channel: 'sms' as const,
      from: { kind: 'phone' as const, value: '+15551234567', displayName: 'Sam Okafor' },
      queueId: 'support',
      threadKey: 'sms:+15551234567:+15550000000',
    };
    await t.hub.center.ingest({ ...sms, providerId: `SM${Date.now()}a`, bodyText: 'Where is my refund?' });
    const toast = page.getByRole('alertdialog');
    await expect.poll(() => toast.textContent()).toContain('Sam Okafor');
    await toast.getByRole('button', { name: /Accept/ }).click();
    await page.getByRole('heading', { name: 'Sam Okafor', level: 1 }).waitFor();
    await t.hub.center.ingest({ ...sms, providerId: `SM${Date.now()}b`, bodyText: 'STOP' });
    await page.getByRole('alert').filter({ hasText: 'opted out of SMS' }).waitFor();

    // A reply on the email arrives while the SMS is on screen: the email gets an unread marker.
    const [email] = await t.hub.store.all<{ id: number }>(sqlEmail());
    await t.hub.center.ingest({
      channel: 'email',
      providerId: `<followup-${Date.now()}@vendor.example>`,
      from: { kind: 'email', value: 'billing@vendor.example' },
      queueId: 'support',
      conversationId: email!.id,
      subject: 'Re: Invoice 2291 overdue',
      bodyText: 'Any update?',
    });
    const options = page.getByRole('listbox', { name: 'My work' }).getByRole('option');
    await expect.poll(() => options.count()).toBe(2);
    await page.getByLabel('1 unread').waitFor();
    await page.screenshot({ path: screenshotPath('06-sms-and-worklist'), animations: 'disabled' });

    await page.keyboard.press('Alt+ArrowUp');
    await page.getByRole('heading', { name: 'Vendor Billing', level: 1 }).waitFor();
    expect(await page.getByLabel('1 unread').count()).toBe(0);
  });

  it('keeps the draft and pauses actions while the hub is down, then carries on', async () => {
    const composer = page.getByRole('textbox', { name: /Reply to the customer/ });
    await composer.fill('We will pay it this week.');
    const port = t.hub.port;
    await t.hub.stop();
    await page.getByRole('status').filter({ hasText: 'Reconnecting to the hub' }).waitFor();
    expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Wrap up' }).isDisabled()).toBe(true);
    await composer.fill('We will pay it this week. Reference 2291.');
    await page.screenshot({ path: screenshotPath('07-reconnecting'), animations: 'disabled' });

    t.hub = await startHub({
      dbFile: t.dbFile,
      port,
      logLevel: 'silent',
      bootstrapAdmin: { username: 'admin', password: ADMIN_PASSWORD },
      tickMs: 20,
      statsPushMs: 10,
      rendererDir: await ensureRendererBuilt(),
    });
    await page.getByRole('status').filter({ hasText: 'Reconnecting' }).waitFor({ state: 'detached', timeout: 15_000 });
    expect(await composer.inputValue()).toBe('We will pay it this week. Reference 2291.');
    await expect.poll(() => page.getByRole('button', { name: 'Wrap up' }).isEnabled()).toBe(true);
    // And a reload (remembered session + drafts on disk) still has it.
    await page.reload();
    await page.getByRole('heading', { name: 'Vendor Billing', level: 1 }).waitFor();
    expect(await page.getByRole('textbox', { name: /Reply to the customer/ }).inputValue()).toBe(
      'We will pay it this week. Reference 2291.',
    );
    await page.screenshot({ path: screenshotPath('08-after-reconnect'), animations: 'disabled' });
  });

  it('signs out: back to the sign-in form, and the old token no longer opens a socket', async () => {
    const token = await page.evaluate(() => (JSON.parse(localStorage.getItem('switchboard.session') ?? '{}') as { token?: string }).token);
    expect(token).toBeTruthy();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to your desk' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('switchboard.session'))).toBeNull();
    await expect(
      until(async () => {
        try {
          (await AgentClient.connect(t.hub.url, token!)).close();
          return false;
        } catch (error) {
          return (error as Error).message;
        }
      }),
    ).resolves.toMatch(/unauthenticated/);
  });
});
