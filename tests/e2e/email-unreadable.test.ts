import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { dovecotUnavailable } from '../support/dovecot';
import { startEmailHarness, type EmailHarness } from '../support/emailHub';
import { poisonMail } from '../support/hostileMail';

/*
 * An email rep on shift meets a mail the hub could not read: it arrives as a work item like any email, the
 * pane says why it could not be read, and "Download original" hands over the raw source (fetched with the
 * session, never opened as a page). Real dovecot, real hub, real chromium.
 */
const skip = dovecotUnavailable();
if (skip) console.warn(`email-unreadable e2e skipped: ${skip}`);

let h: EmailHarness;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (skip) return;
  const rendererDir = await ensureRendererBuilt();
  h = await startEmailHarness(
    {},
    {},
    { rendererDir, routing: { offerTimeoutMs: 120_000, maxMissedOffers: 3, voiceInterruptsEmail: true, rejectCooldownMs: 0 } },
  );
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

describe.skipIf(skip !== null)('an unreadable email in the desk', () => {
  it('is offered like any email, says why it could not be read, and downloads the original', async () => {
    await page.goto(h.t.hub.url);
    await page.getByLabel('Username').fill('ann');
    await page.getByLabel('Password').fill('ann-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My work' }).waitFor();
    await page.getByLabel('Presence', { exact: true }).selectOption('available');

    const raw = poisonMail();
    await h.imap.append('INBOX', raw);
    const toast = page.getByRole('alertdialog');
    await toast.waitFor();
    await expect.poll(() => toast.textContent()).toContain('Unreadable email');
    await page.keyboard.press('Alt+a');
    await toast.waitFor({ state: 'detached' });

    const notice = page.getByRole('note').filter({ hasText: 'Unreadable email' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('child nodes');
    await page.screenshot({ path: screenshotPath('email-unreadable') });

    const downloading = page.waitForEvent('download');
    await notice.getByRole('button', { name: /Download original/ }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^email-\d+\.eml$/);
    const file = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(file).toString('latin1')).toBe(raw);
    expect(pageErrors).toEqual([]);
  });
});
