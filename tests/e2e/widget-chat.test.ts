import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../support/agentClient';
import type { TestHub } from '../support/testHub';
import { startWidgetHub, type WidgetHub } from '../support/widgetHub';

const XSS = `<img src=x onerror="window.__xss='img'"><script>window.__xss='script'</script><b>bold?</b>`;

let hub: WidgetHub;
let t: TestHub;
let browser: Browser;
let ann: AgentClient;

beforeAll(async () => {
  hub = await startWidgetHub({ positionRefreshMs: 100 });
  ({ t, browser, ann } = hub);
});

afterAll(async () => {
  await hub?.stop();
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
