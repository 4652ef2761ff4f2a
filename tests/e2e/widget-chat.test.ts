import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget } from '../../services/channels/webchat';
import type { AgentClient } from '../support/agentClient';
import { seed, startTestHub, type TestHub } from '../support/testHub';

const XSS = `<img src=x onerror="window.__xss='img'"><script>window.__xss='script'</script><b>bold?</b>`;

let t: TestHub;
let browser: Browser;
let ann: AgentClient;

beforeAll(async () => {
  mkdirSync('test-output', { recursive: true });
  // Test the widget as it is in the working tree, not a stale dist from an earlier build.
  await buildWidget();
  // Email runs (its mailbox server is never reached here): the offline form may promise an answer by email.
  t = await startTestHub({
    webchat: { positionRefreshMs: 100 },
    email: {
      mailboxes: [
        {
          id: 'support',
          host: '127.0.0.1',
          port: 9,
          secure: false,
          user: 'u',
          password: 'p',
          address: 'support@example.com',
          queueId: 'support',
        },
      ],
      smtp: { host: '127.0.0.1', port: 9, ignoreTLS: true },
    },
  });
  await seed(t, []);
  const admin = await t.admin();
  await admin.ok('admin/agentUpsert', {
    username: 'ann',
    displayName: 'Ann Agent',
    role: 'agent',
    skills: {},
    capacity: { voice: 1, chat: 1, email: 2, sms: 1 },
    password: 'ann-password',
  });
  admin.close();
  ann = await t.connect('ann', 'ann-password');
  await ann.ok('presence/set', { presence: 'available' });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function startChat(page: Page, name: string): Promise<void> {
  await page.locator('[data-part=launcher]').click();
  await page.locator('form[data-part=prechat] input[name=name]').fill(name);
  await page.locator('form[data-part=prechat] button[type=submit]').click();
  await expect.poll(() => page.locator('[data-part=input]').count()).toBe(1);
}

async function send(page: Page, text: string): Promise<void> {
  await page.locator('[data-part=input]').fill(text);
  await page.locator('[data-part=send]').click();
}

describe('web chat widget in chromium', () => {
  it('on /chat: the visitor writes, the agent accepts and replies, the reply shows up', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${t.hub.url}/chat`);
    await startChat(page, 'Pat Visitor');
    await send(page, 'Hello from the browser');
    await expect.poll(() => page.locator('.msg.visitor[data-message-id]').count()).toBe(1);

    const offer = await ann.waitFor('offer/new', (o) => o.channel === 'chat');
    expect(offer.customer.displayName).toBe('Pat Visitor');
    const conversation = await ann.ok('offer/accept', { offerId: offer.offerId });
    await expect.poll(() => page.locator('[data-part=status]').textContent()).toContain('chatting with Ann Agent');
    await ann.ok('chat/typing', { conversationId: conversation.id, typing: true });
    await expect.poll(() => page.locator('[data-part=typing]').textContent()).toContain('Ann Agent is typing');
    await ann.ok('message/send', { conversationId: conversation.id, bodyText: 'Hi Pat, how can I help?' });
    await expect.poll(() => page.locator('.msg.agent').first().textContent()).toContain('Hi Pat, how can I help?');
    // The visitor's widget reports the line as read to the agent.
    await ann.waitFor('message/new', (m) => m.bodyText === 'Hi Pat, how can I help?' && m.status === 'read');

    // HTML in the visitor's own message and in the agent's reply is shown as text.
    await send(page, XSS);
    await ann.ok('message/send', { conversationId: conversation.id, bodyText: XSS });
    await expect.poll(() => page.locator('.msg.agent').count()).toBe(2);
    await expect.poll(() => page.locator('.msg.visitor[data-message-id]').count()).toBe(2);
    expect(await page.locator('.msg.agent').nth(1).textContent()).toContain(XSS);
    expect(await page.locator('.msg.visitor[data-message-id]').nth(1).textContent()).toContain(XSS);
    expect(await page.locator('#switchboard-webchat img, #switchboard-webchat script, #switchboard-webchat b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    await page.screenshot({ path: 'test-output/webchat-chat.png' });
    expect(errors).toEqual([]);

    // Reload: the chat resumes from the token in localStorage with every line.
    await page.reload();
    await page.locator('[data-part=launcher]').click();
    await expect.poll(() => page.locator('.msg[data-message-id]').count()).toBe(4);
    await ann.ok('conversation/close', { conversationId: conversation.id, disposition: 'resolved' });
    await expect.poll(() => page.locator('[data-part=status]').textContent()).toContain('ended');
    await page.close();
  });

  it('embedded on another site without a CSP: waits with a position, and no script in messages ever runs', async () => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 720 } });
    // A customer's website on another origin (its own server on another port), with no Content-Security-
    // Policy to hide behind. Both on loopback, as Chromium's local-network rules want for plain http.
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><title>Shop</title></head><body style="font-family:sans-serif;background:#fafafa"><h1>Another shop</h1>
<script>window.__xss = 'none';</script>
<script src="${t.hub.url}/widget.js" data-queue="support"></script></body></html>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const shop = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    // Ann is busy with another chat, so this visitor has to wait.
    const other = await context.newPage();
    await other.goto(shop);
    await startChat(other, 'First In Line');
    await send(other, 'I came first');
    const firstOffer = await ann.waitFor('offer/new', (o) => o.customer.displayName === 'First In Line');
    const first = await ann.ok('offer/accept', { offerId: firstOffer.offerId });

    const page = await context.newPage();
    page.on('dialog', (d) => void d.dismiss());
    await page.goto(shop);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await startChat(page, 'Second');
    await send(page, XSS);
    await expect.poll(() => page.locator('[data-part=status]').textContent()).toMatch(/number 1 in line — expected wait/);
    await page.screenshot({ path: 'test-output/webchat-waiting.png' });

    await ann.ok('conversation/close', { conversationId: first.id, disposition: 'resolved' });
    const offer = await ann.waitFor('offer/new', (o) => o.customer.displayName === 'Second');
    expect(offer.preview).toBe(XSS);
    const conversation = await ann.ok('offer/accept', { offerId: offer.offerId });
    await ann.ok('message/send', { conversationId: conversation.id, bodyText: XSS });
    await expect.poll(() => page.locator('.msg.agent').count()).toBe(1);
    expect(await page.locator('.msg.agent').textContent()).toContain(XSS);
    expect(await page.locator('#switchboard-webchat img, #switchboard-webchat script, #switchboard-webchat b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBe('none');
    await page.screenshot({ path: 'test-output/webchat-xss-as-text.png' });
    await context.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('with nobody online the widget shows the offline form, which becomes an email work item', async () => {
    await ann.ok('presence/set', { presence: 'offline' });
    const page = await browser.newPage({ viewport: { width: 1000, height: 720 } });
    await page.goto(`${t.hub.url}/chat`);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.locator('[data-part=launcher]').click();
    const form = page.locator('form[data-part=offline]');
    await form.getByText('Leave us a message and we will answer by email.').waitFor();
    await form.locator('input[name=name]').fill('Olive');
    await form.locator('input[name=email]').fill('olive@example.com');
    await form.locator('textarea[name=message]').fill('Please email me about <b>pricing</b>');
    await page.screenshot({ path: 'test-output/webchat-offline-form.png' });
    await form.locator('button[type=submit]').click();
    const thanks = await page.locator('[data-part=offline-thanks]').textContent();
    const reference = Number(/reference (\d+)/.exec(thanks ?? '')?.[1]);
    const item = await t.hub.center.requireConversation(reference);
    expect(item).toMatchObject({ channel: 'email', state: 'queued', subject: 'Web chat message from Olive' });
    await page.screenshot({ path: 'test-output/webchat-offline-sent.png' });
    await page.close();
  });
});
