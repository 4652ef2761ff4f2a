import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../../services/contracts';
import { sql } from '../../services/store/sql';
import { Store } from '../../services/store/store';
import type { AgentClient } from '../support/agentClient';
import { dovecotUnavailable } from '../support/dovecot';
import { customerMail, messageIdOf, startEmailHarness, type EmailHarness } from '../support/emailHub';
import { until } from '../support/until';
import { allMigrations } from '../../services/server/migrations';

const skip = dovecotUnavailable();
if (skip) console.warn(`email outbound tests skipped: ${skip}`);

let h: EmailHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Delivers `raw` over IMAP and has ann accept the resulting offer. */
async function acceptedConversation(harness: EmailHarness, raw: string): Promise<{ ann: AgentClient; conversation: Conversation }> {
  const ann = await harness.t.connect('ann', 'ann-password');
  await ann.ok('presence/set', { presence: 'available' });
  await harness.imap.append('INBOX', raw);
  const offer = await ann.waitFor('offer/new', () => true, 10_000);
  return { ann, conversation: await ann.ok('offer/accept', { offerId: offer.offerId }) };
}

async function outboxRows(
  harness: EmailHarness,
): Promise<Array<{ state: string; attempts: number; message_id: string; last_error: string | null }>> {
  return harness.t.hub.store.all(sql`SELECT state, attempts, message_id, last_error FROM email_outbox ORDER BY id`);
}

const addrs = (v: unknown): string[] => {
  const list = (Array.isArray(v) ? v : v ? [v] : []) as Array<{ value: Array<{ address: string }> }>;
  return list.flatMap((o) => o.value.map((a) => a.address));
};

describe.skipIf(skip !== null)('email outbound: durable outbox over a real smtp-server relay', () => {
  it('reply: threading headers, subject token, quoting, text + HTML; Message-ID recorded; status sent', async () => {
    h = await startEmailHarness({}, { plusAddressing: true });
    const original = customerMail({
      subject: 'Lost parcel',
      body: 'Where is my parcel?\nIt was due Monday.',
      extra: 'References: <older@customer.example>',
    });
    const { ann, conversation } = await acceptedConversation(h, original);
    const sent = await ann.ok('email/send', { conversationId: conversation.id, mode: 'reply', bodyText: 'It is on its way.' });
    expect(sent.state).toBe('queued');
    const [mail] = await h.relay.waitFor(1);
    const p = mail!.parsed;
    expect(p.subject).toBe(`Re: Lost parcel [#SB-${conversation.id}]`);
    expect(p.inReplyTo).toBe(`<${messageIdOf(original)}>`);
    expect(p.references).toEqual(['<older@customer.example>', `<${messageIdOf(original)}>`]);
    expect(addrs(p.to)).toEqual(['carol@customer.example']);
    expect(addrs(p.from)).toEqual(['support@example.com']);
    expect(addrs(p.replyTo)).toEqual([`support+sb${conversation.id}@example.com`]);
    expect(p.text).toContain('It is on its way.');
    expect(p.text).toMatch(/wrote:\n> Where is my parcel\?\n> It was due Monday\./);
    expect(p.html).toContain('<blockquote type="cite"');
    expect(mail!.recipients).toEqual(['carol@customer.example']);

    const done = await ann.waitFor('message/new', (m) => m.id === sent.message.id && m.status === 'sent');
    expect((done.meta.email as { messageId: string }).messageId).toBe(p.messageId?.replace(/[<>]/g, ''));
    expect(await outboxRows(h)).toEqual([expect.objectContaining({ state: 'sent', attempts: 1 })]);
  });

  it('reply-all keeps To/Cc, drops our own address (and its +tags); bcc only in the envelope', async () => {
    h = await startEmailHarness();
    const original = customerMail({
      to: 'Support <SUPPORT@example.com>, colleague@customer.example',
      cc: 'boss@customer.example, support+sb99@example.com, carol@customer.example',
    });
    const { ann, conversation } = await acceptedConversation(h, original);
    await ann.ok('email/send', {
      conversationId: conversation.id,
      mode: 'replyAll',
      bodyText: 'Adding everyone.',
      bcc: ['audit@example.com'],
    });
    const [mail] = await h.relay.waitFor(1);
    expect(addrs(mail!.parsed.to)).toEqual(['carol@customer.example', 'colleague@customer.example']);
    expect(addrs(mail!.parsed.cc)).toEqual(['boss@customer.example']);
    expect(mail!.parsed.bcc).toBeUndefined();
    expect(mail!.raw.toString()).not.toContain('audit@example.com');
    expect(mail!.recipients.sort()).toEqual([
      'audit@example.com',
      'boss@customer.example',
      'carol@customer.example',
      'colleague@customer.example',
    ]);
  });

  it('forward carries the original attachments and the composer attachment; no threading headers', async () => {
    h = await startEmailHarness();
    const pdf = Buffer.from('%PDF-1.4 fake invoice').toString('base64');
    const original = `From: carol@customer.example\r\nTo: support@example.com\r\nSubject: Invoice\r\nMessage-ID: <inv-1@customer.example>\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nInvoice attached.\r\n--b\r\nContent-Type: application/pdf; name=invoice.pdf\r\nContent-Disposition: attachment; filename=invoice.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n${pdf}\r\n--b--\r\n`;
    const { ann, conversation } = await acceptedConversation(h, original);
    await ann.ok('email/send', {
      conversationId: conversation.id,
      mode: 'forward',
      to: ['billing@example.com'],
      bodyText: 'Please check this invoice.',
      attachments: [{ filename: 'note.txt', contentType: 'text/plain', contentBase64: Buffer.from('agent note').toString('base64') }],
    });
    const [mail] = await h.relay.waitFor(1);
    const p = mail!.parsed;
    expect(p.subject).toBe(`Fwd: Invoice [#SB-${conversation.id}]`);
    expect(p.inReplyTo).toBeUndefined();
    expect(p.text).toContain('---------- Forwarded message ----------');
    expect(p.text).toContain('Invoice attached.');
    expect(p.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([
      ['note.txt', 'agent note'],
      ['invoice.pdf', '%PDF-1.4 fake invoice'],
    ]);
    const bad = await ann.command('email/send', { conversationId: conversation.id, mode: 'forward', bodyText: 'x' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('plain message/send on an email conversation is sent as a reply through the outbox', async () => {
    h = await startEmailHarness();
    const original = customerMail({ subject: 'Quick one' });
    const { ann, conversation } = await acceptedConversation(h, original);
    const message = await ann.ok('message/send', { conversationId: conversation.id, bodyText: 'Quick answer.' });
    const [mail] = await h.relay.waitFor(1);
    expect(mail!.parsed.subject).toBe(`Re: Quick one [#SB-${conversation.id}]`);
    expect(mail!.parsed.inReplyTo).toBe(`<${messageIdOf(original)}>`);
    await ann.waitFor('message/new', (m) => m.id === message.id && m.status === 'sent');
  });

  it('relay down: retries with backoff, delivered exactly once when it comes back', async () => {
    h = await startEmailHarness();
    const { ann, conversation } = await acceptedConversation(h, customerMail());
    await h.relay.stop();
    const sent = await ann.ok('email/send', { conversationId: conversation.id, mode: 'reply', bodyText: 'Persistent.' });
    const harness = h;
    await until(async () => ((await outboxRows(harness))[0]?.attempts ?? 0) >= 2, 10_000);
    const sam = await h.t.connect('sam', 'sam-password');
    const status = await sam.ok('email/status', {});
    expect(status.smtp.ok).toBe(false);
    expect(status.smtp.detail).toContain('relay unavailable');
    await h.relay.start();
    await ann.waitFor('message/new', (m) => m.id === sent.message.id && m.status === 'sent', 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(h.relay.received).toHaveLength(1);
    expect((await outboxRows(h))[0]).toMatchObject({ state: 'sent' });
  });

  it('a permanent 5xx marks the mail failed with the error; email/retry sends it', async () => {
    h = await startEmailHarness();
    const { ann, conversation } = await acceptedConversation(h, customerMail());
    h.relay.failNext(1, 550, 'mailbox unavailable');
    const sent = await ann.ok('email/send', { conversationId: conversation.id, mode: 'reply', bodyText: 'Try this.' });
    const failed = await ann.waitFor('message/new', (m) => m.id === sent.message.id && m.status === 'failed', 10_000);
    expect(String((failed.meta.email as { error: string }).error)).toContain('550');
    expect(await ann.ok('email/retry', { messageId: sent.message.id })).toEqual({ state: 'queued' });
    await ann.waitFor('message/new', (m) => m.id === sent.message.id && m.status === 'sent', 10_000);
    expect(h.relay.received).toHaveLength(1);
  });

  it('exactly once across hub restarts: queued and interrupted-mid-send rows are each delivered once', async () => {
    h = await startEmailHarness();
    const harness = h;
    const { ann, conversation } = await acceptedConversation(h, customerMail());
    await h.relay.stop();
    await ann.ok('email/send', { conversationId: conversation.id, mode: 'reply', bodyText: 'First.' });
    await ann.ok('email/send', { conversationId: conversation.id, mode: 'reply', bodyText: 'Second.' });
    await until(async () => (await outboxRows(harness)).every((r) => r.attempts >= 1), 10_000);
    await h.t.hub.stop();
    // The second row as if the hub died while talking to the relay.
    const store = await Store.open({ migrations: allMigrations, file: h.t.dbFile });
    await store.write((tx) => tx.run(sql`UPDATE email_outbox SET state = 'sending' WHERE id = 2`));
    await store.close();
    await h.relay.start();
    await h.t.restart();
    await h.relay.waitFor(2, 10_000);
    await until(async () => (await outboxRows(harness)).every((r) => r.state === 'sent'), 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(h.relay.received.map((m) => m.parsed.text?.split('\n')[0]).sort()).toEqual(['First.', 'Second.']);
    const ids = (await outboxRows(h)).map((r) => `<${r.message_id}>`);
    expect(h.relay.received.map((m) => m.parsed.messageId).sort()).toEqual(ids.sort());
  });

  it('appends the sent mail to the Sent folder when configured', async () => {
    h = await startEmailHarness({}, { sentFolder: 'Sent' });
    const { ann, conversation } = await acceptedConversation(h, customerMail({ subject: 'Copy me' }));
    await ann.ok('email/send', { conversationId: conversation.id, mode: 'reply', bodyText: 'Filed.' });
    const [mail] = await h.relay.waitFor(1);
    const harness = h;
    const copy = await until(async () => {
      const s = await harness.imap.status('Sent', { messages: true });
      return s && (s.messages ?? 0) > 0 ? s : undefined;
    }, 10_000);
    expect(copy.messages).toBe(1);
    await h.imap.mailboxOpen('Sent');
    const fetched = await h.imap.fetchOne('1', { envelope: true, flags: true }, { uid: true });
    expect(fetched && fetched.envelope?.messageId).toBe(mail!.parsed.messageId);
    expect(fetched && fetched.flags?.has('\\Seen')).toBe(true);
  });
});
