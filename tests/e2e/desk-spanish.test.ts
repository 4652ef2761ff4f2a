import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget } from '../../services/channels/webchat';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { chatEvent, seed, startTestHub, supportQueue, type TestHub } from '../support/testHub';

/*
 * The desk in Spanish, in Debian chromium against a real hub: the language remembered in localStorage is
 * used from the first paint (sign-in included), <html lang> says so, and the longer Spanish words fit
 * (no button, badge or heading in the desk is clipped). Screenshots: test-output/screenshots/desk-es-*.png.
 */
let t: TestHub;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  const rendererDir = await ensureRendererBuilt();
  await buildWidget();
  t = await startTestHub({
    rendererDir,
    webchat: { abandonAfterDisconnectMs: 60_000 },
    routing: { offerTimeoutMs: 120_000, maxMissedOffers: 3, rejectCooldownMs: 0 },
  });
  await seed(t, [{ username: 'ann' }], [{ ...supportQueue, channels: ['chat', 'sms', 'email'] }]);
  await t.hub.center.ingest(
    chatEvent({
      from: { kind: 'email', value: 'dana@example.com', displayName: 'Dana Whitfield' },
      bodyText: 'Mi pedido 5521 llegó dañado',
    }),
  );
  await t.hub.center.ingest(chatEvent({ bodyText: '¿Tienen envío a Monterrey?' }));
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  // The user chose Spanish earlier: remembered under the language key, read before the first render.
  // Init scripts run in every frame: the sandboxed email frame has no storage, and needs none.
  await context.addInitScript(() => {
    if (window === window.top) localStorage.setItem('switchboard.language', 'es');
  });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** Elements whose text is cut off: wider content than box, for the desk's fixed-width parts. */
async function clipped(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const selectors = [
      ...['button', '.sla', '.offer-kind', '.section-head h2', '.state-pill', '.presence-state', 'th', '.tab', '.chip', 'select'],
      // Containers: a child wider than its card or column sticks out of it.
      ...['.offer-toast', '.offer-head', '.offer-actions', '.sidebar', '.worklist-item', '.conv-head', '.conv-actions', '.composer-foot'],
      ...['.topbar', '.queue-table', '.wrapup', '.shortcuts'],
    ];
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(selectors.join(','))) {
      if (el.offsetParent === null) continue;
      if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.textContent?.trim()}`);
    }
    return out;
  });
}

describe('the desk in Spanish, in chromium', () => {
  it('signs in, takes an offer and shows the conversation in Spanish, with nothing clipped', async () => {
    await page.goto(t.hub.url);
    await page.getByRole('heading', { name: 'Inicie sesión en su escritorio' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    await page.screenshot({ path: screenshotPath('desk-es-00-sign-in'), animations: 'disabled' });
    await page.getByLabel('Usuario').fill('ann');
    await page.getByLabel('Contraseña').fill('ann-password');
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('heading', { name: 'Mi trabajo' }).waitFor();
    await page.getByLabel('Presencia', { exact: true }).selectOption('available');
    const toast = page.getByRole('alertdialog');
    await toast.getByRole('button', { name: /^Aceptar/ }).waitFor();
    await toast.getByText('Nuevo contacto').waitFor();
    await expect.poll(() => page.locator('.presence-state').textContent()).toMatch(/^Oferta entrante /);
    expect(await clipped(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('desk-es-01-offer'), animations: 'disabled' });

    await page.keyboard.press('Alt+a');
    await page.getByRole('heading', { name: 'Dana Whitfield', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Transferir' }).waitFor();
    await page.getByRole('button', { name: 'Finalizar', exact: true }).waitFor();
    await page.getByRole('radio', { name: 'Responder' }).waitFor();
    await page.getByPlaceholder('Responder en el chat…').fill('Lo reviso ahora mismo.');
    await page.getByRole('button', { name: 'Enviar' }).click();
    await page.getByRole('list', { name: 'Mensajes' }).getByText('Lo reviso ahora mismo.').waitFor();
    await page.locator('.sla', { hasText: 'Respondida' }).waitFor();
    expect(await clipped(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('desk-es-02-conversation'), animations: 'disabled' });

    await page.getByRole('button', { name: 'Finalizar', exact: true }).click();
    await page.getByRole('heading', { name: 'Cierre' }).waitFor();
    await page.getByText('Elija un resultado para cerrar.').waitFor();
    expect(await clipped(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('desk-es-03-wrapup'), animations: 'disabled' });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('switches to English and back from the account menu, live, keeping the wrap-up in progress', async () => {
    await page.getByRole('radio', { name: 'Seguimiento' }).check();
    await page.getByRole('button', { name: 'ANN' }).click();
    const menu = page.getByRole('menu', { name: 'Su cuenta' });
    await menu.getByRole('menuitemradio', { name: 'Español' }).waitFor();
    expect(await menu.getByRole('menuitemradio', { name: 'Español' }).getAttribute('aria-checked')).toBe('true');
    expect(await clipped(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('desk-es-04-account-menu'), animations: 'disabled' });
    await menu.getByRole('menuitemradio', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'My work' }).waitFor();
    await page.getByRole('heading', { name: 'Wrap-up' }).waitFor();
    expect(await page.getByRole('radio', { name: 'Follow up' }).isChecked()).toBe(true);
    expect(await page.evaluate(() => [document.documentElement.lang, localStorage.getItem('switchboard.language')])).toEqual(['en', 'en']);
    await page.getByRole('button', { name: 'ANN' }).click();
    await page.getByRole('menu', { name: 'Your account' }).getByRole('menuitemradio', { name: 'Español' }).click();
    await page.getByRole('heading', { name: 'Mi trabajo' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('shows an email in Spanish: the blocked-image notice, the email composer and its hints, nothing clipped', async () => {
    await page.getByRole('button', { name: 'Cerrar conversación' }).click();
    const toast = page.getByRole('alertdialog');
    await toast.getByText('Visitor 2').waitFor();
    await toast.getByRole('button', { name: /^Aceptar/ }).click();
    await page.getByRole('heading', { name: 'Visitor 2', level: 1 }).waitFor();

    await t.hub.center.ingest({
      channel: 'email',
      providerId: `<factura-${Date.now()}@example.com>`,
      from: { kind: 'email', value: 'lucia@example.com', displayName: 'Lucía Gómez' },
      queueId: 'support',
      subject: 'Factura 2291 vencida',
      bodyText: 'Hola, adjunto la factura.',
      bodyHtml: '<p>Hola, adjunto la <b>factura</b>.</p><img src="https://tracker.example/p.png" alt="logo">',
    });
    await toast.getByText('Factura 2291 vencida').waitFor();
    await toast.getByRole('button', { name: /^Aceptar/ }).click();
    await page.getByRole('heading', { name: 'Lucía Gómez', level: 1 }).waitFor();
    await page.getByText('Se bloqueó 1 imagen remota para proteger su privacidad.').waitFor();
    await page.getByRole('button', { name: 'Mostrar imágenes' }).waitFor();
    await page.getByRole('radio', { name: 'Responder a todos' }).click();
    await page.getByText('Deje Para/CC vacíos para responder a los destinatarios habituales. Ctrl+Intro para enviar.').waitFor();
    await page.getByRole('button', { name: 'Enviar correo' }).waitFor();
    await page.getByText('Citar el correo anterior').waitFor();
    expect(await clipped(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('desk-es-05-email'), animations: 'disabled' });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
