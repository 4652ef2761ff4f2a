import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seriousA11yViolations } from '../support/axe';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { ADMIN_PASSWORD, seed, startTestHub, supportQueue, type TestHub } from '../support/testHub';
import { openAdminTab, signInAsAdmin } from '../support/adminConsole';

/* The queue screen's acknowledgement section in chromium against a real hub, reached through the admin console. */

let t: TestHub;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  const rendererDir = await ensureRendererBuilt();
  t = await startTestHub({ rendererDir });
  await seed(t, [], [{ ...supportQueue, slaSeconds: 7200 }]);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('Queue acknowledgements in chromium', () => {
  it('turns email acknowledgements on with a preview, saves them with the queue, and refuses an unknown placeholder', async () => {
    await page.goto(t.hub.url);
    await signInAsAdmin(page, ADMIN_PASSWORD);
    await openAdminTab(page, 'Queues');
    await page
      .getByRole('list', { name: 'Queues' })
      .getByRole('button', { name: /Support/ })
      .click();
    const form = page.getByRole('form', { name: 'Edit Support' });
    const email = form.getByRole('group', { name: 'Email' });
    await email.getByLabel('Acknowledge the first message of each new conversation').check();
    const preview = form.getByRole('status', { name: 'Email acknowledgement preview' });
    await expect(preview.textContent()).resolves.toContain('will reply within 2 hours');
    await expect(preview.textContent()).resolves.toContain('SB-1234');
    await expect(preview.textContent()).resolves.toContain('always open, so the closed wording is not used');
    await form.getByLabel('At most one acknowledgement per customer every (minutes)').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('queue-acks-01-email-on'), animations: 'disabled' });
    // With business hours, both wordings are previewed.
    await form.getByLabel('Set business hours').check();
    await expect(preview.textContent()).resolves.toMatch(/Just after (closing|opening)/);
    await form.getByLabel('At most one acknowledgement per customer every (minutes)').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('queue-acks-01b-with-hours'), animations: 'disabled' });
    expect(await seriousA11yViolations(page)).toEqual([]);

    await email.getByLabel('While open').fill('Hi {{customer.name}}, thanks');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form
      .getByRole('alert')
      .getByText(/Acknowledgements, email, while open: only these placeholders/)
      .waitFor();
    await page.screenshot({ path: screenshotPath('queue-acks-02-refused'), animations: 'disabled' });

    await email.getByLabel('While open').fill('Thanks, {{queue.name}} will reply {{expectedReply}} ({{reference}}).');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Support saved.').waitFor();
    const admin = await t.admin();
    const saved = await admin.ok('admin/queueAckGet', { queueId: 'support' });
    admin.close();
    expect(saved.saved).toBe(true);
    expect(saved.settings.email).toMatchObject({
      enabled: true,
      open: 'Thanks, {{queue.name}} will reply {{expectedReply}} ({{reference}}).',
    });
    expect(saved.settings.sms.enabled).toBe(false);
    expect(pageErrors).toEqual([]);
  });
});
