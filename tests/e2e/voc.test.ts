import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { chatEvent, seed, startTestHub, supportQueue, type TestHub } from '../support/testHub';
import { until } from '../support/until';
import { sql } from '../../services/store/sql';

/*
 * Voice of the customer in Debian chromium against a real hub. Dana wrote before (stored history, analysed
 * by the hub's background job); she opens a chat that Ann accepts: the 360 beside it shows what Dana has told
 * us, her recurring topic and the key phrases of this chat marked in her words. Sue, a supervisor, opens the
 * Topics view of her console, drills into the topic and opens the conversation behind a message.
 */
let t: TestHub;
let browser: Browser;
let ann: Page;
let sue: Page;
const pageErrors: string[] = [];
const DANA = { kind: 'email' as const, value: 'dana@example.com', displayName: 'Dana Doyle' };

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(t.hub.url);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(`${username}-password`);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

beforeAll(async () => {
  const rendererDir = await ensureRendererBuilt();
  t = await startTestHub({
    rendererDir,
    voc: { pollMs: 100, spikeCheckMs: 200 },
    routing: { offerTimeoutMs: 120_000, maxMissedOffers: 3, voiceInterruptsEmail: true, rejectCooldownMs: 0 },
  });
  await seed(t, [{ username: 'ann' }, { username: 'sue', role: 'supervisor' }], [supportQueue]);
  browser = await launchChromium();
  for (const name of ['ann', 'sue'] as const) {
    const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.message}`));
    if (name === 'ann') ann = page;
    else sue = page;
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('voice of the customer in chromium', () => {
  it("the agent's 360 shows what this customer has told us, this chat's key phrases marked", async () => {
    // History: Dana's earlier messages and other customers' (stored, not routed), analysed in the background.
    const history: Array<[typeof DANA | { kind: 'email'; value: string; displayName: string }, string]> = [
      [DANA, 'Hi, my order #604472 arrived damaged and I want a refund!'],
      [DANA, 'The app keeps crashing since the update 😡'],
      [{ kind: 'email', value: 'eli@example.com', displayName: 'Eli Evans' }, 'order 533232 damaged'],
      [{ kind: 'email', value: 'fay@example.com', displayName: 'Fay Ford' }, 'Hello, order 771203 arrived damaged, the box was crushed.'],
      [{ kind: 'email', value: 'gus@example.com', displayName: 'Gus Grant' }, 'Please cancel my subscription, thanks'],
      [
        { kind: 'email', value: 'hal@example.com', displayName: 'Hal Hart' },
        'Thanks so much, the engineer was brilliant and fixed everything!',
      ],
    ];
    for (const [from, bodyText] of history) await t.hub.center.ingest(chatEvent({ from, bodyText, routable: false }));

    await signIn(ann, 'ann');
    await ann.getByRole('heading', { name: 'My work' }).waitFor();
    await ann.getByLabel('Presence', { exact: true }).selectOption('available');
    await t.hub.center.ingest(
      chatEvent({ from: DANA, bodyText: '<b>My order #880231 arrived damaged again</b>, and the box was crushed.' }),
    );
    await ann.getByRole('alertdialog').waitFor();
    await ann.keyboard.press('Alt+a');
    await ann.getByRole('heading', { name: 'Dana Doyle', level: 1 }).waitFor();

    const section = ann.getByRole('region', { name: 'What this customer has told us' });
    const topics = section.getByRole('list', { name: "This customer's topics" });
    // The live chat is analysed within moments of its commit and the open 360 refreshes on the push.
    await topics.getByRole('button', { name: 'order arrived damaged, 2 messages' }).waitFor();
    const marks = section.getByRole('list', { name: 'Key phrases in this conversation' }).locator('mark');
    await until(async () => (await marks.count()) >= 2);
    expect(await marks.allTextContents()).toEqual(expect.arrayContaining(['order #880231', 'box']));
    // Customer text stays text: the <b> arrived as characters, never as an element.
    expect(await section.locator('b').count()).toBe(0);
    await topics.getByRole('button', { name: /order arrived damaged/ }).click();
    await topics.getByText('Hi, my order #604472 arrived damaged and I want a refund!').waitFor();
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: screenshotPath('40-voc-customer-360'), animations: 'disabled' });
  });

  it('the supervisor sees the topics board, drills down to the messages and opens a conversation', async () => {
    await signIn(sue, 'sue');
    await sue.getByRole('heading', { name: 'Supervisor console' }).waitFor();
    await sue.getByRole('button', { name: 'Topics' }).click();
    const top = sue.getByRole('table', { name: 'Top topics' });
    const row = top.getByRole('row', { name: /order arrived damaged/ });
    await row.waitFor();
    await until(async () => (await row.getByRole('button', { name: '4 messages about order arrived damaged' }).count()) === 1);
    await row.getByRole('button', { name: '4 messages about order arrived damaged' }).click();
    const list = sue.getByRole('list', { name: 'Messages about order arrived damaged' });
    await list.getByText('order 533232 damaged').waitFor();
    expect(await list.getByRole('listitem').count()).toBe(4);
    await sue.screenshot({ path: screenshotPath('41-voc-topics-board'), animations: 'disabled', fullPage: true });

    // A burst of one new complaint from several customers: a spike alert appears, live.
    for (let i = 0; i < 5; i++) {
      await t.hub.center.ingest(
        chatEvent({
          from: { kind: 'email', value: `o${i}@example.com`, displayName: `Outage ${i}` },
          bodyText: 'Your website is down, I get error 503',
          routable: false,
        }),
      );
    }
    await sue
      .getByRole('alert')
      .getByText(/Spike:.*website down/)
      .waitFor();
    await sue.screenshot({ path: screenshotPath('42-voc-spike'), animations: 'disabled' });

    // Drill-down to the conversation: the console's silent monitor opens on it.
    const [found] = await t.hub.store.all<{ id: number }>(
      sql`SELECT conversation_id AS id FROM message WHERE body_text = 'order 533232 damaged'`,
    );
    await list.getByRole('button', { name: `Open conversation #${found!.id}` }).click();
    await sue.getByRole('list', { name: 'Monitored messages' }).getByText('order 533232 damaged').waitFor();
    expect(pageErrors).toEqual([]);
  });
});
