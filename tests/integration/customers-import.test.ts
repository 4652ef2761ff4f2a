import { afterEach, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../services/contracts';
import { sql } from '../../services/store/sql';
import type { AgentClient } from '../support/agentClient';
import { ADMIN_PASSWORD, chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

async function upload(
  hub: TestHub,
  token: string,
  csv: string,
): Promise<{ status: number; body: { uploadId?: string; columns?: string[]; code?: string } }> {
  const res = await fetch(`${hub.hub.url}/api/customers/imports`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
    body: csv,
  });
  return { status: res.status, body: (await res.json()) as { uploadId?: string; columns?: string[]; code?: string } };
}

async function runJob(client: AgentClient, input: Parameters<AgentClient['ok']>[1] & object): Promise<ImportProgress> {
  const { jobId } = await client.ok('customer/importStart', input as never);
  return client.waitFor('customer/importProgress', (p) => p.jobId === jobId && p.state !== 'running', 20_000);
}

const mapping = {
  Name: 'displayName',
  Mail: 'email',
  Tel: 'phone',
  'CRM id': 'external:crm',
  Org: 'company',
  Tier: 'attribute:tier',
  Labels: 'tags',
  Remark: 'note',
} as const;

const csv = [
  'Name,Mail,Tel,CRM id,Org,Tier,Labels,Remark',
  'Ann Lee,ann@example.com,(415) 555-0100,C1,Acme,gold,"vip,west",met at fair',
  'Bob Roe,bob@example.com,,C2,,silver,,',
  'Ann L.,ANN@example.com,,,,,east,', // same person as row 1 by email
  'Nobody,,,,,,,', // no identity
  'Bad Phone,bad@example.com,call me,C4,,,,',
  'Bad Tier,tier@example.com,,,,platinum,,',
  'Short row,short@example.com',
  'Kim,kim@example.com,+14155550177,,,,,', // phone already belongs to a live customer from chat
  'Walk-in,walkin@example.com,,,,,,', // email already known from an inbound email with no name
].join('\n');

describe('customers: CSV import', () => {
  it('dry run reports created/merged/rejected with reasons, the real run matches it with progress events, and a re-import changes nothing', async () => {
    t = await startTestHub();
    await seed(t, [{ username: 'ann' }, { username: 'sue', role: 'supervisor' }]);
    const sue = await t.connect('sue', 'sue-password');
    const ann = await t.connect('ann', 'ann-password');
    await sue.ok('customer/attributeDefine', { key: 'tier', label: 'Tier', type: 'choice', choices: ['gold', 'silver'] });
    const fromSms = await t.hub.center.ingest(
      chatEvent({ channel: 'sms', from: { kind: 'phone', value: '+14155550177' }, threadKey: 'k' }),
    );
    const walkIn = await t.hub.center.ingest(chatEvent({ channel: 'email', from: { kind: 'email', value: 'walkin@example.com' } }));

    expect((await upload(t, await t.login('ann', 'ann-password'), csv)).status).toBe(403);
    expect((await upload(t, 'not-a-real-token-at-all', csv)).status).toBe(401);
    const up = await upload(t, await t.login('sue', 'sue-password'), csv);
    expect(up.status).toBe(200);
    expect(up.body.columns).toEqual(['Name', 'Mail', 'Tel', 'CRM id', 'Org', 'Tier', 'Labels', 'Remark']);
    expect(await ann.command('customer/importStart', { uploadId: up.body.uploadId!, mapping, dryRun: true })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    const before = await t.hub.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM customer`);
    const dry = await runJob(sue, { uploadId: up.body.uploadId!, mapping, dryRun: true, tag: 'legacy' });
    expect(dry.state).toBe('done');
    const report = dry.report!;
    expect(report).toMatchObject({ rows: 9, created: 2, merged: 3, unchanged: 0, rejected: 4, suggestions: 0 });
    expect(report.rejectedRows.map((r) => r.row)).toEqual([4, 5, 6, 7]);
    expect(report.rejectedRows.map((r) => r.reason).join('|')).toMatch(
      /no phone, email or external id\|Tel: not a phone number.*\|tier: "platinum" is not one of gold, silver\|expected 8 columns, found 2/,
    );
    expect(report.mergedRows.find((m) => m.row === 3)?.reason).toMatch(/created from row 1\) by email ann@example.com; tag east/);
    expect(report.mergedRows.find((m) => m.row === 8)).toMatchObject({ customerId: fromSms.customerId });
    expect(report.mergedRows.find((m) => m.row === 9)?.reason).toMatch(
      new RegExp(`matched customer #${walkIn.customerId} by email walkin@example.com; name`),
    );
    expect((await t.hub.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM customer`))?.n).toBe(before?.n);

    const { jobId } = await sue.ok('customer/importStart', { uploadId: up.body.uploadId!, mapping, dryRun: false, tag: 'legacy' });
    const done = await sue.waitFor('customer/importProgress', (p) => p.jobId === jobId && p.state !== 'running', 20_000);
    expect(done.report).toMatchObject({ rows: 9, created: 2, merged: 3, rejected: 4 });
    expect(sue.received('customer/importProgress').filter((p) => p.jobId === jobId).length).toBeGreaterThanOrEqual(2);
    expect(await sue.ok('customer/importStatus', { jobId })).toMatchObject({ state: 'done', rowsDone: 9, rowsTotal: 9 });

    const ann1 = (await ann.ok('customer/search', { query: 'ann@example.com' })).hits[0]!;
    const profile = await ann.ok('customer/get', { customerId: ann1.customerId });
    expect(profile.customer).toMatchObject({
      displayName: 'Ann Lee',
      company: 'Acme',
      attributes: { tier: 'gold' },
      tags: ['legacy', 'vip', 'west', 'east'],
    });
    expect(profile.customer.identities.map((i) => i.value)).toEqual(['ann@example.com', '+14155550100', 'crm:C1']);
    expect(profile.notes.map((n) => n.body)).toEqual(['met at fair']);
    expect((await ann.ok('customer/get', { customerId: walkIn.customerId })).customer.displayName).toBe('Walk-in');

    const again = await runJob(sue, { uploadId: up.body.uploadId!, mapping, dryRun: false, tag: 'legacy' });
    expect(again.report).toMatchObject({ rows: 9, created: 0, merged: 0, unchanged: 5, rejected: 4 });
    expect(again.report?.warnings[0]).toMatch(/already imported/);
    const counts = await t.hub.store.get<{ c: number; i: number; n: number }>(
      sql`SELECT (SELECT count(*) FROM customer) AS c, (SELECT count(*) FROM identity) AS i, (SELECT count(*) FROM customer_note) AS n`,
    );
    expect(counts).toEqual({ c: (before?.n ?? 0) + 2, i: 8, n: 1 });
  });

  it('raises a suggestion when a row names identities of two different customers, and reports bad files clearly', async () => {
    t = await startTestHub();
    await seed(t, []);
    const admin = await t.admin();
    const a = await t.hub.center.ingest(chatEvent({ from: { kind: 'email', value: 'one@example.com' } }));
    const b = await t.hub.center.ingest(chatEvent({ channel: 'sms', from: { kind: 'phone', value: '+14155550188' }, threadKey: 'z' }));
    const token = await t.login('admin', ADMIN_PASSWORD);
    const up = await upload(t, token, 'email;phone\none@example.com;+1 415 555 0188\n');
    const res = await runJob(admin, {
      uploadId: up.body.uploadId!,
      mapping: { email: 'email', phone: 'phone' },
      dryRun: false,
      delimiter: ';',
    });
    expect(res.report).toMatchObject({ rows: 1, merged: 0, unchanged: 1, suggestions: 1 });
    const suggestions = await admin.ok('customer/suggestions', {});
    expect(suggestions[0]?.customerA.id).toBe(Math.min(a.customerId, b.customerId));
    expect(suggestions[0]?.reason).toMatch(/import/);

    const missing = await runJob(admin, { uploadId: up.body.uploadId!, mapping: { Email: 'email' }, dryRun: true, delimiter: ';' });
    expect(missing).toMatchObject({ state: 'failed', error: expect.stringMatching(/column "Email" is not in the file/) });
    const badQuotes = await upload(t, token, 'email,name\n"unterminated@example.com,x\n');
    const broken = await runJob(admin, { uploadId: badQuotes.body.uploadId!, mapping: { email: 'email' }, dryRun: true });
    expect(broken).toMatchObject({ state: 'failed', error: expect.stringMatching(/not valid CSV/) });
    expect(
      await admin.command('customer/importStart', { uploadId: '0'.repeat(32), mapping: { email: 'email' }, dryRun: true }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(
      await admin.command('customer/importStart', { uploadId: '../../etc/passwd', mapping: { email: 'email' }, dryRun: true }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // The hub keeps serving after the failures.
    expect((await admin.ok('customer/search', { query: 'one@example.com' })).hits).toHaveLength(1);
  });
});
