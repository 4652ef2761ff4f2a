import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { chatEvent, seed, startTestHub, supportQueue, type TestHub } from '../support/testHub';

/*
 * The supervisor and admin consoles in Spanish in Debian chromium against a real hub: the language is the
 * user's stored choice ('switchboard.language' = 'es', set before the page loads). The queue board with
 * contacts waiting and no agent (STATUS in Spanish), the admin Agents and Queues tabs, screenshotted for
 * overflow and truncation of the longer Spanish words.
 */
let t: TestHub;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

/** Signs in by the fields' roles in the form (their words belong to the sign-in screen's own catalogue). */
async function signIn(username: string, password: string): Promise<void> {
  await page.goto(t.hub.url);
  await page.locator('input[autocomplete="username"]').fill(username);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.locator('button[type="submit"]').click();
}

beforeAll(async () => {
  const rendererDir = await ensureRendererBuilt();
  t = await startTestHub({ rendererDir });
  await seed(
    t,
    [
      { username: 'ana', skills: { billing: 3, spanish: 5 } },
      { username: 'sue', role: 'supervisor' },
      { username: 'ada', role: 'admin' },
    ],
    [
      supportQueue,
      { id: 'sales', name: 'Ventas', channels: ['chat', 'sms'], skills: {}, slaSeconds: 30, priority: 1 },
      { id: 'billing', name: 'Facturación', channels: ['email', 'sms'], skills: { billing: 2 }, slaSeconds: 3600, priority: 0 },
    ],
  );
  // Contacts waiting with nobody available: the board must say so, in Spanish.
  for (let i = 0; i < 3; i++) await t.hub.center.ingest(chatEvent({ queueId: 'support' }));
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  await context.addInitScript(() => localStorage.setItem('switchboard.language', 'es'));
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('consoles in Spanish', () => {
  it('the supervisor queue board speaks Spanish, STATUS included', async () => {
    await signIn('ada', 'ada-password');
    await page.getByRole('heading', { name: 'Consola de supervisión' }).waitFor();
    const table = page.getByRole('table', { name: 'Panel de colas' });
    await table.waitFor();
    const support = page.getByRole('rowgroup', { name: `Cola ${supportQueue.name}` });
    await support.getByText('ningún agente disponible').waitFor();
    expect(await support.getByTestId('status-support').locator('.sv-badge').textContent()).toMatch(/^(En riesgo|Incumplido)$/);
    expect(await table.locator('thead th').allTextContents()).toEqual(
      expect.arrayContaining(['Cola', 'En espera', 'Más antiguo', 'NS hoy', 'Estado']),
    );
    await page.getByRole('table', { name: 'Cuadrícula de agentes' }).waitFor();
    await page.screenshot({ path: screenshotPath('es-01-supervisor-board'), animations: 'disabled', fullPage: true });
  });

  it('the admin Agents tab speaks Spanish', async () => {
    await page.getByRole('button', { name: 'Administración' }).click();
    await page.getByRole('heading', { name: 'Consola de administración' }).waitFor();
    await page.getByRole('tab', { name: 'Agentes' }).waitFor();
    await page.getByRole('button', { name: 'ANA' }).click();
    await page.getByRole('button', { name: 'Restablecer contraseña…' }).waitFor();
    await page.getByText('Capacidad: conversaciones simultáneas').waitFor();
    await page.screenshot({ path: screenshotPath('es-02-admin-agents'), animations: 'disabled' });
  });

  it('the admin Queues tab speaks Spanish, hours included', async () => {
    await page.getByRole('tab', { name: 'Colas' }).click();
    await page.getByRole('button', { name: /Facturación/ }).click();
    const form = page.getByRole('form', { name: 'Editar Facturación' });
    await form.getByLabel('Objetivo de respuesta (segundos)').waitFor();
    await form.getByLabel('Definir horario de atención').check();
    await form
      .getByRole('row', { name: /Sábado/ })
      .getByText('Cerrado')
      .waitFor();
    await page.screenshot({ path: screenshotPath('es-03-admin-queues'), animations: 'disabled' });
    await form.getByRole('row', { name: /Miércoles/ }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('es-04-admin-queue-hours'), animations: 'disabled' });
    expect(pageErrors).toEqual([]);
  });
});
