import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget } from '../../services/channels/webchat';
import type { AdminAgent, Queue } from '../../services/contracts';
import { AgentClient } from '../support/agentClient';
import { seriousA11yViolations } from '../support/axe';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { startCliHub, type CliHub } from '../support/cliHub';

/*
 * Issue 17's "Done when", in Debian chromium against the hub as a first `npm start` runs it: the CLI in its
 * own process on a fresh data directory, which prints the URL and a generated admin password. The administrator signs in with it, must choose a new
 * one, creates an agent and a queue with business hours open now, sets up web chat for that queue and copies
 * the embed snippet. In a second browser context the new agent signs in and goes Available; in a third a
 * visitor opens a shop page that carries the copied snippet and starts a chat; the agent accepts and replies
 * and the visitor reads the reply. Each admin screen is screenshotted (test-output/screenshots/day-one-*.png)
 * and checked with axe-core: no serious or critical violations.
 */
let hub: CliHub;
let api: AgentClient | null = null;
let browser: Browser;
let adminContext: BrowserContext;
let admin: Page;
let agent: Page;
let visitor: Page;
let shop: Server | null = null;
let shopUrl = '';
let snippet = '';
const pageErrors: string[] = [];

const ADMIN_NEW_PASSWORD = 'a-password-of-my-own';
const AGENT_FIRST_PASSWORD = 'first-pass-for-dana';
const AGENT_OWN_PASSWORD = 'danas-own-password';
const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(`day-one-${name}`), animations: 'disabled', fullPage: true });
}

/** Zero serious or critical axe-core violations on the screen as it is now; soft, so every screen is reported. */
async function accessible(page: Page, screen: string): Promise<void> {
  expect.soft(await seriousA11yViolations(page), `accessibility of ${screen}`).toEqual([]);
}

/** What the hub holds, asked over its socket as the administrator (the hub runs in another process). */
async function adminApi(): Promise<AgentClient> {
  if (api) return api;
  const res = await fetch(`${hub.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_NEW_PASSWORD }),
  });
  if (!res.ok) throw new Error(`admin login: HTTP ${res.status}`);
  api = await AgentClient.connect(hub.url, ((await res.json()) as { token: string }).token);
  return api;
}

async function agentNamed(username: string): Promise<AdminAgent | undefined> {
  return (await (await adminApi()).ok('admin/agentList', {})).agents.find((a) => a.username === username);
}

async function queueWithId(id: string): Promise<Queue | undefined> {
  return (await (await adminApi()).ok('queue/list', {})).find((q) => q.queue.id === id)?.queue;
}

function track(page: Page, who: string): Page {
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(`${who}: ${error.message}`));
  return page;
}

/** A customer's website on another origin, carrying exactly the snippet copied from the Channels tab. */
async function startShop(): Promise<string> {
  shop = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><title>Example shop</title></head>
<body style="font-family:sans-serif"><h1>Example shop</h1><p>Questions? Chat with us.</p>
${snippet}
</body></html>`);
  });
  await new Promise<void>((resolve) => shop!.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  // `npm start` builds the renderer, then runs the CLI, which serves dist/renderer and the widget.
  await ensureRendererBuilt();
  await buildWidget();
  hub = await startCliHub();
  // The shop's origin must be known before web chat is configured (it goes into the allowed websites).
  shopUrl = await startShop();
  browser = await launchChromium();
  adminContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await adminContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: hub.url });
  admin = track(await adminContext.newPage(), 'admin');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (shop ? shop.close(() => resolve()) : resolve()));
  api?.close();
  await hub?.stop();
});

describe('day one: set up a contact center on screen and take a chat', () => {
  it('the administrator signs in with the generated password and must choose a new one', async () => {
    const generated = hub.adminPassword;
    expect(generated.length).toBeGreaterThanOrEqual(12);
    await admin.goto(hub.url);
    await admin.getByLabel('Username').fill('admin');
    await admin.getByLabel('Password').fill(generated);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await shot(admin, '01-choose-new-password');
    await accessible(admin, 'the forced password screen');
    await admin.getByLabel('Temporary password').fill(generated);
    await admin.getByLabel('New password', { exact: true }).fill(ADMIN_NEW_PASSWORD);
    await admin.getByLabel('New password again').fill(ADMIN_NEW_PASSWORD);
    await admin.getByRole('button', { name: 'Save and continue' }).click();
    await admin.getByRole('heading', { name: 'Supervisor console' }).waitFor();
    await admin.getByRole('button', { name: 'Admin', exact: true }).click();
    await admin.getByRole('heading', { name: 'Admin console' }).waitFor();
  });

  it('Agents: creates an agent with a skill and capacity per channel', async () => {
    await admin.getByRole('tab', { name: 'Agents' }).waitFor();
    await admin
      .getByRole('row', { name: /Administrator/ })
      .first()
      .waitFor();
    await shot(admin, '02-agents');
    await accessible(admin, 'Agents');

    await admin.getByRole('button', { name: 'New agent' }).click();
    const form = admin.getByRole('form', { name: 'New agent' });
    await form.getByLabel('Username').fill('dana');
    await form.getByLabel('Display name').fill('Dana Reyes');
    await form.getByRole('combobox', { name: 'New skill name' }).fill('billing');
    await form.getByLabel('Level for the new skill').selectOption('3');
    await form.getByRole('button', { name: 'Add skill' }).click();
    await form.getByLabel('Chats at the same time').fill('2');
    await form.getByLabel('Emails at the same time').fill('0');
    await form.getByLabel('Calls at the same time').fill('0');
    await form.getByLabel('Password', { exact: true }).fill(AGENT_FIRST_PASSWORD);
    await shot(admin, '03-new-agent');
    await accessible(admin, 'the new agent form');
    await form.getByRole('button', { name: 'Create agent' }).click();
    await admin.getByRole('status').getByText('Created Dana Reyes.').waitFor();
    expect(await agentNamed('dana')).toMatchObject({
      role: 'agent',
      skills: { billing: 3 },
      capacity: { chat: 2, email: 0, voice: 0 },
    });
    await shot(admin, '04-agent-created');
    await accessible(admin, 'Agents with the editor open');
    // The two dialogs of the editor, opened and left without a change.
    await admin.getByRole('button', { name: 'Reset password…' }).click();
    const reset = admin.getByRole('dialog', { name: 'Reset the password of Dana Reyes' });
    await reset.waitFor();
    await accessible(admin, 'the reset password dialog');
    await reset.getByRole('button', { name: 'Cancel' }).click();
    await admin.getByRole('button', { name: 'Disable agent…' }).click();
    const disable = admin.getByRole('dialog', { name: 'Disable Dana Reyes?' });
    await disable.waitFor();
    await accessible(admin, 'the disable agent dialog');
    await disable.getByRole('button', { name: 'Cancel' }).click();
    expect((await agentNamed('dana'))?.disabled).toBe(false);
  });

  it('Queues: creates a queue that requires the skill, with business hours open now and a past-midnight range', async () => {
    await admin.getByRole('tab', { name: 'Queues' }).click();
    await admin.getByRole('button', { name: 'New queue' }).waitFor();
    // A first run routes everything to one "Support" queue until the administrator adds others.
    await admin
      .getByRole('list', { name: 'Queues' })
      .getByRole('button', { name: /Support/ })
      .waitFor();
    await shot(admin, '05-queues');
    await accessible(admin, 'Queues');

    await admin.getByRole('button', { name: 'New queue' }).click();
    const form = admin.getByRole('form', { name: 'New queue' });
    await form.getByLabel('Name', { exact: true }).fill('Billing help');
    await form.getByLabel('ID', { exact: true }).fill('billing');
    await form.getByRole('button', { name: 'Add skill' }).click();
    await form.getByLabel('Skill 1', { exact: true }).fill('billing');
    await form.getByLabel('Skill 1 minimum level').selectOption('2');

    await form.getByLabel('Set business hours').check();
    await form.getByLabel('Time zone').selectOption('UTC');
    // Today (UTC) open the whole day, whatever the hour of the run; two days on, a late range past midnight.
    const now = new Date();
    const today = days[now.getUTCDay()]!;
    const later = days[(now.getUTCDay() + 2) % 7]!;
    const todayRow = form.getByRole('row', { name: new RegExp(today) });
    if ((await todayRow.getByText('Closed').count()) > 0) await form.getByRole('button', { name: `Add hours on ${today}` }).click();
    await form.getByLabel(`${today} opens`).fill('00:00');
    await form.getByLabel(`${today} closes`).fill('00:00');
    const laterRow = form.getByRole('row', { name: new RegExp(later) });
    const laterHasHours = (await laterRow.getByText('Closed').count()) === 0;
    await form.getByRole('button', { name: `Add hours on ${later}` }).click();
    const lateRange = laterHasHours ? `${later} range 2` : later;
    await form.getByLabel(`${lateRange} opens`).fill('22:00');
    await form.getByLabel(`${lateRange} closes`).fill('02:00');
    await laterRow.getByText('next day', { exact: true }).waitFor();
    await todayRow.getByText('all day', { exact: true }).waitFor();
    // A holiday next year: closed that day, whatever the weekly hours say.
    await form.getByRole('button', { name: 'Add date' }).click();
    await form.getByLabel('Exception 1 date').fill(`${now.getUTCFullYear() + 1}-01-01`);
    await form.getByLabel('Exception 1 name').fill("New Year's Day");
    await expect.poll(() => form.getByRole('status', { name: 'Hours preview' }).textContent()).toMatch(/^Open now · closes /);
    await admin.setViewportSize({ width: 1440, height: 1800 }); // the whole form in one picture
    await shot(admin, '06-new-queue-hours');
    await admin.setViewportSize({ width: 1440, height: 900 });
    await accessible(admin, 'Queues with the hours editor open');

    await form.getByRole('button', { name: 'Create queue' }).click();
    await admin.getByText('Billing help saved.').waitFor();
    const saved = await queueWithId('billing');
    expect(saved).toMatchObject({ name: 'Billing help', skills: { billing: 2 } });
    expect(saved?.channels).toContain('chat');
    expect(saved?.hours?.timeZone).toBe('UTC');
    expect(saved?.hours?.weekly[today.slice(0, 3).toLowerCase() as 'mon']).toEqual([{ from: '00:00', to: '24:00' }]);
    expect(saved?.hours?.weekly[later.slice(0, 3).toLowerCase() as 'mon']).toContainEqual({ from: '22:00', to: '02:00' });
    expect(saved?.hours?.exceptions).toEqual([{ date: `${now.getUTCFullYear() + 1}-01-01`, label: "New Year's Day", ranges: [] }]);
    await admin
      .getByRole('list', { name: 'Queues' })
      .getByRole('button', { name: /Billing help/ })
      .getByText(/Open now/)
      .waitFor();
    await shot(admin, '07-queue-saved');
  });

  it('Channels: web chat moved to the new queue, the embed snippet copied; email and phone say they are not set up', async () => {
    await admin.getByRole('tab', { name: 'Channels' }).click();
    await admin.getByRole('tab', { name: 'Web chat' }).click();
    await admin.getByRole('heading', { name: 'Web chat', exact: true }).waitFor();
    await shot(admin, '08-webchat');
    await accessible(admin, 'Channels > Web chat');
    await admin.getByLabel('Queue for new chats').selectOption('billing');
    await admin.getByLabel('Title on the chat window').fill('Billing help');
    await admin.getByLabel('Websites allowed to show the chat (one per line)').fill(shopUrl);
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Saved and applied. Everything answered.').waitFor();
    await admin.getByRole('status', { name: 'Status: Connected' }).waitFor();
    await admin.getByRole('button', { name: 'Copy' }).click();
    await admin.getByText('Copied').waitFor();
    snippet = await admin.evaluate(() => navigator.clipboard.readText());
    expect(snippet).toBe(`<script src="${hub.url}/widget.js" data-queue="billing" data-title="Billing help" async></script>`);
    await shot(admin, '09-webchat-saved');
    await accessible(admin, 'Channels > Web chat, saved');

    await admin.getByRole('tab', { name: 'Email' }).click();
    await admin.getByRole('heading', { name: 'Email', exact: true }).waitFor();
    await shot(admin, '10-email-not-set-up');
    await accessible(admin, 'Channels > Email');
    // Saved blank: every missing field is marked, and the marks are read out with their fields.
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Some fields need attention (marked below each).').waitFor();
    await shot(admin, '10b-email-fields-marked');
    await accessible(admin, 'Channels > Email with fields marked');
    await admin.getByRole('tab', { name: 'Phone and SMS' }).click();
    await admin.getByRole('heading', { name: 'Phone and SMS (Twilio)' }).waitFor();
    await shot(admin, '11-phone-not-set-up');
    await accessible(admin, 'Channels > Phone and SMS');
  });

  it('Audit log: the first sign-in, the password change and the set-up are there', async () => {
    await admin.getByRole('tab', { name: 'Audit log' }).click();
    const table = admin.getByRole('table', { name: 'Audit entries' });
    await table.getByText('Created an agent', { exact: true }).waitFor();
    await table.getByText('Changed their own password', { exact: true }).first().waitFor();
    // In words, not the hub's dotted names or config keys.
    const queueRow = table.getByRole('row', { name: /Created a queue/ });
    await queueRow.getByText('Business hours: set (UTC)').waitFor();
    await queueRow.getByText('Skills: billing 2').waitFor();
    const webchatRow = table.getByRole('row', { name: /Changed the web chat settings/ });
    await webchatRow.getByRole('button', { name: 'Web chat settings' }).waitFor();
    await webchatRow.getByText('Changed: websites allowed, pre-chat form, queue, title').waitFor();
    await shot(admin, '12-audit-log');
    await accessible(admin, 'Audit log');
  });

  it('the agent signs in, goes Available, and takes a chat a visitor starts from the embedded snippet', async () => {
    const agentContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    agent = track(await agentContext.newPage(), 'agent');
    await agent.goto(hub.url);
    await agent.getByLabel('Username').fill('dana');
    await agent.getByLabel('Password').fill(AGENT_FIRST_PASSWORD);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    // The administrator left "they choose their own password" on: Dana must choose hers.
    await agent.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await agent.getByLabel('Temporary password').fill(AGENT_FIRST_PASSWORD);
    await agent.getByLabel('New password', { exact: true }).fill(AGENT_OWN_PASSWORD);
    await agent.getByLabel('New password again').fill(AGENT_OWN_PASSWORD);
    await agent.getByRole('button', { name: 'Save and continue' }).click();
    await agent.getByRole('heading', { name: 'My work' }).waitFor();
    await agent.getByLabel('Presence', { exact: true }).selectOption('available');
    await expect.poll(() => agent.locator('.presence-state').textContent()).toMatch(/^Available/);

    const visitorContext = await browser.newContext({ viewport: { width: 1000, height: 760 } });
    visitor = track(await visitorContext.newPage(), 'visitor');
    await visitor.goto(shopUrl);
    await visitor.locator('[data-part=launcher]').click();
    await visitor.locator('form[data-part=prechat] input[name=name]').fill('Pat Visitor');
    await visitor.locator('form[data-part=prechat] button[type=submit]').click();
    await visitor.locator('[data-part=input]').fill('Hi, I was charged twice this month.');
    await visitor.locator('[data-part=send]').click();
    await expect.poll(() => visitor.locator('.msg.visitor[data-message-id]').count()).toBe(1);

    const offer = agent.getByRole('alertdialog');
    await offer.getByText('Pat Visitor').waitFor();
    await shot(agent, '13-agent-offer');
    await offer.getByRole('button', { name: /Accept/ }).click();
    await agent.getByRole('heading', { name: 'Pat Visitor', level: 1 }).waitFor();
    await agent.getByRole('list', { name: 'Messages' }).getByText('Hi, I was charged twice this month.').waitFor();
    await agent.getByRole('textbox', { name: 'Reply to the customer' }).fill('Sorry about that, Pat: the second charge is refunded today.');
    await agent.keyboard.press('Control+Enter');
    await expect
      .poll(() => visitor.locator('.msg.agent').first().textContent())
      .toContain('Sorry about that, Pat: the second charge is refunded today.');
    await expect.poll(() => visitor.locator('[data-part=status]').textContent()).toContain('Dana Reyes');
    await shot(agent, '14-agent-replied');
    await visitor.screenshot({ path: screenshotPath('day-one-15-visitor-reads-reply'), animations: 'disabled' });
    expect(pageErrors).toEqual([]);
    // All the while the hub printed its URL and the first sign-in, and nothing per request.
    expect(hub.stdout).toHaveLength(2);
  });
});
