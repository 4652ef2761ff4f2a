import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget } from '../../services/channels/webchat';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { seed, startTestHub, type TestHub } from '../support/testHub';

/*
 * A hub with web chat only (no email, no Twilio) and the usual support queue, which lists all four
 * channels: the widget offers neither "My history" (no way to send a code) nor an offline form promising
 * email, and the desk lists the queue as "Chat" only.
 */
let t: TestHub;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  await buildWidget();
  const rendererDir = await ensureRendererBuilt();
  t = await startTestHub({ rendererDir, webchat: { positionRefreshMs: 100 } });
  await seed(t, [{ username: 'ann' }, { username: 'sam', role: 'supervisor' }]);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function openWidget(page: Page): Promise<void> {
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${t.hub.url}/chat`);
  await page.locator('[data-part=launcher]').click();
}

describe('a chat-only hub', () => {
  it('widget with nobody online: no offline form promising email, no "My history"', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 720 } });
    await openWidget(page);
    await page.locator('[data-part=offline-none]').waitFor();
    await expect.poll(() => page.locator('[data-part=status]').textContent()).toBe('No one is available to chat right now.');
    expect(await page.locator('form[data-part=offline]').count()).toBe(0);
    expect(await page.getByText(/by email/).count()).toBe(0);
    expect(await page.locator('[data-part=history-toggle]').isVisible()).toBe(false);
    await page.screenshot({ path: screenshotPath('60-widget-chat-only-offline'), animations: 'disabled' });
    await page.close();
  });

  it('widget with an agent online: the pre-chat form, still no "My history"', async () => {
    const ann = await t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    const page = await browser.newPage({ viewport: { width: 900, height: 720 } });
    await openWidget(page);
    await page.locator('form[data-part=prechat]').waitFor();
    expect(await page.locator('[data-part=history-toggle]').isVisible()).toBe(false);
    expect(await page.getByText('Send me a code').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('61-widget-chat-only-prechat'), animations: 'disabled' });
    await page.close();
    ann.close();
  });

  it('the desk lists the queue as Chat only', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(t.hub.url);
    await page.getByLabel('Username').fill('ann');
    await page.getByLabel('Password').fill('ann-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My work' }).waitFor();
    const row = page.locator('.queue-table tbody tr').filter({ hasText: 'Support' });
    await expect.poll(() => row.locator('.q-channels').textContent()).toBe('Chat');
    // An agent is not shown why the other channels are off: that is for supervisors and admins.
    expect(await page.locator('.q-off').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('62-desk-chat-only-queue'), animations: 'disabled' });
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it('a supervisor also sees which of the queue’s channels are off and why, in words', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(t.hub.url);
    await page.getByLabel('Username').fill('sam');
    await page.getByLabel('Password').fill('sam-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const off = page.getByRole('list', { name: 'Channels off on this hub' });
    await off.waitFor();
    expect(await off.getByRole('listitem').allTextContents()).toEqual([
      "Phone calls and text messages off: Phone calls and text messages aren't set up on this hub yet. An administrator can set them up under Admin → Channels.",
      "Email off: Email isn't set up on this hub yet. An administrator can set it up under Admin → Channels.",
    ]);
    await page.screenshot({ path: screenshotPath('63-console-chat-only-channels-off'), animations: 'disabled' });
    await page.close();
    expect(pageErrors).toEqual([]);
  });
});
