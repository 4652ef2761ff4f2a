import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget } from '../../services/channels/webchat';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { demoInbox, startDemo, type DemoProcess } from '../support/demoProcess';
import { customerAnswers } from '../../services/simulator/people';
import { until } from '../support/until';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/*
 * "Demo email reply": `npm run demo` (email traffic only, no bots), signed in on the desk as the demo's
 * agent in chromium: accept a simulated customer's email, reply, see it Sent with no error, see it on the
 * demo inbox page, and see the customer's answer arrive in the same conversation. Then "My history" in the
 * widget with the code read off the demo inbox page.
 */
let demo: DemoProcess;
let browser: Browser;
let desk: Page;
const pageErrors: string[] = [];
const REPLY = 'Your parcel left our warehouse this morning; tracking updates tonight.';

beforeAll(async () => {
  await buildWidget();
  await ensureRendererBuilt();
  demo = await startDemo({
    SIM_BOTS: '0',
    SIM_SMS_PER_MIN: '0',
    SIM_CALLS_PER_MIN: '0',
    SIM_CHATS_PER_MIN: '0',
    SIM_EMAILS_PER_MIN: '20',
    SIM_EMAIL_ANSWER: '1',
    SIM_EMAIL_ANSWER_MS: '1500',
    SIM_HISTORY_PER_CUSTOMER: '2',
  });
  browser = await launchChromium();
  desk = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  desk.setDefaultTimeout(20_000);
  desk.on('pageerror', (error) => pageErrors.push(error.message));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  const code = await demo?.stop();
  expect(code).toBe(0);
});

describe('demo email reply', () => {
  it('a demo agent accepts an email, replies, and sees it sent', async () => {
    await desk.goto(demo.url);
    await desk.getByLabel('Username').fill('agent');
    await desk.getByLabel('Password').fill('demo-agent-pw');
    await desk.getByRole('button', { name: 'Sign in' }).click();
    await desk.getByRole('heading', { name: 'My work' }).waitFor();
    await desk.getByLabel('Presence', { exact: true }).selectOption('available');
    const toast = desk.getByRole('alertdialog');
    await toast.waitFor({ timeout: 60_000 });
    await desk.keyboard.press('Alt+a');
    // More email is waiting, so the next offer may show at once: the open conversation is what counts.
    const body = desk.getByLabel('Reply to the customer by email');
    await body.waitFor();
    await body.fill(REPLY);
    await desk.getByRole('button', { name: 'Send email' }).click();
    await desk.locator('.email-out .email-status.status-sent').getByText('Sent').waitFor();
    // No red error anywhere (the old demo said "email channel not configured" here).
    expect(
      await desk
        .locator('.error, [role=alert]')
        .filter({ hasText: /not (configured|set up)|failed/i })
        .count(),
    ).toBe(0);
    await desk.screenshot({ path: screenshotPath('63-demo-email-sent'), animations: 'disabled' });
  }, 120_000);

  it('the reply is on the demo inbox page, and the customer answers into the same conversation', async () => {
    const inbox = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    inbox.on('pageerror', (error) => pageErrors.push(error.message));
    await inbox.goto(`${demo.url}/demo/inbox`);
    const item = inbox.locator('li.item[data-kind=email]').filter({ hasText: REPLY });
    await item.waitFor();
    expect(await item.locator('.subject').textContent()).toMatch(/^Re: .+ \[#SB-\d+\]$/);
    await inbox.screenshot({ path: screenshotPath('64-demo-inbox'), animations: 'disabled', fullPage: false });
    await inbox.close();

    // The simulated customer's answer arrives threaded, in the conversation still open on the desk.
    // One of the simulated customers' answers (the agent's own reply quotes the mail, so not "wrote:").
    const answer = desk.getByRole('list', { name: 'Email thread' }).getByText(new RegExp(customerAnswers.map(escapeRegExp).join('|')));
    await answer.first().waitFor({ timeout: 30_000 });
    await answer.first().scrollIntoViewIfNeeded();
    await desk.screenshot({ path: screenshotPath('65-demo-customer-answer'), animations: 'disabled' });
  }, 60_000);

  it('"My history" in the widget, with the code read off the demo inbox page', async () => {
    const shop = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    shop.on('pageerror', (error) => pageErrors.push(error.message));
    await shop.goto(`${demo.url}/chat?queue=sales`);
    await shop.getByRole('link', { name: /demo inbox/ }).waitFor();
    await shop.locator('[data-part=launcher]').click();
    const toggle = shop.locator('[data-part=history-toggle]');
    await toggle.waitFor({ state: 'visible' });
    await toggle.click();
    const address = await until(async () => {
      const res = await fetch(`${demo.url}/demo/inbox.json`);
      const data = (await res.json()) as { examples: string[] };
      return data.examples.find((e) => e.includes('@'));
    });
    await shop.locator('form[data-part=history-proof] select[name=kind]').selectOption('email');
    await shop.locator('form[data-part=history-proof] input[name=value]').fill(address);
    await shop.getByRole('button', { name: 'Send me a code' }).click();
    await shop.locator('form[data-part=history-code]').waitFor();
    const code = await until(
      async () => (await demoInbox(demo.url)).find((i) => i.code !== null && i.to.includes(address))?.code ?? undefined,
      10_000,
      100,
    );

    const inbox = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await inbox.goto(`${demo.url}/demo/inbox`);
    await inbox.locator('[data-part=code]').getByText(code).first().waitFor();
    await inbox.getByRole('button', { name: 'Codes' }).click();
    await inbox.screenshot({ path: screenshotPath('66-demo-inbox-codes'), animations: 'disabled' });
    await inbox.close();

    await shop.locator('form[data-part=history-code] input[name=code]').fill(code);
    await shop.getByRole('button', { name: 'Verify' }).click();
    await shop.locator('[data-part=history] .history-item').first().waitFor();
    await shop.screenshot({ path: screenshotPath('67-demo-widget-history'), animations: 'disabled' });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
