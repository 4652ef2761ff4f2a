import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seriousA11yViolations } from '../support/axe';
import { ensureRendererBuilt, launchChromium } from '../support/browser';
import { chatEvent, seed, startTestHub, supportQueue, type TestHub } from '../support/testHub';
import { until } from '../support/until';

/*
 * axe-core in chromium over the screens people use all day: sign-in, the desk with a live chat, the
 * saved-answers library, the supervisor console, and the customer's chat widget. Zero serious or critical
 * violations is the bar (colour contrast, names of controls, ARIA that lies).
 */
let t: TestHub;
let browser: Browser;

async function signedIn(username: string): Promise<Page> {
  // Reduced motion: axe measures colours after a fade-in, not halfway through it.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(t.hub.url);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(`${username}-password`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

beforeAll(async () => {
  const rendererDir = await ensureRendererBuilt();
  t = await startTestHub({
    rendererDir,
    webchat: {},
    routing: { offerTimeoutMs: 120_000, maxMissedOffers: 3, voiceInterruptsEmail: true, rejectCooldownMs: 0 },
  });
  await seed(t, [{ username: 'ann' }, { username: 'sue', role: 'supervisor' }], [supportQueue]);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('accessibility (axe-core, serious and critical)', () => {
  it('sign-in', async () => {
    const context = await browser.newContext({ reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(t.hub.url);
    await page.getByLabel('Username').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('the desk with an offer, then a live chat, and the saved-answers library', async () => {
    const ann = await signedIn('ann');
    await ann.getByRole('heading', { name: 'My work' }).waitFor();
    await ann.getByLabel('Presence', { exact: true }).selectOption('available');
    const annId = t.hub.center.snapshots().find((a) => a.username === 'ann')!.id;
    await until(() => t.hub.center.snapshot(annId).presence === 'available');
    await t.hub.center.ingest(
      chatEvent({ from: { kind: 'email', value: 'carol@example.com', displayName: 'Carol Jones' }, bodyText: 'Where is my parcel?' }),
    );
    await ann.getByRole('alertdialog').waitFor();
    expect(await seriousA11yViolations(ann)).toEqual([]);
    await ann.keyboard.press('Alt+a');
    await ann.getByRole('heading', { name: 'Carol Jones', level: 1 }).waitFor();
    expect(await seriousA11yViolations(ann)).toEqual([]);
    await ann.getByRole('button', { name: 'Saved answers' }).click();
    await ann.getByRole('dialog', { name: 'Saved answers' }).waitFor();
    expect(await seriousA11yViolations(ann)).toEqual([]);
  });

  it('the supervisor console', async () => {
    const sue = await signedIn('sue');
    await sue.getByRole('table', { name: 'Queue board' }).waitFor();
    expect(await seriousA11yViolations(sue)).toEqual([]);
  });

  it("the customer's chat widget", async () => {
    const context = await browser.newContext({ viewport: { width: 420, height: 800 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(`${t.hub.url}/chat`);
    await page.waitForLoadState('networkidle');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
