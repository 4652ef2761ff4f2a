import { afterEach, describe, expect, it } from 'vitest';
import { defaultAckSettings, type AckSettings } from '../../services/contracts';
import { sql } from '../../services/store/sql';
import { dovecotUnavailable } from '../support/dovecot';
import { customerMail, messageIdOf, startEmailHarness, type EmailHarness } from '../support/emailHub';
import { until } from '../support/until';

const skip = dovecotUnavailable();
if (skip) console.warn(`email acknowledgement tests skipped: ${skip}`);

let h: EmailHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const settings = (over: Partial<AckSettings['email']> = {}, perAddressMinutes = 60): AckSettings => ({
  ...defaultAckSettings,
  email: {
    enabled: true,
    open: 'We have your message {{reference}}; {{queue.name}} replies {{expectedReply}}.',
    closed: 'Closed; {{queue.name}} replies {{expectedReply}}.',
    ...over,
  },
  perAddressMinutes,
});

async function harness(s: AckSettings = settings()): Promise<EmailHarness> {
  const harness = await startEmailHarness();
  const admin = await harness.t.admin();
  await admin.ok('admin/queueAckSet', { queueId: 'support', settings: s });
  admin.close();
  return harness;
}

const ackRows = (x: EmailHarness) =>
  x.t.hub.store.all<{ state: string; reason: string | null }>(sql`SELECT state, reason FROM acknowledgement ORDER BY inbound_message_id`);
const inbound = async (x: EmailHarness) =>
  (await x.t.hub.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM message WHERE direction = 'in'`))!.n;
const settle = (ms = 400) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip !== null)('email acknowledgements: real dovecot and SMTP relay', () => {
  it('answers the first mail once, threaded, Auto-Submitted, and shows it to the agent; not the rest of the thread', async () => {
    h = await harness();
    const raw = customerMail({ subject: 'Broken kettle' });
    await h.imap.append('INBOX', raw);
    const [mail] = await h.relay.waitFor(1, 10_000);
    const conv = await h.t.hub.store.get<{ id: number; first_response_at: number | null }>(
      sql`SELECT id, first_response_at FROM conversation`,
    );
    expect(mail!.recipients).toEqual(['carol@customer.example']);
    expect(mail!.parsed.subject).toBe(`Re: Broken kettle [#SB-${conv!.id}]`);
    expect(mail!.parsed.inReplyTo).toBe(`<${messageIdOf(raw)}>`);
    expect(mail!.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(mail!.parsed.text?.trim()).toBe(`We have your message SB-${conv!.id}; Support replies within 1 minute.`);
    // Not an answer: the SLA clock keeps running.
    expect(conv!.first_response_at).toBeNull();
    const out = await h.t.hub.store.get<{ meta: string; status: string }>(sql`SELECT meta, status FROM message WHERE direction = 'out'`);
    expect(JSON.parse(out!.meta)).toMatchObject({ acknowledgement: true });
    await until(async () =>
      (await h!.t.hub.store.get<{ status: string }>(sql`SELECT status FROM message WHERE direction = 'out'`))!.status === 'sent'
        ? true
        : undefined,
    );

    // The customer's follow-up on the thread (and a replay of the first mail) get nothing more.
    await h.imap.append('INBOX', customerMail({ subject: 'Re: Broken kettle', extra: `In-Reply-To: <${messageIdOf(raw)}>` }));
    await h.imap.append('INBOX', raw);
    await until(async () => ((await inbound(h!)) === 2 ? true : undefined), 10_000);
    await settle();
    expect(h.relay.received).toHaveLength(1);

    // A restart resends nothing.
    await h.t.restart();
    await settle(800);
    expect(h.relay.received).toHaveLength(1);
    expect((await ackRows(h)).map((a) => a.state)).toEqual(['queued']);
  });

  it('while closed, uses the closed wording with the reply time counted in open hours', async () => {
    h = await harness();
    // Open only on the weekday two days from now, 09:00-17:00 UTC: closed now, whatever the time.
    const day = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][(new Date().getUTCDay() + 2) % 7]!;
    const admin = await h.t.admin();
    await admin.ok('admin/queueUpsert', {
      id: 'support',
      name: 'Support',
      channels: ['voice', 'sms', 'email', 'chat'],
      skills: {},
      slaSeconds: 1800,
      priority: 0,
      hours: { timeZone: 'UTC', weekly: { [day]: [{ from: '09:00', to: '17:00' }] } },
    });
    admin.close();
    await h.imap.append('INBOX', customerMail({ subject: 'Weekend question' }));
    const [mail] = await h.relay.waitFor(1, 10_000);
    const label = day.charAt(0).toUpperCase() + day.slice(1);
    expect(mail!.parsed.text?.trim()).toBe(`Closed; Support replies by ${label} 09:30.`);
  });

  it('does not answer auto-replies, bulk mail, bounces or our own mailbox', async () => {
    h = await harness();
    await h.imap.append(
      'INBOX',
      customerMail({ from: 'Bob <bob@customer.example>', subject: 'Out of office', extra: 'Auto-Submitted: auto-replied' }),
    );
    await h.imap.append('INBOX', customerMail({ from: 'News <news@shop.example>', subject: 'Deals', extra: 'Precedence: bulk' }));
    await h.imap.append('INBOX', customerMail({ from: 'MAILER-DAEMON@mx.example', subject: 'Undelivered Mail Returned to Sender' }));
    await h.imap.append('INBOX', customerMail({ from: 'Support <support@example.com>', subject: 'Note to self' }));
    await until(async () => ((await ackRows(h!)).length === 4 ? true : undefined), 10_000);
    await settle();
    expect(h.relay.received).toHaveLength(0);
    expect((await ackRows(h)).map((a) => a.reason).sort()).toEqual([
      'automatic or bulk mail (Auto-Submitted: auto-replied)',
      'automatic or bulk mail (Precedence: bulk)',
      'automatic or bulk mail (sender mailer-daemon)',
      'sent from one of our own mailboxes',
    ]);
  });

  it('rate-limits per address, and the queue switch turns it off', async () => {
    h = await harness(settings({}, 30));
    await h.imap.append('INBOX', customerMail({ subject: 'First' }));
    await h.imap.append('INBOX', customerMail({ subject: 'Second, a new conversation' }));
    await until(async () => ((await ackRows(h!)).length === 2 ? true : undefined), 10_000);
    await h.relay.waitFor(1, 10_000);
    expect((await ackRows(h))[1]).toMatchObject({ state: 'skipped', reason: 'this address was acknowledged less than 30 minutes ago' });

    const admin = await h.t.admin();
    await admin.ok('admin/queueAckSet', { queueId: 'support', settings: settings({ enabled: false }) });
    await h.imap.append('INBOX', customerMail({ from: 'Dan <dan@customer.example>', subject: 'Third' }));
    await until(async () => ((await inbound(h!)) === 3 ? true : undefined), 10_000);
    await settle();
    expect(h.relay.received).toHaveLength(1);
    expect(await ackRows(h)).toHaveLength(2);
  });
});
