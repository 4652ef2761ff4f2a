import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_HTML_CHARS, MAX_TEXT_CHARS } from '../../services/channels/email/parseMail';
import { sql } from '../../services/store/sql';
import { dovecotUnavailable } from '../support/dovecot';
import { customerMail, startEmailHarness, type EmailHarness } from '../support/emailHub';
import { longMail } from '../support/hostileMail';
import { until } from '../support/until';

const skip = dovecotUnavailable();
if (skip) console.warn(`email oversize tests skipped: ${skip}`);

type Stored = { id: number; bodyText: string; bodyHtml: string | null; subject: string | null; email: Record<string, unknown> };

/**
 * Every limit between the parser and the ingest schema must truncate (with a visible note, the full raw
 * source kept and downloadable), never refuse: one real dovecot, default body limits, one mail per kind.
 */
describe.skipIf(skip !== null)('email oversize: every ingest limit truncates, nothing is refused', () => {
  let h: EmailHarness;
  const rows = new Map<string, Stored>();
  const raws = new Map<string, string>();
  const mime = (from: string, subject: string, headers: string[], body: string): string =>
    [
      `From: ${from}`,
      'To: support@example.com',
      `Subject: ${subject}`,
      `Message-ID: <${subject}-${Date.now()}@customer.example>`,
      'MIME-Version: 1.0',
      ...headers,
      '',
      body,
      '',
    ].join('\r\n');

  beforeAll(async () => {
    // Default maxBodyChars (1,000,000 = the schema's own limit); attachments over 64 kB are not stored.
    h = await startEmailHarness({ maxAttachmentBytes: 64 * 1024 });
    const html = `<div>${'<p>An HTML newsletter paragraph that goes on.</p>\r\n'.repeat(Math.ceil((MAX_HTML_CHARS + 500_000) / 52))}</div>`;
    const manyFiles = Array.from(
      { length: 150 },
      (_, i) => `--a\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="f${i}.txt"\r\n\r\nfile ${i}\r\n`,
    ).join('');
    raws.set('text', longMail('list@lists.example', 1_100_000, 'text'));
    raws.set('html', mime('html@customer.example', 'html', ['Content-Type: text/html; charset=utf-8'], html));
    raws.set('subject', customerMail({ from: 'subject@customer.example', subject: `subject ${'s'.repeat(3000)}` }));
    raws.set('name', customerMail({ from: `"${'N'.repeat(600)}" <name@customer.example>`, subject: 'name' }));
    raws.set(
      'to',
      customerMail({
        from: 'to@customer.example',
        subject: 'to',
        to: Array.from({ length: 300 }, (_, i) => `r${i}@x.example`).join(',\r\n '),
      }),
    );
    raws.set('cc', customerMail({ from: 'cc@customer.example', subject: 'cc', cc: `${'c'.repeat(400)}@x.example, ok@x.example` }));
    raws.set(
      'filename',
      mime(
        'filename@customer.example',
        'filename',
        ['Content-Type: multipart/mixed; boundary="a"'],
        `--a\r\nContent-Type: text/plain\r\n\r\nsee file\r\n--a\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="${'F'.repeat(900)}.txt"\r\n\r\nx\r\n--a--`,
      ),
    );
    raws.set(
      'attachments',
      mime(
        'files@customer.example',
        'attachments',
        ['Content-Type: multipart/mixed; boundary="a"'],
        `--a\r\nContent-Type: text/plain\r\n\r\n150 files\r\n${manyFiles}--a--`,
      ),
    );
    raws.set('sender', customerMail({ from: `${'x'.repeat(400)}@customer.example`, subject: 'sender' }));
    raws.set('after', customerMail({ from: 'after@customer.example', subject: 'after' }));
    for (const raw of raws.values()) await h.imap.append('INBOX', raw);
    await until(
      async () => {
        const r = await h.t.hub.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM message WHERE direction = 'in'`);
        return r?.n === raws.size ? true : undefined;
      },
      60_000,
      100,
    );
    const all = await h.t.hub.store.all<{ id: number; body_text: string; body_html: string | null; meta: string; subject: string | null }>(
      sql`SELECT m.id, m.body_text, m.body_html, m.meta, c.subject FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE m.direction = 'in'`,
    );
    for (const r of all) {
      const email = (JSON.parse(r.meta) as { email: Record<string, unknown> }).email;
      const key = String(email.subject).split(' ')[0] ?? '';
      rows.set(key, { id: r.id, bodyText: r.body_text, bodyHtml: r.body_html, subject: r.subject, email });
    }
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
  });

  async function download(id: number): Promise<string> {
    const token = await h.t.login('ann', 'ann-password');
    const res = await fetch(`${h.t.hub.url}/api/email/messages/${id}/source`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer()).toString('latin1');
  }

  it('a 1.1 MB text body is stored truncated to the limit with a visible note, and its full source downloads', async () => {
    const m = rows.get('text')!;
    expect(m.bodyText.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
    expect(m.bodyText.length).toBeGreaterThan(MAX_TEXT_CHARS - 200);
    expect(m.bodyText).toMatch(
      /\[Truncated: this email is longer than 1000000 characters\. The full original is kept: download its raw source\.\]$/,
    );
    expect(m.email.truncated).toEqual(['text']);
    expect(await download(m.id)).toBe(raws.get('text'));
  });

  it('an HTML body over 5 M characters is truncated with a note; its text is derived, the source kept', async () => {
    const m = rows.get('html')!;
    expect(m.bodyHtml!.length).toBeLessThanOrEqual(MAX_HTML_CHARS);
    expect(m.bodyHtml).toContain('[Truncated: this email is longer than 5000000 characters.');
    expect(m.bodyText).toContain('An HTML newsletter paragraph');
    expect(m.email.truncated).toContain('html');
    expect((await download(m.id)).length).toBe(raws.get('html')!.length);
  });

  it('subject, sender name, recipient lists, attachment names and counts are capped, with warnings, never refused', async () => {
    const subject = rows.get('subject')!;
    expect(subject.subject!.length).toBe(998);
    expect(subject.email.truncated).toEqual(['subject']);
    expect((rows.get('name')!.email.from as { name: string }).name.length).toBe(200);
    const to = rows.get('to')!.email;
    expect((to.to as unknown[]).length).toBe(100);
    expect(to.warnings).toEqual(expect.arrayContaining([expect.stringContaining('To: 200 addresses not kept') as unknown]));
    expect(rows.get('cc')!.email.cc).toEqual([{ address: 'ok@x.example', name: '' }]);
    const file = (rows.get('filename')!.email.attachments as Array<{ filename: string }>)[0]!;
    expect(file.filename.length).toBe(255);
    const files = rows.get('attachments')!.email;
    expect((files.attachments as unknown[]).length).toBe(100);
    expect(files.warnings).toEqual(expect.arrayContaining(['50 more attachments not stored (limit 100)']));
    for (const key of ['subject', 'to', 'cc', 'attachments']) expect(await download(rows.get(key)!.id)).toBe(raws.get(key));
  });

  it('a sender address longer than an address can be becomes an unreadable-email work item, and the mail after it arrives', async () => {
    const q = [...rows.values()].find((r) => r.email.unreadable !== undefined)!;
    expect(q.subject).toBe('Unreadable email: sender');
    expect(q.bodyText).toContain('This email could not be read: no sender address');
    expect(await download(q.id)).toBe(raws.get('sender'));
    expect(rows.has('after')).toBe(true);
    await h.imap.mailboxOpen('INBOX');
    expect(await h.imap.search({ seen: false }, { uid: true })).toEqual([]);
  });
});
