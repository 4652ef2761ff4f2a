import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dovecotUnavailable, startDovecot, type Dovecot } from '../support/dovecot';
import { customerMail, SUPPORT } from '../support/emailHub';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { startSmtpRelay, type SmtpRelay } from '../support/smtpRelay';
import { ADMIN_PASSWORD, seed, startTestHub, supportQueue, type TestHub } from '../support/testHub';
import { TwilioRestFake, twilioConfig } from '../support/twilioFake';
import { salesQueue } from '../support/twilioHub';
import { until } from '../support/until';
import { sql } from '../../services/store/sql';
import { openAdminTab, signInAsAdmin } from '../support/adminConsole';

/*
 * Admin console > Channels in Debian chromium against a real hub: web chat set up on screen and its snippet
 * copied; email set up against a real dovecot and smtp-server until the screen says "Connected", a wrong
 * password said in words, a blank field marked; the Twilio screen against the REST stand-in. Every
 * channel screen is screenshotted.
 */
const skip = dovecotUnavailable();
if (skip) console.warn(`channels admin e2e skipped: ${skip}`);

let t: TestHub;
let browser: Browser;
let page: Page;
let dovecot: Dovecot;
let relay: SmtpRelay;
let fake: TwilioRestFake;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (skip) return;
  const rendererDir = await ensureRendererBuilt();
  dovecot = await startDovecot([SUPPORT]);
  relay = await startSmtpRelay();
  fake = await TwilioRestFake.start();
  t = await startTestHub({ rendererDir, publicUrl: 'https://hub.example.com' });
  await seed(t, [{ username: 'ann' }], [supportQueue, salesQueue]);
  // Twilio is set up by command before the page opens (its REST calls go to the stand-in, which only
  // the config can point at); the screen then shows and tests it.
  const admin = await t.admin();
  await admin.ok('settings/save', { section: 'twilio', value: twilioConfig(fake.url, { publicUrl: undefined }) });
  admin.close();
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.hub.url });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(t.hub.url);
  await signInAsAdmin(page, ADMIN_PASSWORD);
  await openAdminTab(page, 'Channels');
  await page.getByRole('heading', { name: 'Channels', exact: true }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  await fake?.stop();
  await relay?.stop();
  await dovecot?.destroy();
});

describe.skipIf(skip !== null)('admin console: channels in chromium', () => {
  it('web chat: set up on screen, the snippet is copied with the hub public URL', async () => {
    await page.getByRole('tab', { name: 'Web chat' }).click();
    await page.getByRole('heading', { name: 'Web chat', exact: true }).waitFor();
    await page.screenshot({ path: screenshotPath('channels-webchat-empty'), fullPage: true });
    await page.getByLabel('Queue for new chats').selectOption('sales');
    await page.getByLabel('Title on the chat window').fill('Talk to Example');
    await page.getByLabel('Websites allowed to show the chat (one per line)').fill('https://shop.example.com');
    await page.getByLabel('Pre-chat form: email').selectOption('required');
    await page.getByLabel('Pre-chat form: phone').selectOption('off');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved and applied. Everything answered.').waitFor();
    await page.getByRole('status', { name: 'Status: Connected' }).waitFor();
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe('<script src="https://hub.example.com/widget.js" data-queue="sales" data-title="Talk to Example" async></script>');
    await page.screenshot({ path: screenshotPath('channels-webchat-saved'), fullPage: true });
    const stored = await t.hub.store.get<{ value: string }>(sql`SELECT value FROM setting_section WHERE section = 'webchat'`);
    expect(JSON.parse(stored!.value)).toMatchObject({
      queueId: 'sales',
      allowedOrigins: ['https://shop.example.com'],
      preChat: { name: 'optional', email: 'required', phone: 'off' },
    });
  });

  it('email: a blank field is marked, a wrong password is said in words, then it connects and reads mail', async () => {
    await page.getByRole('tab', { name: 'Email' }).click();
    await page.getByRole('heading', { name: 'Email', exact: true }).waitFor();
    await page.screenshot({ path: screenshotPath('channels-email-empty'), fullPage: true });

    await page.getByLabel('Address customers write to').fill(SUPPORT.user);
    await page.getByLabel('Name on replies').fill('Example Support');
    await page.getByLabel('Port').first().fill(String(dovecot.port));
    await page.getByLabel('Connection').selectOption('starttls');
    await page.getByLabel('User name').first().fill(SUPPORT.user);
    await page.getByLabel('Password').first().fill('not-the-password');
    await page.getByLabel('SMTP server').fill('127.0.0.1');
    await page.getByLabel('Port').nth(1).fill(String(relay.port));
    await page.getByLabel('Security').selectOption('none');

    // The IMAP server is still blank: Save marks it, nothing is stored.
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Some fields need attention (marked below each).').waitFor();
    expect(await page.getByLabel('IMAP server').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: screenshotPath('channels-email-field-error'), fullPage: true });

    await page.getByLabel('IMAP server').fill(dovecot.host);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('The IMAP server refused the password for support@example.com').waitFor();
    await page.screenshot({ path: screenshotPath('channels-email-wrong-password'), fullPage: true });

    await page.getByLabel('Password').first().fill(SUPPORT.password);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Everything answered.').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved and applied. Everything answered.').waitFor();
    await page.getByRole('status', { name: 'Status: Connected' }).waitFor({ timeout: 20_000 });
    await page.getByText('Connected: 1 mailbox').waitFor();
    await page.screenshot({ path: screenshotPath('channels-email-connected'), fullPage: true });
    // The password field is blank again and says one is saved; the page never held it after the save.
    expect(await page.getByLabel('Password').first().inputValue()).toBe('');
    expect(await page.content()).not.toContain(SUPPORT.password);

    const imap = await dovecot.client(SUPPORT);
    await imap.append('INBOX', customerMail({ subject: 'Configured in the browser' }));
    await imap.logout();
    await until(
      async () => (await t.hub.store.get<{ id: number }>(sql`SELECT id FROM conversation WHERE subject = 'Configured in the browser'`))?.id,
      10_000,
    );
  });

  it('Twilio: the account and numbers, tested through the REST client', async () => {
    await page.getByRole('tab', { name: 'Phone and SMS' }).click();
    await page.getByRole('heading', { name: 'Phone and SMS (Twilio)' }).waitFor();
    await page.getByRole('status', { name: 'Status: Connected' }).waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Signed in to "Test account"').waitFor();
    await page.screenshot({ path: screenshotPath('channels-twilio'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
