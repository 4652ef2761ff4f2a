import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { seed, startTestHub, type TestHub } from '../support/testHub';

/*
 * The built desk in chromium against a real hub: when the hub ends the session (role changed, forced
 * sign-out, sign-out in another window), the desk returns to sign-in and says why.
 */
let t: TestHub;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  const rendererDir = await ensureRendererBuilt();
  t = await startTestHub({ rendererDir });
  await seed(t, [{ username: 'ann' }, { username: 'sue', role: 'supervisor' }]);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(t.hub.url);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(`${username}-password`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

async function newPage(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

const annId = (): number => t.hub.center.agentByUsername('ann')!.id;

describe('the desk when the hub ends its session', () => {
  it('returns to sign-in showing "Your role was changed" when an admin changes the role', async () => {
    const page = await newPage();
    await signIn(page, 'ann');
    const admin = await t.admin();
    await admin.ok('admin/agentUpsert', { username: 'ann', displayName: 'ANN', role: 'supervisor' });

    const notice = page.getByRole('alert').filter({ hasText: 'You were signed out.' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Your role was changed; sign in again.');
    await page.getByRole('heading', { name: 'Sign in to your desk' }).waitFor();
    await page.screenshot({ path: screenshotPath('signed-out-role-changed'), animations: 'disabled' });
    expect(await page.evaluate(() => localStorage.getItem('switchboard.session'))).toBeNull();
    await admin.ok('admin/agentUpsert', { username: 'ann', displayName: 'ANN', role: 'agent' });
  });

  it('shows "Signed out by a supervisor" after a forced sign-out, and signing in again clears the notice', async () => {
    const page = await newPage();
    await signIn(page, 'ann');
    const sue = await t.connect('sue', 'sue-password');
    await sue.ok('supervisor/forceLogout', { agentId: annId() });
    await page.getByRole('alert').filter({ hasText: 'Signed out by a supervisor.' }).waitFor();
    // Signing in again on the same page (no reload) clears the notice.
    await page.getByLabel('Username').fill('ann');
    await page.getByLabel('Password').fill('ann-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.getByText('You were signed out.').count()).toBe(0);
  });

  it('signing out in one tab signs out the other tab of the same desk, saying so', async () => {
    const page = await newPage();
    await signIn(page, 'ann');
    const second = await page.context().newPage();
    await second.goto(t.hub.url); // same browser profile: resumes the stored session
    await second.getByRole('button', { name: 'Sign out' }).waitFor();
    await second.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('alert').filter({ hasText: 'You signed out in another window.' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
