import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { baseAddress, conversationFromPlusAddress, plusAddress, replyAllRecipients } from '../../../services/channels/email/addresses';
import { AttachmentStore } from '../../../services/channels/email/attachmentStore';
import { autoReplyReason } from '../../../services/channels/email/autoReply';
import { replyReferences } from '../../../services/channels/email/compose';
import { EmailConfig } from '../../../services/channels/email/config';
import { unsafeHtmlReasons } from '../../../services/channels/email/htmlSafety';
import { uidRange } from '../../../services/channels/email/mailboxWatcher';
import { parseMail } from '../../../services/channels/email/parseMail';
import { baseSubject, conversationFromSubject, replySubject } from '../../../services/channels/email/subjectToken';
import { sql } from '../../../services/store/sql';
import { Store } from '../../../services/store/store';
import { allMigrations } from '../../../services/server/migrations';

const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-email-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('email rules', () => {
  it('subject tokens: added once, found case-insensitively, prefixes stripped', () => {
    expect(replySubject('RE: Fwd: Order late [#SB-4]', 4, 'reply')).toBe('Re: Order late [#SB-4]');
    expect(replySubject('', 9, 'forward')).toBe('Fwd: (no subject) [#SB-9]');
    expect(conversationFromSubject('aw: thing [#sb-1234]')).toBe(1234);
    expect(conversationFromSubject('no token [SB-12]')).toBeUndefined();
    expect(baseSubject('Re: Re[2]: hello')).toBe('hello');
  });

  it('plus-addresses only count on our own mailboxes', () => {
    const own = new Set(['support@example.com']);
    expect(plusAddress('Support@Example.com', 42)).toBe('support+sb42@example.com');
    expect(conversationFromPlusAddress('SUPPORT+sb42@example.com', own)).toBe(42);
    expect(conversationFromPlusAddress('other+sb42@example.com', own)).toBeUndefined();
    expect(baseAddress('a+b+c@X.org')).toBe('a@x.org');
  });

  it('reply-all: reply-to wins, own addresses and duplicates removed, To not repeated in Cc', () => {
    const r = replyAllRecipients(
      {
        from: [{ address: 'carol@c.example', name: 'Carol' }],
        replyTo: [{ address: 'carol-list@c.example', name: '' }],
        to: [
          { address: 'Support@Example.com', name: '' },
          { address: 'dan@c.example', name: '' },
        ],
        cc: [
          { address: 'DAN@c.example', name: '' },
          { address: 'support+x@example.com', name: '' },
          { address: 'eve@c.example', name: '' },
        ],
      },
      new Set(['support@example.com']),
    );
    expect(r.to.map((a) => a.address)).toEqual(['carol-list@c.example', 'dan@c.example']);
    expect(r.cc.map((a) => a.address)).toEqual(['eve@c.example']);
  });

  it('references are capped but keep the root', () => {
    const refs = Array.from({ length: 30 }, (_, i) => `r${i}@x`);
    const out = replyReferences(refs, 'parent@x');
    expect(out).toHaveLength(20);
    expect(out[0]).toBe('r0@x');
    expect(out.at(-1)).toBe('parent@x');
  });

  it('auto-replies are recognised; human mail is not', () => {
    const h = (o: Record<string, unknown>) => new Map(Object.entries(o));
    expect(autoReplyReason(h({ 'auto-submitted': 'auto-replied' }), 'a@b', 'x')).toContain('Auto-Submitted');
    expect(autoReplyReason(h({ 'auto-submitted': 'no' }), 'a@b', 'x')).toBeNull();
    expect(autoReplyReason(h({ precedence: 'junk' }), 'a@b', 'x')).toContain('junk');
    expect(autoReplyReason(h({}), 'MAILER-DAEMON@b', 'failure')).toContain('mailer-daemon');
    expect(autoReplyReason(h({}), 'a@b', 'Automatic reply: away')).toBe('out-of-office subject');
    expect(autoReplyReason(h({ 'content-type': { value: 'multipart/report' } }), 'a@b', 'x')).toBe('delivery report');
    expect(autoReplyReason(h({}), 'a@b', 'Re: my order')).toBeNull();
  });

  it('unsafe HTML is flagged with reasons; plain HTML is not', () => {
    expect(unsafeHtmlReasons('<p onclick="x()">a</p><iframe src=x></iframe><a href="javascript:alert(1)">l</a>')).toEqual([
      'event_handler',
      'javascript_url',
      'embedded_frame',
    ]);
    expect(unsafeHtmlReasons('<p>hello <b>there</b> <img src="cid:logo"></p>')).toEqual([]);
  });

  it('UID sets are compressed into ranges', () => {
    expect(uidRange([9, 1, 2, 3, 7, 10])).toBe('1:3,7,9:10');
    expect(uidRange([5])).toBe('5');
  });

  it('config: absent parts get defaults, bad parts are refused with the path', () => {
    const ok = EmailConfig.parse({
      mailboxes: [{ id: 'a', host: 'imap.x', user: 'u', password: 'p', address: 'a@x.example', queueId: 'support' }],
      smtp: { host: 'smtp.x' },
    });
    expect(ok.mailboxes[0]).toMatchObject({ port: 993, secure: true, folder: 'INBOX' });
    expect(ok.maxAttachmentBytes).toBe(25 * 1024 * 1024);
    const bad = EmailConfig.safeParse({ mailboxes: [{ id: 'a' }, { id: 'a' }], smtp: {} });
    expect(bad.success).toBe(false);
  });

  it('parseMail streams an attachment over the limit without storing it, and stores one under it once', async () => {
    const store = new AttachmentStore(path.join(dir, 'att'));
    await store.init();
    const big = Buffer.alloc(300_000, 1).toString('base64');
    const small = Buffer.from('same bytes').toString('base64');
    const raw = `From: a@b.example\r\nMessage-ID: <p1@x>\r\nContent-Type: multipart/mixed; boundary=q\r\n\r\n--q\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\ncaf=E9\r\n--q\r\nContent-Type: application/octet-stream; name=big.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n${big}\r\n--q\r\nContent-Type: text/plain; name=a.txt\r\nContent-Disposition: attachment; filename=a.txt\r\nContent-Transfer-Encoding: base64\r\n\r\n${small}\r\n--q\r\nContent-Type: text/plain; name=b.txt\r\nContent-Disposition: attachment; filename=b.txt\r\nContent-Transfer-Encoding: base64\r\n\r\n${small}\r\n--q--\r\n`;
    const parsed = await parseMail(Readable.from([Buffer.from(raw)]), store, { maxAttachmentBytes: 100_000, maxBodyChars: 10_000 });
    expect(parsed.text.trim()).toBe('café');
    const named = (n: string) => parsed.attachments.find((x) => x.filename === n);
    const [bigA, a, b] = [named('big.bin'), named('a.txt'), named('b.txt')];
    expect(bigA).toMatchObject({ filename: 'big.bin', sha256: null, size: 300_000 });
    expect(a?.sha256).toBe(b?.sha256);
    expect(a?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hot email queries use indexes (EXPLAIN QUERY PLAN)', async () => {
    const store = await Store.open({ migrations: allMigrations, file: path.join(dir, 'plan.sqlite') });
    try {
      const plan = async (q: ReturnType<typeof sql>) =>
        (await store.all<{ detail: string }>({ text: `EXPLAIN QUERY PLAN ${q.text}`, values: q.values })).map((r) => r.detail).join(' | ');
      expect(
        await plan(
          sql`SELECT conversation_id FROM email_thread_ref WHERE message_id IN (${'a'}, ${'b'}) ORDER BY conversation_id DESC LIMIT 1`,
        ),
      ).toMatch(/USING (COVERING )?INDEX sqlite_autoindex_email_thread_ref_1 \(message_id=\?\)/);
      expect(
        await plan(
          sql`SELECT * FROM email_outbox WHERE state IN ('queued','sending') AND next_attempt_at <= ${1} ORDER BY next_attempt_at, id LIMIT 1`,
        ),
      ).toMatch(/USING INDEX email_outbox_(due|state)/);
      expect(await plan(sql`SELECT message_id FROM email_outbox WHERE message_id IN (${'a'})`)).toMatch(/USING (COVERING )?INDEX/);
      expect(await plan(sql`SELECT uid_validity, last_uid FROM email_mailbox_state WHERE mailbox_id = ${'x'}`)).toMatch(
        /USING INDEX|PRIMARY KEY/,
      );
      expect(await plan(sql`SELECT state, count(*) AS n FROM email_outbox GROUP BY state`)).toContain('email_outbox_state');
      expect(await plan(sql`SELECT m.id FROM message m WHERE m.status = 'queued' AND m.direction = 'out'`)).toContain('message_out_queued');
    } finally {
      await store.close();
    }
  });
});
