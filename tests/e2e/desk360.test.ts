import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { getConversation } from '../../services/store/repos/conversations';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { customerMail, startEmailHarness, type EmailHarness } from '../support/emailHub';
import { chatEvent } from '../support/testHub';
import { until } from '../support/until';
import { VisitorClient } from '../support/visitorClient';
import { sql } from '../../services/store/sql';

/*
 * The customer 360 and the email composer in real chromium against a real hub with a real dovecot mailbox
 * and a real smtp-server relay. Carol texted earlier (SMS ingested with her email as a second identity),
 * then emails (APPENDed to dovecot, read by the hub over IMAP): the agent answers with reply-all + Bcc +
 * a file, the mail reaches the relay; then Carol opens a live chat and the 360 panel beside it shows the
 * earlier SMS and email conversations.
 */
let h: EmailHarness;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const CAROL_EMAIL = 'carol@customer.example';
const CAROL_PHONE = '+15551230000';

function skipReason(): string | null {
  if (process.getuid?.() !== 0) return 'dovecot needs root to switch to the mail user';
  return null;
}
const reason = skipReason();
if (reason) console.warn(`desk360 e2e skipped: ${reason}`);

beforeAll(async () => {
  if (reason) return;
  const rendererDir = await ensureRendererBuilt();
  h = await startEmailHarness(
    {},
    {},
    {
      rendererDir,
      webchat: { positionRefreshMs: 100 },
      routing: { offerTimeoutMs: 120_000, maxMissedOffers: 3, voiceInterruptsEmail: true, rejectCooldownMs: 0 },
    },
  );
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

const annId = (): number => h.t.hub.center.snapshots().find((a) => a.username === 'ann')!.id;

describe.skipIf(reason !== null)('customer 360 and email composer in chromium', () => {
  let smsConversationId = 0;
  let emailConversationId = 0;

  it('shows the earlier SMS beside an email from the same customer', async () => {
    // Earlier SMS: stored on her record (not routed: it is history), with her email as a second identity.
    const sms = await h.t.hub.center.ingest({
      channel: 'sms',
      providerId: 'SM-desk360-e2e-1',
      from: { kind: 'phone', value: CAROL_PHONE, displayName: 'Carol Customer' },
      alsoKnownAs: [{ kind: 'email', value: CAROL_EMAIL }],
      queueId: 'support',
      bodyText: 'Has order 4417 shipped yet?',
      routable: false,
    });
    smsConversationId = sms.conversation.id;

    await page.goto(h.t.hub.url);
    await page.getByLabel('Username').fill('ann');
    await page.getByLabel('Password').fill('ann-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My work' }).waitFor();
    await page.getByLabel('Presence', { exact: true }).selectOption('available');
    await until(() => h.t.hub.center.snapshot(annId()).presence === 'available');

    await h.imap.append(
      'INBOX',
      customerMail({
        from: `Carol Customer <${CAROL_EMAIL}>`,
        cc: 'Partner <partner@customer.example>',
        subject: 'Broken kettle',
        body: 'The kettle from order 4417 arrived broken.',
      }),
    );
    const toast = page.getByRole('alertdialog');
    await toast.waitFor();
    await expect.poll(() => toast.textContent()).toContain('Broken kettle');
    await page.keyboard.press('Alt+a');
    await toast.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Carol Customer', level: 1 }).waitFor();
    emailConversationId = (await h.t.hub.store.get<{ id: number }>(
      sql`SELECT id FROM conversation WHERE channel = 'email' ORDER BY id DESC LIMIT 1`,
    ))!.id;

    const panel = page.getByRole('complementary');
    await panel.getByText(CAROL_PHONE).first().waitFor();
    const history = panel.getByRole('list').filter({ has: page.locator('.tl-item') });
    await history.getByText('Has order 4417 shipped yet?').waitFor();
    await history.getByText('This conversation').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('sends a reply-all with Bcc, a canned response and a file; the relay receives it and the desk shows Sent', async () => {
    await page.getByRole('radio', { name: 'Reply all' }).click();
    await page.getByLabel('Bcc').fill('audit@example.com');
    // A supervisor keeps the shared answer; the agent types /tha and picks it with the keyboard.
    const admin = await h.t.admin();
    await admin.ok('answers/save', {
      scope: 'shared',
      title: 'Thanks for getting in touch',
      shortcut: 'thanks',
      body: 'Thank you for getting in touch, {{customer.firstName}}.',
      channels: ['email', 'chat'],
    });
    admin.close();
    const body = page.getByLabel('Reply to the customer by email');
    await body.click();
    await body.pressSequentially('/tha');
    await page.getByRole('option', { name: /\/thanks/ }).waitFor();
    await page.screenshot({ path: screenshotPath('19-saved-answer-picker'), animations: 'disabled' });
    await body.press('Enter');
    await expect.poll(() => body.inputValue()).toBe('Thank you for getting in touch, Carol.');
    await body.pressSequentially(' A replacement kettle is on its way.');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'label.txt', mimeType: 'text/plain', buffer: Buffer.from('Return label 4417') });
    await page.getByRole('list', { name: 'Attached files' }).getByText('label.txt').waitFor();
    await page.getByText('Quoted history').click();
    await page.getByText('> The kettle from order 4417 arrived broken.').waitFor();
    await page.screenshot({ path: screenshotPath('20-email-composer-360'), animations: 'disabled' });

    await page.getByRole('button', { name: 'Send email' }).click();
    const [mail] = await h.relay.waitFor(1, 15_000);
    expect(mail!.parsed.subject).toMatch(/^Re: Broken kettle/);
    expect(mail!.parsed.text).toContain('Thank you for getting in touch, Carol. A replacement kettle is on its way.');
    expect(mail!.parsed.text).toContain('> The kettle from order 4417 arrived broken.');
    expect(mail!.recipients).toEqual(expect.arrayContaining([CAROL_EMAIL, 'partner@customer.example', 'audit@example.com']));
    expect(mail!.parsed.attachments.map((a) => a.filename)).toEqual(['label.txt']);
    expect(mail!.parsed.attachments[0]!.content.toString()).toBe('Return label 4417');
    // The outbox state arrives by push on the sent message.
    await page.locator('.email-out .email-status.status-sent').getByText('Sent').waitFor();
    await expect.poll(() => body.inputValue()).toBe('');
    await page.screenshot({ path: screenshotPath('21-email-sent'), animations: 'disabled' });

    // The library: the shared answer is listed; an agent keeps personal ones but cannot edit shared ones.
    await page.getByRole('button', { name: 'Saved answers' }).click();
    const library = page.getByRole('dialog', { name: 'Saved answers' });
    await library.getByRole('button', { name: /\/thanks/ }).click();
    await library.getByText('Shared answers are kept by supervisors.').waitFor();
    await page.screenshot({ path: screenshotPath('22-saved-answers-library'), animations: 'disabled' });
    await library.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'Wrap up' }).click();
    await page.getByRole('radio', { name: 'Resolved' }).check();
    await page.getByRole('button', { name: 'Close conversation' }).click();
    await until(async () => (await getConversation(h.t.hub.store, emailConversationId))?.state === 'closed');
  });

  it('shows the earlier email and SMS conversations in the 360 panel beside a live chat', async () => {
    const { conversation } = await h.t.hub.center.ingest(
      chatEvent({
        from: { kind: 'email', value: CAROL_EMAIL, displayName: 'Carol Customer' },
        bodyText: 'Hi again, did the new kettle ship?',
      }),
    );
    const toast = page.getByRole('alertdialog');
    await toast.waitFor();
    await page.keyboard.press('Alt+a');
    await toast.waitFor({ state: 'detached' });
    await page.getByRole('list', { name: 'Messages' }).getByText('Hi again, did the new kettle ship?').waitFor();

    const panel = page.getByRole('complementary');
    const history = panel.locator('.c360-timeline');
    await history.getByText('Broken kettle').waitFor();
    await history.getByText('Has order 4417 shipped yet?').waitFor();
    await history.getByText('This conversation').waitFor();
    expect(await history.locator('.tl-item').count()).toBe(3);
    const rows = await history.locator('.tl-item').allTextContents();
    expect(rows[0]).toContain('Chat');
    expect(rows.join('\n')).toContain('Email');
    expect(rows.join('\n')).toContain('SMS');
    expect((await getConversation(h.t.hub.store, conversation.id))?.customerId).toBe(
      (await getConversation(h.t.hub.store, smsConversationId))?.customerId,
    );

    // Channel filter: only the SMS.
    await history.getByRole('button', { name: 'SMS', exact: true }).click();
    await expect.poll(() => history.locator('.tl-item').count()).toBe(1);
    await history.getByText('Has order 4417 shipped yet?').waitFor();
    await history.getByRole('button', { name: 'All', exact: true }).click();
    await expect.poll(() => history.locator('.tl-item').count()).toBe(3);

    // A customer note, saved through customer/addNote.
    await panel.getByLabel('Note about this customer').fill('Sent a replacement kettle');
    await panel.getByRole('button', { name: 'Save note' }).click();
    await panel.locator('.cs-notes').getByText('Sent a replacement kettle').waitFor();
    await page.screenshot({ path: screenshotPath('22-chat-with-360'), animations: 'disabled' });
    expect(pageErrors).toEqual([]);
  });

  it('finds the customer by phone and opens their profile; Text says text messages are not set up on this hub', async () => {
    const search = page.getByRole('combobox', { name: 'Search customers' });
    await search.fill('+1555123');
    const results = page.getByRole('listbox', { name: 'Customers found' });
    await results.getByRole('option', { name: /Carol Customer/ }).waitFor();
    await page.screenshot({ path: screenshotPath('23-customer-search-results'), animations: 'disabled' });
    await results.getByRole('option', { name: /Carol Customer/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Customer: Carol Customer' });
    await dialog.getByText('Sent a replacement kettle').waitFor();
    // This hub has no Twilio config: conversation/startOutbound refuses with channel_unavailable, in words.
    await dialog.getByRole('button', { name: 'Text', exact: true }).click();
    await dialog
      .getByRole('alert')
      .getByText(/Text messages aren't set up on this hub yet/)
      .waitFor();
    await dialog.getByText(/Call: unavailable/).waitFor();
    await page.screenshot({ path: screenshotPath('24-customer-profile-dialog'), animations: 'disabled' });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it("merges an anonymous chat that gave Carol's email into her record from the duplicate suggestion, then undoes it", async () => {
    // Close the current chat first so the next offer is the only active work.
    await page.getByRole('button', { name: 'Wrap up' }).click();
    await page.getByRole('radio', { name: 'Resolved' }).check();
    await page.getByRole('button', { name: 'Close conversation' }).click();
    await page.getByText('No active conversations').waitFor();

    const { conversation } = await h.t.hub.center.ingest(
      chatEvent({
        from: { kind: 'chat', value: 'visitor-desk360-e2e', displayName: 'Web visitor' },
        alsoKnownAs: [{ kind: 'email', value: CAROL_EMAIL }],
        bodyText: 'It is Carol, writing from my phone',
      }),
    );
    const toast = page.getByRole('alertdialog');
    await toast.waitFor();
    await page.keyboard.press('Alt+a');
    await toast.waitFor({ state: 'detached' });
    const panel = page.getByRole('complementary');
    const history = panel.locator('.c360-timeline');
    await history.getByText('This conversation').waitFor();
    expect(await history.locator('.tl-item').count()).toBe(1);

    const duplicates = panel.getByRole('list', { name: 'Possible duplicates' });
    await duplicates.getByText('Carol Customer').waitFor();
    await page.screenshot({ path: screenshotPath('25-duplicate-suggestion'), animations: 'disabled' });
    await duplicates.getByRole('button', { name: 'Merge records' }).click();
    await panel.getByText(/Merged customer #\d+ into #\d+/).waitFor();
    // The survivor now holds Carol's conversations: the history shows all four.
    await expect.poll(() => history.locator('.tl-item').count()).toBe(4);
    await history.getByText('Broken kettle').waitFor();
    await panel.getByText(CAROL_PHONE).first().waitFor();
    await page.screenshot({ path: screenshotPath('26-after-merge'), animations: 'disabled' });
    const carolId = (await getConversation(h.t.hub.store, emailConversationId))!.customerId;
    expect((await getConversation(h.t.hub.store, conversation.id))?.customerId).toBe(carolId);
    await page.getByRole('heading', { name: 'Carol Customer', level: 1 }).waitFor();

    await panel.getByRole('button', { name: 'Undo merge' }).click();
    await expect.poll(() => history.locator('.tl-item').count()).toBe(1);
    expect((await getConversation(h.t.hub.store, conversation.id))?.customerId).not.toBe(carolId);
    await page.getByRole('heading', { name: 'Web visitor', level: 1 }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('live web chat with a real visitor socket: typing both ways, read receipts, a file as a thumbnail link', async () => {
    const visitor = await VisitorClient.connect(h.t.hub.url);
    try {
      await visitor.ok('chat/start', { queueId: 'support', name: 'Vera Visitor' });
      await visitor.ok('message/send', { clientId: 'desk360-e2e-line-1', text: 'Hello, can I return a kettle?' });
      const toast = page.getByRole('alertdialog');
      await toast.waitFor();
      await expect.poll(() => toast.textContent()).toContain('Hello, can I return a kettle?');
      await page.keyboard.press('Alt+a');
      await toast.waitFor({ state: 'detached' });
      await page.getByRole('list', { name: 'Messages' }).getByText('Hello, can I return a kettle?').waitFor();
      // The desk has the chat open: the visitor learns their line was read.
      await visitor.waitFor('read', () => true, 10_000);

      await visitor.ok('typing/set', { typing: true });
      await page.getByText(/is typing…/).waitFor();
      await page.screenshot({ path: screenshotPath('27-chat-visitor-typing'), animations: 'disabled' });
      await visitor.ok('typing/set', { typing: false });
      await page.getByText(/is typing…/).waitFor({ state: 'detached' });

      const composer = page.getByRole('textbox', { name: /Reply to the customer/ });
      await composer.pressSequentially('Yes, within 30 days.');
      await visitor.waitFor('typing', (p) => p.typing, 10_000);
      await composer.press('Control+Enter');
      await visitor.waitFor('message', (m) => m.text === 'Yes, within 30 days.', 10_000);
      await visitor.waitFor('typing', (p) => !p.typing, 10_000);

      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
      await visitor.ok('file/upload', {
        clientId: 'desk360-e2e-file-1',
        name: 'receipt.png',
        contentType: 'image/png',
        data: new Uint8Array(png),
      });
      const link = page.getByRole('link', { name: 'receipt.png' });
      await link.waitFor();
      expect(await link.getAttribute('href')).toMatch(new RegExp(`^${h.t.hub.url}/webchat/files/[A-Za-z0-9_-]+$`));
      const thumb = page.locator('img.attachment-thumb');
      await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
      // The history row's counts follow the live chat (refreshed once the lines stop arriving).
      await page
        .getByRole('complementary')
        .locator('.c360-timeline')
        .getByText(/· 3 messages/)
        .waitFor();
      await page.screenshot({ path: screenshotPath('28-chat-file'), animations: 'disabled' });
      expect(pageErrors).toEqual([]);
    } finally {
      visitor.close();
    }
  });
});
