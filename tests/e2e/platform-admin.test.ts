import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { ADMIN_PASSWORD, chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';
import { until } from '../support/until';
import { WebhookReceiver } from '../support/webhookReceiver';
import { openAdminTab, signInAsAdmin } from '../support/adminConsole';

/*
 * The platform admin screen in Debian chromium against a real hub: keys (made, shown once, revoked),
 * webhooks with real deliveries (one receiver up, one down), exports, data rights and retention.
 * Reached as an administrator does: sign in, Admin in the supervisor console, the "API and data" tab.
 */
let t: TestHub;
let browser: Browser;
let page: Page;
let receiver: WebhookReceiver;
const pageErrors: string[] = [];

beforeAll(async () => {
  const rendererDir = await ensureRendererBuilt();
  t = await startTestHub({
    rendererDir,
    platform: { webhooks: { retryBaseMs: 200, maxRetryMs: 60_000, maxAttempts: 20, timeoutMs: 1000, pollMs: 100 } },
  });
  await seed(t, [{ username: 'ann' }]);
  receiver = new WebhookReceiver();
  await receiver.up();
  const admin = await t.admin();
  await admin.ok('platform/apiKeyCreate', { name: 'CRM sync', scopes: ['customers:read', 'conversations:read'], rateLimitPerMinute: 600 });
  await admin.ok('platform/apiKeyCreate', {
    name: 'Data warehouse nightly export',
    scopes: ['exports:read', 'metrics:read', 'queues:read', 'agents:read'],
    rateLimitPerMinute: 120,
    expiresAt: Date.now() + 90 * 86_400_000,
  });
  const old = await admin.ok('platform/apiKeyCreate', { name: 'Old partner portal', scopes: ['messages:write'], rateLimitPerMinute: 60 });
  await admin.ok('platform/apiKeyRevoke', { keyId: old.key.id });
  const up = await admin.ok('platform/webhookCreate', {
    url: receiver.url,
    events: ['conversation.created', 'message.in'],
    description: 'Order system',
  });
  receiver.secret = up.secret;
  await admin.ok('platform/webhookCreate', {
    url: 'http://127.0.0.1:9/partner/hooks/switchboard-events-with-a-rather-long-path',
    events: ['message.in', 'conversation.closed', 'sla.breached'],
    description: 'Partner portal (down)',
  });
  for (let i = 0; i < 3; i += 1) await t.hub.center.ingest(chatEvent({ bodyText: `order question ${i}` }));
  const erin = await t.hub.center.ingest(
    chatEvent({ from: { kind: 'email', value: 'erin@example.com', displayName: 'Erin Example' }, bodyText: 'please forget me' }),
  );
  await t.hub.center.abandon(erin.conversation.id, 'left');
  await until(() => receiver.accepted.length === 8, 5000);
  await admin.ok('platform/retentionSet', { channel: 'chat', days: 90 });
  await admin.ok('platform/retentionRunNow', {});

  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 860 } });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(t.hub.url);
  await signInAsAdmin(page, ADMIN_PASSWORD);
  await openAdminTab(page, 'API and data');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await receiver?.down();
  await t?.stop();
});

describe('platform admin screen', () => {
  it('lists keys, makes one that is shown once, and revokes', async () => {
    await page.getByRole('cell', { name: 'CRM sync' }).waitFor();
    await page.screenshot({ path: screenshotPath('platform-keys'), fullPage: true });
    await page.getByRole('button', { name: 'New key' }).click();
    await page.getByLabel('Name').fill('Support BI');
    await page.getByLabel('Read reports').check();
    await page.screenshot({ path: screenshotPath('platform-key-new'), fullPage: true });
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.getByLabel('Secret').textContent();
    expect(secret).toMatch(/^sbk_\d+_/);
    await page.screenshot({ path: screenshotPath('platform-key-secret'), fullPage: true });
    await page.getByRole('button', { name: 'Done' }).click();
    const res = await fetch(`${t.hub.url}/api/v1/reports?from=0&to=1000`, { headers: { authorization: `Bearer ${secret}` } });
    expect(res.status).toBe(200);
    await page
      .getByRole('row', { name: /Support BI/ })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await page.getByRole('button', { name: 'Revoke key' }).click();
    await page
      .getByRole('row', { name: /Support BI/ })
      .getByText(/Revoked/)
      .waitFor();
    expect((await fetch(`${t.hub.url}/api/v1/reports?from=0&to=1000`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(
      401,
    );
  });

  it('shows deliveries per webhook, failures included, and re-sends one', async () => {
    await page.getByRole('tab', { name: 'Webhooks' }).click();
    await page.getByText('Delivered').first().waitFor();
    await page.screenshot({ path: screenshotPath('platform-webhooks'), fullPage: true });
    await page.getByRole('button', { name: /Partner portal/ }).click();
    await page.getByText('Waiting to retry').first().waitFor();
    await page
      .getByText(/could not connect/)
      .first()
      .waitFor();
    await page.screenshot({ path: screenshotPath('platform-webhooks-down'), fullPage: true });
    await page.getByRole('button', { name: /Order system/ }).click();
    const before = receiver.duplicates;
    await page.getByRole('button', { name: 'Re-send' }).first().click();
    await until(() => receiver.duplicates === before + 1, 5000);
  });

  it('offers exports and data rights', async () => {
    await page.getByRole('tab', { name: 'Exports' }).click();
    await page.getByRole('heading', { name: 'Exports' }).waitFor();
    await page.screenshot({ path: screenshotPath('platform-exports'), fullPage: true });
    const download = page.waitForEvent('download');
    await page.getByRole('listitem').filter({ hasText: 'Messages' }).getByRole('button', { name: 'Download' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^switchboard-messages-.*\.csv$/);
    await page.getByRole('tab', { name: 'Data rights' }).click();
    await page.getByText('Recent runs').waitFor();
    await page.getByLabel('Find the customer').fill('Erin');
    await page.getByRole('list', { name: 'Matching customers' }).getByRole('button').first().waitFor();
    await page.screenshot({ path: screenshotPath('platform-rights-search'), fullPage: true });
    await page.getByRole('list', { name: 'Matching customers' }).getByRole('button').first().click();
    await page.getByRole('button', { name: 'Erase customer…' }).click();
    await page.getByLabel('Reason (kept in the audit log)').fill('Asked by email on 3 Dec');
    await page.getByLabel('Type ERASE to confirm').fill('ERASE');
    await page.screenshot({ path: screenshotPath('platform-erase-confirm'), fullPage: true });
    await page.getByRole('button', { name: 'Erase for good' }).click();
    await page.getByRole('status').filter({ hasText: 'Erased the customer' }).waitFor();
    await page.screenshot({ path: screenshotPath('platform-rights'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
