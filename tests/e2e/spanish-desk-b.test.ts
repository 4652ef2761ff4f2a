import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DAY_MS } from '../../services/metrics/accumulator';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { chatEvent, seed, startTestHub, supportQueue, type TestHub } from '../support/testHub';

/*
 * The customer 360 and the reports screen in Spanish, in chromium against a real hub: the language is the
 * one the account menu remembers (localStorage 'switchboard.language'), set before the page loads. Words,
 * dates and numbers are checked in Spanish and the screens are photographed to look for overflow from
 * longer Spanish words. Sign-in and navigation go by role and type, not by words other features own.
 */
let t: TestHub;
let browser: Browser;
let ann: Page;
let sue: Page;
let clock = Date.now();
const pageErrors: string[] = [];
const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
const CAROLINA = { kind: 'phone' as const, value: '+34600111222', displayName: 'Carolina Fernández' };

/** A browser of its own per user (the desk remembers its session), with the language chosen before load. */
async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'es-ES' });
  await context.addInitScript(() => localStorage.setItem('switchboard.language', 'es'));
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(`${username}: ${error.message}`));
  await page.goto(t.hub.url);
  await page.locator('input[autocomplete="username"]').fill(username);
  await page.locator('input[type="password"]').fill(`${username}-password`);
  await page.locator('button[type="submit"]').click();
  return page;
}

beforeAll(async () => {
  const rendererDir = await ensureRendererBuilt();
  t = await startTestHub({ rendererDir }, { now: () => clock });
  // The week's chats wait in a queue that needs a skill nobody has, so Ann is offered only Carolina's call.
  const sales = { ...supportQueue, id: 'sales', name: 'Ventas', skills: { export: 1 } };
  await seed(t, [{ username: 'ann' }, { username: 'sue', role: 'supervisor' }], [supportQueue, sales]);
  // A week of history: Carolina wrote on three days (stored, not routed); other customers chat every day.
  for (let d = 0; d < 7; d += 1) {
    const base = today - (6 - d) * DAY_MS + 9 * 3_600_000;
    for (let i = 0; i <= d; i += 1) {
      clock = base + i * 600_000;
      await t.hub.center.ingest(chatEvent({ queueId: 'sales' }));
    }
    if (d % 3 === 0) {
      clock = base + 3_600_000;
      await t.hub.center.ingest(
        chatEvent({ channel: 'sms', from: CAROLINA, bodyText: `¿Dónde está mi pedido 44${d}7? Gracias`, routable: false }),
      );
    }
  }
  clock = Date.now();
  browser = await launchChromium();
}, 180_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await ann?.screenshot({ path: screenshotPath(`es-failed-${ctx.task.name.slice(0, 20)}`) });
});

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('customer 360 and reports in Spanish, in chromium', () => {
  it('finds a customer and shows the 360 in Spanish, its history dated in Spanish', async () => {
    ann = await signIn('ann');
    const search = ann.getByRole('combobox', { name: 'Buscar clientes' });
    await search.fill('Carolina');
    await ann.getByRole('listbox', { name: 'Clientes encontrados' }).getByText('Carolina Fernández').click();
    const dialog = ann.getByRole('dialog', { name: 'Cliente: Carolina Fernández' });
    await dialog.waitFor();
    await dialog.getByRole('heading', { name: 'Historial en todos los canales' }).waitFor();
    await dialog.getByRole('heading', { name: 'Lo que nos ha contado este cliente' }).waitFor();
    await dialog.getByRole('group', { name: 'Contactar con este cliente' }).waitFor();
    const history = dialog.getByLabel('Historial del cliente');
    await expect.poll(() => history.locator('li').count()).toBe(3);
    // Spanish state words and plurals; month abbreviations as Spanish writes them (ene, feb, …, dic).
    expect(await history.locator('.tl-state').first().textContent()).toMatch(/^(Abierta|Cerrada|En espera)$/);
    expect(await history.locator('.tl-foot').first().textContent()).toMatch(/1 mensaje\b/);
    expect(await history.locator('time').first().textContent()).toMatch(/\b(ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)\b/);
    await ann.screenshot({ path: screenshotPath('es-customer-360'), animations: 'disabled' });
    await dialog.getByRole('button', { name: 'Guardar nota' }).scrollIntoViewIfNeeded();
    await dialog.getByRole('heading', { name: 'Perfil y etiquetas' }).scrollIntoViewIfNeeded();
    await ann.screenshot({ path: screenshotPath('es-customer-360-notes'), animations: 'disabled' });
    expect(pageErrors).toEqual([]);
  });

  it('shows a call with the 360 beside it in Spanish; every call control fits its words', async () => {
    await ann.keyboard.press('Escape'); // closes the profile
    await ann.keyboard.press('Escape'); // and the search results the search box shows again
    await ann.locator('#presence-select').selectOption('available');
    await t.hub.center.ingest(chatEvent({ channel: 'voice', from: CAROLINA, bodyText: '' }));
    await ann.getByRole('alertdialog').waitFor();
    await ann.keyboard.press('Alt+a');
    const controls = ann.getByRole('toolbar', { name: 'Controles de la llamada' });
    await controls.waitFor();
    for (const name of ['Silenciar', 'Poner en espera', 'Transferir llamada', 'Marcador', 'Colgar']) {
      await controls.getByRole('button', { name, exact: true }).waitFor();
    }
    const panel = ann.getByRole('complementary');
    await panel.getByRole('heading', { name: 'Historial en todos los canales' }).waitFor();
    await panel.getByText('Esta conversación', { exact: true }).waitFor();
    await ann.getByText(/^Las llamadas no están disponibles en este hub: .*[^.]\.$/).waitFor();
    // Longer Spanish words never spill out of a button.
    const spilled = await ann
      .locator('.call-controls button, .outbound-buttons button, .customer-panel button')
      .evaluateAll((buttons) => buttons.filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => b.textContent));
    expect(spilled).toEqual([]);
    await ann.screenshot({ path: screenshotPath('es-call-and-360'), animations: 'disabled' });
    expect(pageErrors).toEqual([]);
  });

  it('shows the reports screen in Spanish: tiles, chart legends, table and Spanish dates', async () => {
    sue = await signIn('sue');
    await sue.getByRole('button', { name: /^(Reports|Informes)$/ }).click();
    const table = sue.getByRole('table', { name: 'Cifras del informe' });
    await table.waitFor();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(7);
    expect(await table.locator('thead th').allTextContents()).toEqual([
      'Día (UTC)',
      'Recibidas',
      'Atendidas',
      'Abandonadas',
      'Nivel de servicio',
      'TMR',
      'TMO',
      'TPR',
    ]);
    // Day names in Spanish (lun, mar, mié, jue, vie, sáb, dom).
    for (const day of await table.locator('tbody th').allTextContents()) expect(day).toMatch(/^(lun|mar|mié|jue|vie|sáb|dom)/);
    expect(await table.locator('tbody tr td:nth-child(2)').allTextContents()).toEqual(['1', '2', '3', '4', '5', '6', '8']); // today: 7 chats and Carolina's call;
    expect(await sue.locator('.u-legend').first().textContent()).toContain('Recibidas');
    // Carolina's call was answered at once: a service level to chart, written the Spanish way ("100 %").
    await expect.poll(() => sue.locator('.rp-chart canvas').count()).toBeGreaterThanOrEqual(2);
    expect(await sue.locator('.rp-tiles div', { hasText: 'Nivel de servicio' }).locator('dd').textContent()).toMatch(/^100\s%$/);
    await sue.getByRole('button', { name: 'Exportar CSV' }).waitFor();
    await sue.screenshot({ path: screenshotPath('es-reports-week'), animations: 'disabled', fullPage: true });

    // By hour (today): the axis and table say the hour in Spanish.
    await sue.getByRole('group', { name: 'Periodo' }).getByRole('button', { name: 'Hoy' }).click();
    await expect.poll(() => table.locator('thead th').first().textContent()).toBe('Hora (UTC)');
    await sue.screenshot({ path: screenshotPath('es-reports-today'), animations: 'disabled', fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('walks the customer import in Spanish: mapping, dry run and its report', async () => {
    await sue.getByRole('button', { name: /^(Import customers|Importar clientes)$/ }).click();
    await sue.getByRole('heading', { name: 'Importar clientes' }).waitFor();
    await sue.getByText('Arrastre aquí un archivo CSV').waitFor();
    const csv = [
      'Nombre completo,Correo,Teléfono,Notas',
      'Lucía Gómez,lucia@example.com,+34600333444,Cliente desde 2019',
      'Sin contacto,,,',
      '',
    ];
    await sue
      .locator('input[type=file]')
      .setInputFiles({ name: 'clientes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.join('\n')) });
    const mapping = sue.getByRole('table', { name: 'Asignación de columnas' });
    await mapping.waitFor();
    // Spanish headers are recognised, accents and all.
    await expect(sue.getByLabel('Destino de Nombre completo').inputValue()).resolves.toBe('displayName');
    await expect(sue.getByLabel('Destino de Correo').inputValue()).resolves.toBe('email');
    await expect(sue.getByLabel('Destino de Teléfono').inputValue()).resolves.toBe('phone');
    await expect(sue.getByLabel('Destino de Notas').inputValue()).resolves.toBe('note');
    await sue.getByText(/^clientes\.csv$/).waitFor();
    await sue.getByText(/4 columnas · separadas por “,”/).waitFor();
    await sue.getByRole('heading', { name: 'Las primeras 2 filas tal como se leerán' }).waitFor();
    await sue.screenshot({ path: screenshotPath('es-import-mapping'), animations: 'disabled', fullPage: true });
    await sue.getByRole('button', { name: 'Comprobar el archivo (prueba)' }).click();
    await sue.getByRole('heading', { name: 'Prueba: lo que haría la importación' }).waitFor();
    await sue.getByText('2 filas en el archivo.', { exact: false }).waitFor({ timeout: 30_000 });
    await sue.getByRole('table', { name: 'Filas rechazadas' }).waitFor();
    await sue.getByRole('button', { name: 'Importar 1 fila' }).waitFor();
    await sue.screenshot({ path: screenshotPath('es-import-dry-run'), animations: 'disabled', fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('shows the Topics board and the saved answers library in Spanish', async () => {
    await sue.getByRole('button', { name: /^(Topics|Temas)$/ }).click();
    const board = sue.getByRole('region', { name: 'Temas' });
    await board.waitFor();
    await board.getByRole('group', { name: 'Periodo' }).getByRole('button', { name: 'Últimos 7 días' }).waitFor();
    await board.getByRole('button', { name: 'Volver a analizar el historial' }).waitFor();
    await sue.screenshot({ path: screenshotPath('es-topics'), animations: 'disabled' });

    await sue.getByRole('button', { name: 'Respuestas guardadas' }).click();
    const library = sue.getByRole('dialog', { name: 'Respuestas guardadas' });
    await library.getByRole('button', { name: 'Nueva respuesta' }).waitFor();
    await library.getByText('Compartida con el equipo').waitFor();
    await library.getByRole('button', { name: '{{customer.firstName}}' }).waitFor();
    expect(await library.getByRole('button', { name: '{{customer.firstName}}' }).getAttribute('title')).toBe(
      'Insertar el nombre de pila del cliente',
    );
    await sue.screenshot({ path: screenshotPath('es-answers'), animations: 'disabled' });
    expect(pageErrors).toEqual([]);
  });
});
