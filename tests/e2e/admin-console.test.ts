import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '../../services/hub/auth';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { startTestHub, supportQueue, type TestHub } from '../support/testHub';
import { until } from '../support/until';

/*
 * The admin console in Debian chromium against a real hub started without a chosen admin password (as a
 * fresh `npm start`): the administrator signs in with the generated password, is made to choose a new
 * one, creates an agent with skills and capacity, disables another, resets a password, and finds all of
 * it in the audit log. The agent whose password was reset then signs in and must choose their own.
 */
let t: TestHub;
let browser: Browser;
let adminContext: BrowserContext;
let admin: Page;
const pageErrors: string[] = [];
const ADMIN_NEW_PASSWORD = 'my-own-admin-pass';
let bobTemporary = '';

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(name), animations: 'disabled' });
}

beforeAll(async () => {
  const rendererDir = await ensureRendererBuilt();
  t = await startTestHub({ rendererDir, bootstrapAdmin: { username: 'admin' } });
  // What a center already has: a queue that requires Spanish, and Ann.
  await t.hub.center.upsertQueue({ ...supportQueue, skills: { spanish: 1 } });
  await t.hub.center.upsertAgent({
    username: 'ann',
    displayName: 'Ann Lee',
    role: 'agent',
    skills: { billing: 3 },
    passwordHash: await hashPassword('ann-password'),
  });
  browser = await launchChromium();
  adminContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  admin = await adminContext.newPage();
  admin.setDefaultTimeout(10_000);
  admin.on('pageerror', (error) => pageErrors.push(error.message));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('admin console in chromium', () => {
  it('the generated admin password must be replaced at the first sign-in', async () => {
    const generated = t.hub.generatedAdminPassword;
    expect(generated).toEqual(expect.any(String));
    await admin.goto(t.hub.url);
    await admin.getByLabel('Username').fill('admin');
    await admin.getByLabel('Password').fill(generated!);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await admin.getByLabel('Temporary password').fill(generated!);
    await admin.getByLabel('New password', { exact: true }).fill('short');
    await admin.getByLabel('New password again').fill('short');
    await admin.getByRole('button', { name: 'Save and continue' }).click();
    await admin
      .getByRole('alert')
      .getByText(/at least 8 characters/)
      .waitFor();
    await admin.getByLabel('New password', { exact: true }).fill(ADMIN_NEW_PASSWORD);
    await admin.getByLabel('New password again').fill(ADMIN_NEW_PASSWORD);
    await shot(admin, '60-admin-choose-new-password');
    await admin.getByRole('button', { name: 'Save and continue' }).click();
    await admin.getByRole('heading', { name: 'Supervisor console' }).waitFor();
    expect(t.hub.center.agentByUsername('admin')?.mustChangePassword).toBe(false);
    // A reload keeps the desk: the temporary state is not remembered.
    await admin.reload();
    await admin.getByRole('heading', { name: 'Supervisor console' }).waitFor();
    await shot(admin, '60b-supervisor-console-admin-button');
  });

  it('creates an agent with skills (known and new) and capacity per channel', async () => {
    await admin.getByRole('button', { name: 'Admin', exact: true }).click();
    await admin.getByRole('heading', { name: 'Admin console' }).waitFor();
    await admin.getByRole('tab', { name: 'Agents' }).waitFor();
    await admin.getByRole('row', { name: /Ann Lee/ }).waitFor();
    await shot(admin, '61-admin-agents-list');

    await admin.getByRole('button', { name: 'New agent' }).click();
    const form = admin.getByRole('form', { name: 'New agent' });
    // Checked against the contract before it is sent: the field says what is wrong.
    await form.getByLabel('Username').fill('bob kim');
    await form.getByRole('button', { name: 'Create agent' }).click();
    await form.getByText(/no spaces/).waitFor();
    await form.getByLabel('Username').fill('bob.kim');
    await form.getByLabel('Display name').fill('Bob Kim');
    // A known skill (required by the Support queue) is offered; a new one can be typed.
    await form.getByRole('button', { name: /Add spanish at level/ }).click();
    await form.getByLabel('Level of spanish').selectOption('4');
    await form.getByRole('combobox', { name: 'New skill name' }).fill('returns');
    await form.getByLabel('Level for the new skill').selectOption('2');
    await form.getByRole('button', { name: 'Add skill' }).click();
    await form.getByLabel('Chats at the same time').fill('5');
    await form.getByLabel('Emails at the same time').fill('1');
    await form.getByLabel('Calls at the same time').fill('0');
    await form.getByRole('button', { name: 'Generate' }).click();
    await shot(admin, '62-admin-new-agent-form');
    await form.getByRole('button', { name: 'Create agent' }).click();
    await admin.getByRole('status').getByText('Created Bob Kim.').waitFor();
    const bob = await until(() => t.hub.center.agentByUsername('bob.kim'));
    expect(bob).toMatchObject({
      displayName: 'Bob Kim',
      role: 'agent',
      skills: { spanish: 4, returns: 2 },
      capacity: { chat: 5, email: 1, voice: 0, sms: 3 },
      mustChangePassword: true,
    });
    await admin
      .getByRole('row', { name: /Bob Kim/ })
      .getByText('Temporary password')
      .waitFor();
  });

  it('finds agents by words, role and status', async () => {
    await admin.getByLabel('Search agents').fill('spanish');
    await until(async () => (await admin.getByRole('row', { name: /Ann Lee/ }).count()) === 0);
    await admin.getByRole('row', { name: /Bob Kim/ }).waitFor();
    await admin.getByLabel('Search agents').fill('');
    await admin.getByLabel('Filter by role').selectOption('admin');
    await admin
      .getByRole('row', { name: /Administrator/ })
      .first()
      .waitFor();
    expect(await admin.getByRole('row', { name: /Bob Kim/ }).count()).toBe(0);
    await admin.getByLabel('Filter by role').selectOption('all');
    await admin.getByLabel('Filter by status').selectOption('temporary');
    await admin.getByRole('row', { name: /Bob Kim/ }).waitFor();
    expect(await admin.getByRole('row', { name: /Ann Lee/ }).count()).toBe(0);
    await admin.getByLabel('Filter by status').selectOption('all');
  });

  it('disables an agent, who can then no longer sign in', async () => {
    await admin
      .getByRole('row', { name: /Ann Lee/ })
      .getByRole('button', { name: 'Ann Lee' })
      .click();
    await admin.getByRole('button', { name: 'Disable agent…' }).click();
    await admin.getByRole('dialog', { name: 'Disable Ann Lee?' }).getByRole('button', { name: 'Disable', exact: true }).click();
    await admin.getByRole('status').getByText('Ann Lee is disabled and was signed out.').waitFor();
    await admin
      .getByRole('row', { name: /Ann Lee/ })
      .getByText('Disabled')
      .waitFor();
    expect(t.hub.center.agentByUsername('ann')?.disabledAt).not.toBeNull();
    const refused = await fetch(`${t.hub.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ann', password: 'ann-password' }),
    });
    expect(refused.status).toBe(403);
    await shot(admin, '63-admin-agent-disabled');
  });

  it('resets a password: the agent must choose their own at the next sign-in', async () => {
    await admin
      .getByRole('row', { name: /Bob Kim/ })
      .getByRole('button', { name: 'Bob Kim' })
      .click();
    await admin.getByRole('button', { name: 'Reset password…' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Reset the password of Bob Kim' });
    bobTemporary = await dialog.getByLabel('Temporary password').inputValue();
    expect(bobTemporary).toMatch(/^[A-Za-z0-9]{12}$/);
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    const done = admin.getByRole('dialog', { name: 'Password reset for Bob Kim' });
    await done.getByText(bobTemporary).waitFor();
    await shot(admin, '64-admin-password-reset');
    await done.getByRole('button', { name: 'Done' }).click();

    const bobContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const bob = await bobContext.newPage();
    bob.setDefaultTimeout(10_000);
    await bob.goto(t.hub.url);
    await bob.getByLabel('Username').fill('bob.kim');
    await bob.getByLabel('Password').fill(bobTemporary);
    await bob.getByRole('button', { name: 'Sign in' }).click();
    await bob.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await bob.getByLabel('Temporary password').fill(bobTemporary);
    await bob.getByLabel('New password', { exact: true }).fill('bobs-own-password');
    await bob.getByLabel('New password again').fill('bobs-own-password');
    await bob.getByRole('button', { name: 'Save and continue' }).click();
    await bob.getByRole('heading', { name: 'My work' }).waitFor();
    // The admin's list follows pushes: Bob shows as signed in without a reload.
    await admin
      .getByRole('row', { name: /Bob Kim/ })
      .getByText('Signed in')
      .waitFor();
    // Everyone can change their own password from the account menu beside "Sign out".
    await bob.getByRole('button', { name: /Bob Kim/ }).click();
    await bob.getByRole('menuitem', { name: 'Change password…' }).waitFor();
    await shot(bob, '65a-desk-account-menu');
    await bob.getByRole('menuitem', { name: 'Change password…' }).click();
    await bob.getByRole('dialog', { name: 'Change your password' }).waitFor();
    await shot(bob, '65-desk-change-password');
    await bob.getByRole('button', { name: 'Cancel' }).click();
    await bobContext.close();
  });

  it('finds those actions in the audit log', async () => {
    await admin.getByRole('tab', { name: 'Audit log' }).click();
    const table = admin.getByRole('table', { name: 'Audit entries' });
    await table.waitFor();
    for (const what of [
      'Created an agent',
      'Disabled an agent',
      'Reset the password of an agent',
      'Changed their own password',
      'Signed in',
    ])
      await table.getByText(what, { exact: true }).first().waitFor();
    await shot(admin, '66-admin-audit-log');

    // Only agent changes, by the admin.
    const filters = admin.getByRole('form', { name: 'Audit log filters' });
    await filters.getByLabel('What', { exact: true }).selectOption('agent.');
    await filters.getByLabel('Who', { exact: true }).selectOption({ label: 'Administrator (admin)' });
    await filters.getByRole('button', { name: 'Search' }).click();
    await until(async () => (await table.getByText('Signed in', { exact: true }).count()) === 0);
    await table.getByText('Created an agent', { exact: true }).waitFor();
    const createdRow = table.getByRole('row', { name: /Created an agent/ });
    await createdRow.getByText('Username: bob.kim').waitFor();
    await createdRow.getByText('Skills: returns 2, spanish 4').waitFor();
    // Words: the refused sign-in of the disabled Ann, found by her name.
    await filters.getByLabel('What', { exact: true }).selectOption('');
    await filters.getByLabel('Who', { exact: true }).selectOption('');
    await filters.getByLabel('Words', { exact: true }).fill('account disabled');
    await filters.getByRole('button', { name: 'Search' }).click();
    await table.getByText('Sign-in refused', { exact: true }).waitFor();
    await shot(admin, '67-admin-audit-filtered');
    expect(await table.getByRole('row').count()).toBe(2);
    expect(pageErrors).toEqual([]);
  });

  it('shows the Queues and Channels tabs and goes back to the supervisor console', async () => {
    await admin.getByRole('tab', { name: 'Queues' }).click();
    await admin.getByRole('tabpanel').getByRole('heading').first().waitFor();
    await admin.getByRole('tab', { name: 'Channels' }).click();
    await admin.getByRole('tabpanel').getByRole('heading').first().waitFor();
    await admin.getByRole('button', { name: 'Supervisor console' }).click();
    await admin.getByRole('heading', { name: 'Supervisor console' }).waitFor();
  });
});
