import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../support/agentClient';
import { supportQueue, type TestHub } from '../support/testHub';
import { startWidgetHub, type WidgetHub } from '../support/widgetHub';

// The widget speaks the visitor's browser language (Spanish here, from the browser context's locale), or the
// one the snippet forces with data-lang; on a phone nothing overflows the panel in either language.
let hub: WidgetHub;
let t: TestHub;
let browser: Browser;
let ann: AgentClient;

beforeAll(async () => {
  // SMTP for codes and transcripts (never reached here): "Mi historial" and the transcript button show.
  hub = await startWidgetHub({
    positionRefreshMs: 100,
    smtp: { host: '127.0.0.1', port: 9, ignoreTLS: true, from: 'Soporte <soporte@example.com>' },
  });
  ({ t, browser, ann } = hub);
});

afterAll(async () => {
  await hub?.stop();
});

const shadowText = (page: Page, part: string) => page.locator(`[data-part=${part}]`).innerText();

/** Elements in the widget wider than their box (text cut off or pushed out of the panel). */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.getElementById('switchboard-webchat')?.shadowRoot;
    if (!root) return ['no widget'];
    const panel = root.querySelector('.panel')!.getBoundingClientRect();
    const out: string[] = [];
    for (const node of root.querySelectorAll<HTMLElement>('.panel *')) {
      const box = node.getBoundingClientRect();
      if (box.width === 0) continue;
      if (node.scrollWidth > node.clientWidth + 1 && getComputedStyle(node).overflowX !== 'auto')
        out.push(`${node.tagName} "${node.textContent?.slice(0, 40)}" scrolls`);
      if (box.right > panel.right + 1 || box.left < panel.left - 1)
        out.push(`${node.tagName} "${node.textContent?.slice(0, 40)}" leaves the panel`);
    }
    return out;
  });
}

describe('widget language in chromium', () => {
  it('a Spanish browser gets the Spanish pre-chat form, queue position and times, and nothing overflows on a phone', async () => {
    const context = await browser.newContext({ locale: 'es-ES', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${t.hub.url}/chat`);
    const launcher = page.locator('[data-part=launcher]');
    await expect.poll(() => launcher.innerText()).toBe('Chatea con nosotros');
    await launcher.click();
    const form = page.locator('form[data-part=prechat]');
    await expect.poll(() => form.count()).toBe(1);
    expect(await form.locator('button[type=submit]').innerText()).toBe('Empezar chat');
    expect(await form.locator('label').allInnerTexts()).toEqual(['Nombre', 'Correo electrónico', 'Teléfono']);
    expect(await shadowText(page, 'status')).toBe('Dinos quién eres (opcional) y empieza el chat.');
    expect(await page.locator('[data-part=minimise]').getAttribute('aria-label')).toBe('Minimizar chat');
    expect(await page.locator('#switchboard-webchat').getAttribute('lang')).toBe('es');
    expect(await overflowing(page)).toEqual([]);
    await page.screenshot({ path: 'test-output/widget-es-prechat-390.png' });

    // Ann takes the first chat; the second visitor waits and reads their place in Spanish.
    const first = await browser.newContext({ locale: 'es-AR' });
    const firstPage = await first.newPage();
    await firstPage.goto(`${t.hub.url}/chat`);
    await firstPage.locator('[data-part=launcher]').click();
    await firstPage.locator('form[data-part=prechat] button[type=submit]').click();
    await firstPage.locator('[data-part=input]').fill('hola');
    await firstPage.locator('[data-part=send]').click();
    const offer = await ann.waitFor('offer/new', (o) => o.channel === 'chat');
    await ann.ok('offer/accept', { offerId: offer.offerId });
    await expect.poll(() => shadowText(firstPage, 'status')).toBe('Estás chateando con Ann Agent.');

    await form.locator('input[name=name]').fill('María José Fernández de la Concepción');
    await form.locator('button[type=submit]').click();
    await page.locator('[data-part=input]').fill('¿Tienen envíos a Canarias?');
    await page.locator('[data-part=send]').click();
    await expect.poll(() => shadowText(page, 'status')).toMatch(/^Eres el número 1 en la fila/);
    const meta = page.locator('[data-part=messages] [data-from=visitor] [data-part=meta]').first();
    await expect.poll(() => meta.innerText()).toMatch(/^Tú · \d\d:\d\d · (Enviado|Leído)$/);
    expect(await page.locator('[data-part=end]').innerText()).toBe('Terminar chat');
    expect(await page.locator('[data-part=input]').getAttribute('placeholder')).toBe('Escribe un mensaje…');
    expect(await overflowing(page)).toEqual([]);
    await page.screenshot({ path: 'test-output/widget-es-waiting-390.png' });

    // My history: the header holds title, "Mi historial" and minimise; the proof form is in Spanish.
    const history = page.locator('[data-part=history-toggle]');
    expect(await history.innerText()).toBe('Mi historial');
    await history.click();
    const proof = page.locator('form[data-part=history-proof]');
    await expect.poll(() => proof.count()).toBe(1);
    expect(await proof.locator('button[type=submit]').innerText()).toBe('Envíame un código');
    expect(await history.innerText()).toBe('Volver al chat');
    expect(await overflowing(page)).toEqual([]);
    await page.screenshot({ path: 'test-output/widget-es-history-390.png' });
    await history.click();
    expect(errors).toEqual([]);
    await first.close();
    await context.close();
  });

  it('the snippet forces a language with data-lang, whatever the browser says', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${t.hub.url}/chat?lang=es`);
    await page.locator('[data-part=launcher]').click();
    await expect.poll(() => page.locator('form[data-part=prechat] button[type=submit]').count()).toBe(1);
    expect(await page.locator('form[data-part=prechat] button[type=submit]').innerText()).toBe('Empezar chat');
    await page.goto(`${t.hub.url}/chat`);
    await page.locator('[data-part=launcher]').click();
    await expect.poll(() => page.locator('form[data-part=prechat] button[type=submit]').count()).toBe(1);
    expect(await page.locator('form[data-part=prechat] button[type=submit]').innerText()).toBe('Start chat');
    await context.close();
  });

  it('the offline form in Spanish on a phone: closed hours with the opening day in Spanish', async () => {
    const admin = await t.admin();
    const weekly = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
    const today = new Date().toISOString().slice(0, 10);
    await admin.ok('admin/queueUpsert', {
      ...supportQueue,
      mode: 'update',
      hours: { timeZone: 'UTC', weekly, exceptions: [{ date: today, label: 'Festivo' }] },
    });
    const context = await browser.newContext({ locale: 'es-MX', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${t.hub.url}/chat`);
    await page.locator('[data-part=launcher]').click();
    const form = page.locator('form[data-part=offline]');
    await expect.poll(() => form.count()).toBe(1);
    expect(await shadowText(page, 'status')).toMatch(/^Ahora mismo estamos cerrados\. Volvemos a abrir el [a-záéíóú]+/);
    expect(await form.locator('button[type=submit]').innerText()).toBe('Enviar mensaje');
    expect(await overflowing(page)).toEqual([]);
    await page.screenshot({ path: 'test-output/widget-es-offline-390.png' });
    await admin.ok('admin/queueUpsert', { ...supportQueue, mode: 'update' });
    admin.close();
    await context.close();
  });
});
