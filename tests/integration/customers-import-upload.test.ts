import { afterEach, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../services/contracts';
import { ADMIN_PASSWORD, seed, startTestHub, type TestHub } from '../support/testHub';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

type UploadBody = { uploadId?: string; columns?: string[]; delimiter?: string; preview?: string[][]; code?: string; message?: string };

async function upload(hub: TestHub, token: string, body: Buffer | string): Promise<{ status: number; body: UploadBody }> {
  const res = await fetch(`${hub.hub.url}/api/customers/imports`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json()) as UploadBody };
}

describe('customers: CSV upload checks and what the import screen needs', () => {
  it('answers the preview and the guessed delimiter, and refuses binary, non-UTF-8, headerless and ambiguous files', async () => {
    t = await startTestHub({ customers: { maxImportBytes: 4096 } });
    await seed(t, []);
    const admin = await t.admin();
    const token = await t.login('admin', ADMIN_PASSWORD);
    expect(await admin.ok('customer/importLimits', {})).toEqual({ maxBytes: 4096 });

    const semi = await upload(t, token, '\uFEFFName;Mail;Tel\nAnn;ann@example.com;+14155550100\n"Lee; Bo";bo@example.com;\nShort\n');
    expect(semi.status).toBe(200);
    expect(semi.body).toMatchObject({
      columns: ['Name', 'Mail', 'Tel'],
      delimiter: ';',
      preview: [['Ann', 'ann@example.com', '+14155550100'], ['Lee; Bo', 'bo@example.com', ''], ['Short']],
    });

    // Excel's "Unicode text": UTF-16LE with a BOM, tab-separated; stored as UTF-8.
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\tEmail\nJosé\tjose@example.com\n', 'utf16le')]);
    const fromUtf16 = await upload(t, token, utf16);
    expect(fromUtf16.body).toMatchObject({ columns: ['Name', 'Email'], delimiter: '\t', preview: [['José', 'jose@example.com']] });
    const run = await admin.ok('customer/importStart', {
      uploadId: fromUtf16.body.uploadId!,
      mapping: { Name: 'displayName', Email: 'email' },
      dryRun: false,
      delimiter: '\t',
    });
    const done = await admin.waitFor('customer/importProgress', (p) => p.jobId === run.jobId && p.state !== 'running', 20_000);
    expect(done.report).toMatchObject({ created: 1 });
    expect((await admin.ok('customer/search', { query: 'jose@example.com' })).hits[0]?.displayName).toBe('José');

    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(await upload(t, token, png)).toMatchObject({ status: 422, body: { message: expect.stringMatching(/not a CSV file/) } });
    const latin1 = Buffer.from('Name,Email\nJos\xe9,jose@example.com\n', 'latin1');
    expect(await upload(t, token, latin1)).toMatchObject({ status: 422, body: { message: expect.stringMatching(/not UTF-8/) } });
    expect(await upload(t, token, '\n\nName,Email\n')).toMatchObject({
      status: 422,
      body: { message: expect.stringMatching(/no header row/) },
    });
    expect(await upload(t, token, 'Email,Name,Email\na@example.com,A,b@example.com\n')).toMatchObject({
      status: 422,
      body: { message: expect.stringMatching(/two columns are called "Email"/) },
    });
    expect((await upload(t, token, `Email\n${'x@example.com\n'.repeat(400)}`)).status).toBe(413);
  });

  it('gives each rejected row its original cells and the header, so the screen can hand them back as a CSV', async () => {
    t = await startTestHub();
    await seed(t, []);
    const admin = await t.admin();
    const token = await t.login('admin', ADMIN_PASSWORD);
    const long = 'y'.repeat(2000);
    const csv = ['Name,Email,Notes', 'Ann,ann@example.com,ok', "=cmd|' /C calc'!A0,,hi", `Bob,not-an-email,${long}`, 'Short'].join('\n');
    const up = await upload(t, token, csv);
    const { jobId } = await admin.ok('customer/importStart', {
      uploadId: up.body.uploadId!,
      mapping: { Name: 'displayName', Email: 'email', Notes: 'note' },
      dryRun: true,
    });
    const done: ImportProgress = await admin.waitFor('customer/importProgress', (p) => p.jobId === jobId && p.state !== 'running', 20_000);
    const report = done.report!;
    expect(report.columns).toEqual(['Name', 'Email', 'Notes']);
    expect(report.rejectedRows.map((r) => [r.row, r.values.slice(0, 2)])).toEqual([
      [2, ["=cmd|' /C calc'!A0", '']],
      [3, ['Bob', 'not-an-email']],
      [4, ['Short']],
    ]);
    // Kept cells are bounded: a hostile row cannot bloat the report.
    expect(report.rejectedRows[1]!.values[2]).toHaveLength(500);
    expect(report.rejectedRows[1]!.values[2]!.endsWith('…')).toBe(true);
  });
});
