import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../services/contracts';
import { sql } from '../../services/store/sql';
import { dovecotUnavailable } from '../support/dovecot';
import { customerMail, messageIdOf, startEmailHarness, type EmailHarness } from '../support/emailHub';
import { until } from '../support/until';

const skip = dovecotUnavailable();
if (skip) console.warn(`email inbound tests skipped: ${skip}`);

let h: EmailHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function messagesWhere(harness: EmailHarness, clause = sql`1 = 1`): Promise<Message[]> {
  const rows = await harness.t.hub.store.all<{
    id: number;
    conversation_id: number;
    body_text: string;
    body_html: string | null;
    meta: string;
    direction: string;
  }>(sql`SELECT * FROM message WHERE ${clause} ORDER BY id`);
  return rows.map((r) => ({
    id: r.id,
    conversationId: r.conversation_id,
    direction: r.direction as Message['direction'],
    authorAgentId: null,
    bodyText: r.body_text,
    bodyHtml: r.body_html,
    providerId: null,
    status: null,
    meta: JSON.parse(r.meta) as Record<string, unknown>,
    createdAt: 0,
  }));
}

const emailMeta = (m: Message | undefined): Record<string, unknown> => (m?.meta.email ?? {}) as Record<string, unknown>;

async function inboundCount(harness: EmailHarness): Promise<number> {
  const row = await harness.t.hub.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM message WHERE direction = 'in'`);
  return row?.n ?? 0;
}

describe.skipIf(skip !== null)('email inbound: real dovecot over IMAP', () => {
  it('APPENDed mail is committed, queued and offered; \\Seen is set only after the commit', async () => {
    h = await startEmailHarness();
    const ann = await h.t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    const raw = customerMail({ subject: 'Broken kettle', body: 'It does not boil.' });
    await h.imap.append('INBOX', raw);

    const offer = await ann.waitFor('offer/new', () => true, 10_000);
    expect(offer).toMatchObject({ channel: 'email', queueId: 'support', subject: 'Broken kettle', reason: 'queue' });
    expect(offer.preview).toContain('It does not boil.');
    expect(offer.customer.identities).toEqual([{ kind: 'email', value: 'carol@customer.example' }]);

    const [stored] = await messagesWhere(h);
    expect(emailMeta(stored)).toMatchObject({ mailboxId: 'support', messageId: messageIdOf(raw), uid: 1, threadedBy: 'new' });
    await h.imap.mailboxOpen('INBOX');
    const flags = await until(async () => {
      const m = await h!.imap.fetchOne('1', { flags: true }, { uid: true });
      return m && m.flags?.has('\\Seen') ? m.flags : undefined;
    }, 5000);
    expect(flags.has('\\Seen')).toBe(true);
    const position = await h.t.hub.store.get<{ last_uid: number }>(
      sql`SELECT last_uid FROM email_mailbox_state WHERE mailbox_id = 'support'`,
    );
    expect(position?.last_uid).toBe(1);
  });

  it('threads replies by In-Reply-To/References, by subject token, by plus-address; a stranger with a token starts anew', async () => {
    h = await startEmailHarness({}, { plusAddressing: true });
    const ann = await h.t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    const first = customerMail({ subject: 'Refund please' });
    await h.imap.append('INBOX', first);
    const offer = await ann.waitFor('offer/new', () => true, 10_000);
    const conversation = await ann.ok('offer/accept', { offerId: offer.offerId });
    const cid = conversation.id;

    await ann.ok('email/send', { conversationId: cid, mode: 'reply', bodyText: 'We are on it.' });
    const [ours] = await h.relay.waitFor(1);
    const ourId = (ours!.parsed.messageId ?? '').replace(/[<>]/g, '');

    // 1: proper headers referencing our reply
    await h.imap.append(
      'INBOX',
      customerMail({
        subject: `Re: Refund please [#SB-${cid}]`,
        extra: `In-Reply-To: <${ourId}>\r\nReferences: <${messageIdOf(first)}> <${ourId}>`,
      }),
    );
    // 2: headers stripped, token kept
    await h.imap.append('INBOX', customerMail({ subject: `RE: Refund please [#SB-${cid}]` }));
    // 3: token lost, plus-address reply-to used
    await h.imap.append('INBOX', customerMail({ subject: 'about my refund', to: `support+sb${cid}@example.com` }));
    // 4: a stranger guessing the token does not join the conversation
    await h.imap.append('INBOX', customerMail({ from: 'mallory@evil.example', subject: `[#SB-${cid}] hi` }));
    await until(async () => (await inboundCount(h!)) === 5, 10_000);

    const inbound = await messagesWhere(h, sql`direction = 'in'`);
    expect(inbound.slice(1, 4).map((m) => [m.conversationId, emailMeta(m).threadedBy])).toEqual([
      [cid, 'headers'],
      [cid, 'subject_token'],
      [cid, 'plus_address'],
    ]);
    expect(inbound[4]!.conversationId).not.toBe(cid);
    expect(emailMeta(inbound[4]).threadedBy).toBe('new');
    await ann.waitFor('message/new', (m) => m.conversationId === cid && m.bodyText.includes('order') && m.id === inbound[3]!.id);
  });

  it('a reply to a closed conversation reopens it and goes sticky to the last agent', async () => {
    h = await startEmailHarness();
    const ann = await h.t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    const first = customerMail({ subject: 'Warranty' });
    await h.imap.append('INBOX', first);
    const offer = await ann.waitFor('offer/new', () => true, 10_000);
    const c = await ann.ok('offer/accept', { offerId: offer.offerId });
    await ann.ok('conversation/close', { conversationId: c.id, disposition: 'resolved' });

    await h.imap.append('INBOX', customerMail({ subject: 'Re: Warranty', extra: `In-Reply-To: <${messageIdOf(first)}>` }));
    const again = await ann.waitFor('offer/new', (o) => o.offerId !== offer.offerId, 10_000);
    expect(again).toMatchObject({ conversationId: c.id, reason: 'sticky' });
  });

  it('auto-replies are stored on the thread but never routed', async () => {
    h = await startEmailHarness();
    const ann = await h.t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    await h.imap.append('INBOX', customerMail({ subject: 'Out of Office: back Monday', extra: 'Auto-Submitted: auto-replied' }));
    await h.imap.append('INBOX', customerMail({ subject: 'Newsletter', extra: 'Precedence: bulk' }));
    await until(async () => (await inboundCount(h!)) === 2, 10_000);
    const stored = await messagesWhere(h);
    expect(stored.map((m) => emailMeta(m).autoReply)).toEqual(['Auto-Submitted: auto-replied', 'Precedence: bulk']);
    const states = await h.t.hub.store.all<{ state: string }>(sql`SELECT state FROM conversation ORDER BY id`);
    expect(states.map((s) => s.state)).toEqual(['closed', 'closed']);
    await new Promise((r) => setTimeout(r, 300));
    expect(ann.received('offer/new')).toHaveLength(0);
  });

  it('bad input: malformed MIME, no Message-ID, bogus charset, huge attachment, script HTML, no sender — stored, or quarantined with a reason; the channel keeps running', async () => {
    h = await startEmailHarness({ maxAttachmentBytes: 64 * 1024 });
    const huge = Buffer.alloc(2 * 1024 * 1024, 0x61)
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    const mails = [
      // 1 malformed multipart: no closing boundary, broken base64
      'From: a1@customer.example\r\nSubject: broken\r\nMessage-ID: <m1@x>\r\nContent-Type: multipart/mixed; boundary="zz"\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\nbody part\r\n--zz\r\nContent-Type: application/pdf; name=x.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!notbase64@@@\r\n',
      // 2 no Message-ID
      customerMail({ from: 'a2@customer.example', messageId: null, subject: 'no id' }),
      // 3 bogus charset
      'From: a3@customer.example\r\nSubject: charset\r\nMessage-ID: <m3@x>\r\nContent-Type: text/plain; charset=x-klingon-99\r\n\r\nqapla\xe9\r\n',
      // 4 huge attachment (2 MB > 64 KB limit)
      `From: a4@customer.example\r\nSubject: big\r\nMessage-ID: <m4@x>\r\nContent-Type: multipart/mixed; boundary="b4"\r\n\r\n--b4\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b4\r\nContent-Type: application/octet-stream; name=dump.bin\r\nContent-Disposition: attachment; filename=dump.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n${huge}\r\n--b4--\r\n`,
      // 5 script + tracker HTML
      customerMail({
        from: 'a5@customer.example',
        html: '<p>hi</p><script>alert(1)</script><img src="https://track.example/p.gif" width=1 height=1>',
      }),
      // 6 no sender at all
      'Subject: who am I\r\nMessage-ID: <m6@x>\r\n\r\nanonymous\r\n',
      // 7 a normal mail afterwards still arrives
      customerMail({ from: 'a7@customer.example', subject: 'still working?' }),
    ];
    for (const m of mails) await h.imap.append('INBOX', Buffer.from(m, 'latin1'));
    // 6 stored + the sender-less one as an unreadable-email work item.
    await until(async () => (await inboundCount(h!)) === 7, 15_000);
    // Everything handled is marked \Seen (including the quarantined one), and only after its rows committed.
    await h.imap.mailboxOpen('INBOX');
    const unseen = await until(async () => {
      const r = await h!.imap.search({ seen: false }, { uid: true });
      return r && r.length === 0 ? r : undefined;
    }, 10_000);
    expect(unseen).toEqual([]);
    const stored = await messagesWhere(h);
    const byFrom = new Map(stored.map((m) => [String((emailMeta(m).from as { address: string }).address), m]));

    expect(byFrom.get('a1@customer.example')?.bodyText).toContain('body part');
    const noId = emailMeta(byFrom.get('a2@customer.example'));
    expect(noId.syntheticMessageId).toBe(true);
    expect(noId.warnings).toContain('no Message-ID header');
    expect(emailMeta(byFrom.get('a3@customer.example')).warnings).toEqual(
      expect.arrayContaining([expect.stringContaining('x-klingon-99')]),
    );
    const big = emailMeta(byFrom.get('a4@customer.example'));
    expect(big.attachments).toEqual([
      expect.objectContaining({ filename: 'dump.bin', sha256: null, error: expect.stringContaining('larger than') as unknown }),
    ]);
    expect((big.attachments as Array<{ size: number }>)[0]!.size).toBe(2 * 1024 * 1024);
    const rows = await h.t.hub.store.all<{ error: string | null }>(
      sql`SELECT error FROM attachment WHERE message_id = ${byFrom.get('a4@customer.example')!.id}`,
    );
    expect(rows[0]?.error).toContain('larger than');
    const html = byFrom.get('a5@customer.example')!;
    expect(html.bodyHtml).toContain('<script>alert(1)</script>');
    expect(emailMeta(html).html).toEqual({ unsafe: true, reasons: ['script', 'remote_image'] });
    expect(html.bodyText.startsWith('hi')).toBe(true);
    expect(html.bodyText).not.toContain('alert');
    const rejected = await h.t.hub.store.all<{ uid: number; reason: string }>(sql`SELECT uid, reason FROM email_rejected`);
    expect(rejected).toEqual([{ uid: 6, reason: expect.stringContaining('no sender') as unknown }]);
    const quarantined = stored.find((m) => emailMeta(m).unreadable !== undefined);
    expect(quarantined?.bodyText).toContain('This email could not be read: no sender address');
    expect(emailMeta(quarantined)).toMatchObject({ uid: 6, subject: 'who am I', source: { size: expect.any(Number) as unknown } });
    expect(byFrom.has('a7@customer.example')).toBe(true);
  });
});
