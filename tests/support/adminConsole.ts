import type { Page } from 'playwright-core';

export type AdminTab = 'Agents' | 'Queues' | 'Channels' | 'API and data' | 'Audit log';

/** Signs in on the hub's sign-in screen (the page must be at the hub's URL) and waits for the console. */
export async function signInAsAdmin(page: Page, password: string, username = 'admin'): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Supervisor console' }).waitFor();
}

/** From the supervisor console: opens the admin console on one tab. */
export async function openAdminTab(page: Page, tab: AdminTab): Promise<void> {
  await page.getByRole('button', { name: 'Admin', exact: true }).click();
  await page.getByRole('heading', { name: 'Admin console' }).waitFor();
  await page.getByRole('tab', { name: tab }).click();
}
