import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { ADMIN_PASSWORD, seed, startTestHub, supportQueue, type TestHub } from '../support/testHub';
import { openAdminTab, signInAsAdmin } from '../support/adminConsole';

/*
 * Admin console > Queues in Debian chromium against a real hub, reached as an administrator does: sign in,
 * "Admin" in the supervisor console, the Queues tab. Real socket, real admin/queueUpsert.
 */

let t: TestHub;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const nineToFive = Object.fromEntries(weekdays.map((d) => [d, [{ from: '09:00', to: '17:00' }]]));

beforeAll(async () => {
  const rendererDir = await ensureRendererBuilt();
  t = await startTestHub({ rendererDir, webchat: {} });
  await seed(
    t,
    [{ username: 'ana', skills: { spanish: 4, billing: 2 } }],
    [
      supportQueue,
      {
        id: 'sales',
        name: 'Sales',
        channels: ['chat', 'sms'],
        skills: {},
        slaSeconds: 30,
        priority: 5,
        hours: { timeZone: 'America/New_York', weekly: nineToFive },
      },
    ],
  );
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

describe('Queues screen in chromium', () => {
  it('lists queues with their hours status', async () => {
    await page.goto(t.hub.url);
    await signInAsAdmin(page, ADMIN_PASSWORD);
    await openAdminTab(page, 'Queues');
    const list = page.getByRole('list', { name: 'Queues' });
    await list.getByRole('button', { name: /Support/ }).waitFor();
    await expect(list.getByRole('button', { name: /Support/ }).textContent()).resolves.toContain('Always open');
    await expect(list.getByRole('button', { name: /Sales/ }).textContent()).resolves.toMatch(/Open now · closes|Closed · opens/);
    await page.screenshot({ path: screenshotPath('queues-01-list'), animations: 'disabled' });
  });

  it('creates a queue with a past-midnight range and a holiday', async () => {
    await page.getByRole('button', { name: 'New queue' }).click();
    const form = page.getByRole('form', { name: 'New queue' });
    await form.getByLabel('Name', { exact: true }).fill('Night desk');
    await form.getByLabel('ID', { exact: true }).fill('night-desk');
    await form.getByLabel('Phone').check();
    await form.getByLabel('Answer target (seconds)').fill('120');
    await form.getByLabel('Service level goal (%)').fill('90');
    await form.getByLabel('Priority').fill('7');
    await form.getByLabel('Sticky window (hours)').fill('24');
    await form.getByRole('button', { name: 'Add skill' }).click();
    await form.getByLabel('Skill 1', { exact: true }).fill('spanish');
    await form.getByLabel('Skill 1 minimum level').selectOption('3');

    await form.getByLabel('Set business hours').check();
    await form.getByLabel('Time zone').selectOption('Europe/Berlin');
    // Friday gets a second range that runs past midnight.
    await form.getByRole('button', { name: 'Add hours on Friday' }).click();
    await form.getByLabel('Friday range 2 opens').fill('22:00');
    await form.getByLabel('Friday range 2 closes').fill('02:00');
    await form.getByText('next day', { exact: true }).waitFor();
    // Saturday closed, Sunday none: remove nothing; Monday loses its range to show "Closed".
    await form.getByRole('button', { name: 'Remove Monday' }).click();
    await form
      .getByRole('row', { name: /Monday/ })
      .getByText('Closed')
      .waitFor();

    await form.getByRole('button', { name: 'Add date' }).click();
    await form.getByLabel('Exception 1 date').fill('2026-12-25');
    await form.getByLabel('Exception 1 name').fill('Christmas Day');
    await form.getByRole('button', { name: 'Add date' }).click();
    await form.getByLabel('Exception 2 date').fill('2026-12-24');
    await form.getByLabel('Exception 2 kind').selectOption('special');
    await form.getByLabel('Exception 2 opens').fill('09:00');
    await form.getByLabel('Exception 2 closes').fill('12:00');

    await expect(form.getByRole('status', { name: 'Hours preview' }).textContent()).resolves.toMatch(
      /^(Open now · closes|Closed · opens) /,
    );
    await page.setViewportSize({ width: 1440, height: 2000 }); // the whole form in one picture
    await page.screenshot({ path: screenshotPath('queues-02-new-queue-form'), animations: 'disabled' });
    await page.setViewportSize({ width: 1440, height: 1000 });

    await form.getByRole('button', { name: 'Create queue' }).click();
    await page.getByText('Night desk saved.').waitFor();
    const saved = t.hub.center.queue('night-desk');
    expect(saved).toMatchObject({
      name: 'Night desk',
      channels: ['voice', 'chat'],
      slaSeconds: 120,
      slTargetPercent: 90,
      priority: 7,
      stickyWindowHours: 24,
      skills: { spanish: 3 },
    });
    expect(saved?.hours).toEqual({
      timeZone: 'Europe/Berlin',
      weekly: {
        tue: [{ from: '09:00', to: '17:00' }],
        wed: [{ from: '09:00', to: '17:00' }],
        thu: [{ from: '09:00', to: '17:00' }],
        fri: [
          { from: '09:00', to: '17:00' },
          { from: '22:00', to: '02:00' },
        ],
      },
      exceptions: [
        { date: '2026-12-25', label: 'Christmas Day', ranges: [] },
        { date: '2026-12-24', ranges: [{ from: '09:00', to: '12:00' }] },
      ],
    });
    // Now being edited: the id is fixed.
    const edit = page.getByRole('form', { name: 'Edit Night desk' });
    await expect(edit.getByLabel('ID', { exact: true }).getAttribute('readonly')).resolves.not.toBeNull();
    await page.screenshot({ path: screenshotPath('queues-03-saved'), animations: 'disabled' });
    await page.setViewportSize({ width: 900, height: 1000 }); // a narrow window: two columns of figures, nothing cut
    await page.screenshot({ path: screenshotPath('queues-05-narrow'), animations: 'disabled' });
    await page.setViewportSize({ width: 1440, height: 1000 });
  });

  it('refuses bad input with plain words, before and at the hub', async () => {
    const edit = page.getByRole('form', { name: 'Edit Night desk' });
    await edit.getByRole('button', { name: 'Add hours on Tuesday' }).click();
    await edit.getByLabel('Tuesday range 2 opens').fill('16:00');
    await edit.getByLabel('Tuesday range 2 closes').fill('18:00');
    await expect(edit.getByRole('status', { name: 'Hours preview' }).textContent()).resolves.toBe('Finish the hours to see when it opens');
    await edit.getByLabel('Service level goal (%)').fill('150');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    const alert = edit.getByRole('alert');
    await alert.getByText('Tuesday: ranges of one day overlap').waitFor();
    await alert.getByText('Service level: a percentage from 1 to 100').waitFor();
    expect(await page.getByText('Night desk saved.').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('queues-04-refused'), animations: 'disabled' });
    expect(t.hub.center.queue('night-desk')?.slTargetPercent).toBe(90);

    // A second queue with a taken id is refused by the hub itself.
    await page.getByRole('button', { name: 'New queue' }).click();
    const form = page.getByRole('form', { name: 'New queue' });
    await form.getByLabel('Name', { exact: true }).fill('Another');
    await form.getByLabel('ID', { exact: true }).fill('night-desk');
    await form.getByRole('button', { name: 'Create queue' }).click();
    await form.getByRole('alert').getByText('a queue with the id "night-desk" already exists').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('the chat widget on a closed queue says when it opens again', async () => {
    // Sales keeps New York weekday hours; set today as a holiday so it is closed whatever the time of the run.
    const admin = await t.admin();
    const today = new Date().toISOString().slice(0, 10);
    await admin.ok('admin/queueUpsert', {
      id: 'sales',
      name: 'Sales',
      channels: ['chat', 'sms'],
      skills: {},
      slaSeconds: 30,
      priority: 5,
      mode: 'update',
      hours: { timeZone: 'UTC', weekly: nineToFive, exceptions: [{ date: today, label: 'Holiday' }] },
    });
    admin.close();
    const visitor = await browser.newPage({ viewport: { width: 1000, height: 720 }, timezoneId: 'Europe/London', locale: 'en-GB' });
    await visitor.goto(`${t.hub.url}/chat?queue=sales`);
    await visitor.locator('[data-part=launcher]').click();
    // The offline form, or "Please try again later." when no queue here takes messages while closed.
    await visitor.locator('form[data-part=offline], [data-part=offline-none]').first().waitFor();
    await expect.poll(() => visitor.getByText(/^We are closed right now\. We open again \w+ \d\d:00\.$/).count()).toBe(1);
    await visitor.screenshot({ path: screenshotPath('queues-06-widget-closed'), animations: 'disabled' });
    await visitor.close();
  });
});
