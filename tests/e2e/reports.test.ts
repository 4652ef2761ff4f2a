import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DAY_MS } from '../../services/metrics/accumulator';
import { seriousA11yViolations } from '../support/axe';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';

/*
 * The Reports view in chromium over a week of stored history: tiles, two uPlot charts, the table, a channel
 * filter and the CSV export (a real download). History is written through the real ingest path with the
 * hub's clock moved back, then the clock returns to now.
 */
let t: TestHub;
let browser: Browser;
let page: Page;
let clock = Date.now();
const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;

beforeAll(async () => {
  const rendererDir = await ensureRendererBuilt();
  t = await startTestHub({ rendererDir }, { now: () => clock });
  await seed(t, [{ username: 'sue', role: 'supervisor' }]);
  // Day d (0 = six days ago) gets d + 1 chats and one SMS.
  for (let d = 0; d < 7; d += 1) {
    const base = today - (6 - d) * DAY_MS + 9 * 3_600_000;
    for (let i = 0; i <= d; i += 1) {
      clock = base + i * 600_000;
      await t.hub.center.ingest(chatEvent());
    }
    clock = base + 3_600_000;
    await t.hub.center.ingest(chatEvent({ channel: 'sms', from: { kind: 'phone', value: `+1555000${d}000` } }));
  }
  clock = Date.now();
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('reports in chromium', () => {
  it('shows a week by day: tiles, charts and table; the channel filter and the CSV agree', async () => {
    await page.goto(t.hub.url);
    await page.getByLabel('Username').fill('sue');
    await page.getByLabel('Password').fill('sue-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Reports' }).click();
    const table = page.getByRole('table', { name: 'Report figures' });
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(7);
    const arrivals = async (): Promise<string[]> => table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(await arrivals()).toEqual(['2', '3', '4', '5', '6', '7', '8']);
    expect(await page.locator('.rp-chart canvas').count()).toBeGreaterThanOrEqual(1);
    // Nobody answered in this history: the service-level chart says so instead of drawing empty axes.
    await page.getByText('No contact was answered or abandoned in this period').waitFor();
    await page.screenshot({ path: screenshotPath('30-reports-week'), animations: 'disabled', fullPage: true });
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByLabel('Channel', { exact: true }).selectOption('sms');
    await expect.poll(arrivals).toEqual(['1', '1', '1', '1', '1', '1', '1']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\r\n');
    expect(csv[0]).toMatch(/^start,end,scope,arrivals,answered,/);
    expect(csv).toHaveLength(8);
    expect(csv[1]).toContain(',All queues · SMS,1,');
  });
});
