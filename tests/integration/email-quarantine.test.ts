import { afterEach, describe, expect, it } from 'vitest';
import { sql } from '../../services/store/sql';
import { Store } from '../../services/store/store';
import { dovecotUnavailable } from '../support/dovecot';
import { customerMail, startEmailHarness, type EmailHarness } from '../support/emailHub';
import { poisonMail } from '../support/hostileMail';
import { until } from '../support/until';
import { allMigrations } from '../../services/server/migrations';

const skip = dovecotUnavailable();
if (skip) console.warn(`email quarantine tests skipped: ${skip}`);

let h: EmailHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

type Row = { id: number; conversation_id: number; body_text: string; meta: string; subject: string | null };

async function inbound(harness: EmailHarness): Promise<Array<Row & { email: Record<string, unknown> }>> {
  const rows = await harness.t.hub.store.all<Row>(sql`
    SELECT m.id, m.conversation_id, m.body_text, m.meta, c.subject FROM message m JOIN conversation c ON c.id = m.conversation_id
    WHERE m.direction = 'in' ORDER BY m.id`);
  return rows.map((r) => ({ ...r, email: (JSON.parse(r.meta) as { email: Record<string, unknown> }).email }));
}

async function allSeen(harness: EmailHarness): Promise<void> {
  await harness.imap.mailboxOpen('INBOX');
  await until(async () => {
    const r = await harness.imap.search({ seen: false }, { uid: true });
    return r && r.length === 0;
  }, 10_000);
}

/** The poison mail's work item: in the queue, says why, and its raw source downloads for a signed-in agent only. */
async function expectQuarantined(harness: EmailHarness, raw: string): Promise<void> {
  const rows = await inbound(harness);
  const item = rows.find((r) => r.email.unreadable !== undefined);
  expect(item).toBeDefined();
  expect(item!.subject).toBe('Unreadable email: a poison mail');
  expect(item!.body_text).toContain('This email could not be read: MIME: Max allowed child nodes exceeded');
  expect(item!.email).toMatchObject({
    from: { address: 'mallory@evil.example' },
    unreadable: { reason: expect.stringContaining('child nodes') as unknown },
  });
  const rejected = await harness.t.hub.store.all<{ reason: string }>(sql`SELECT reason FROM email_rejected`);
  expect(rejected).toEqual([{ reason: expect.stringContaining('quarantined as an unreadable email') as unknown }]);
  const conversation = await harness.t.hub.store.get<{ queue_id: string; state: string; channel: string }>(
    sql`SELECT queue_id, state, channel FROM conversation WHERE id = ${item!.conversation_id}`,
  );
  expect(conversation).toMatchObject({ queue_id: 'support', channel: 'email' });
  expect(['queued', 'offered']).toContain(conversation!.state);

  const url = `${harness.t.hub.url}/api/email/messages/${item!.id}/source`;
  expect((await fetch(url)).status).toBe(401);
  expect((await fetch(url, { headers: { authorization: 'Bearer not-a-real-session-token' } })).status).toBe(401);
  const token = await harness.t.login('ann', 'ann-password');
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toContain('attachment');
  expect(res.headers.get('content-type')).toBe('application/octet-stream');
  // dovecot stores the message as appended: the download is the original, byte for byte.
  expect(Buffer.from(await res.arrayBuffer()).toString('latin1')).toBe(raw);
  const normal = rows.find((r) => r.email.unreadable === undefined);
  expect(
    (await fetch(`${harness.t.hub.url}/api/email/messages/${normal!.id}/source`, { headers: { authorization: `Bearer ${token}` } })).status,
  ).toBe(404);
}

describe.skipIf(skip !== null)('email quarantine: a mail that cannot be read never stops intake', () => {
  it('a mail over the MIME part limit is quarantined and the two normal mails after it arrive within seconds; the hub keeps running', async () => {
    h = await startEmailHarness();
    const harness = h;
    const raw = poisonMail();
    await harness.imap.append('INBOX', raw);
    await harness.imap.append('INBOX', customerMail({ from: 'one@customer.example', subject: 'first normal' }));
    await harness.imap.append('INBOX', customerMail({ from: 'two@customer.example', subject: 'second normal' }));

    await until(async () => ((await inbound(harness)).length === 3 ? true : undefined), 5000, 50);
    const subjects = (await inbound(harness)).map((r) => r.subject);
    expect(subjects.sort()).toEqual(['Unreadable email: a poison mail', 'first normal', 'second normal'].sort());
    // An email rep who becomes available is offered the unreadable email like any other work item.
    const ann = await harness.t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    const offer = await ann.waitFor('offer/new', () => true, 5000);
    expect(offer).toMatchObject({ channel: 'email', queueId: 'support' });
    await allSeen(harness);
    await expectQuarantined(harness, raw);
    expect((await fetch(`${harness.t.hub.url}/api/health`)).status).toBe(200);
    const position = await harness.t.hub.store.get<{ last_uid: number }>(sql`SELECT last_uid FROM email_mailbox_state`);
    expect(position?.last_uid).toBe(3);
  });

  it('after a restart with the poison mail still unseen, it is quarantined once and the mail behind it arrives', async () => {
    h = await startEmailHarness();
    const harness = h;
    await harness.t.hub.stop();
    const raw = poisonMail();
    await harness.imap.append('INBOX', raw);
    await harness.imap.append('INBOX', customerMail({ from: 'one@customer.example', subject: 'first normal' }));
    await harness.imap.append('INBOX', customerMail({ from: 'two@customer.example', subject: 'second normal' }));
    await harness.t.restart();

    await until(async () => ((await inbound(harness)).length === 3 ? true : undefined), 5000, 50);
    await allSeen(harness);
    await expectQuarantined(harness, raw);

    // A replay of the same UID (crash before \Seen) finds the same work item: nothing twice.
    await harness.t.hub.stop();
    await harness.imap.messageFlagsRemove('1', ['\\Seen'], { uid: true });
    const store = await Store.open({ migrations: allMigrations, file: harness.t.dbFile });
    await store.write((tx) => tx.run(sql`DELETE FROM email_mailbox_state`));
    await store.close();
    await harness.t.restart();
    await allSeen(harness);
    expect((await inbound(harness)).length).toBe(3);
  });

  it('HTML built to make pattern matching backtrack (tags that never close) is stored at once and the hub stays responsive', async () => {
    h = await startEmailHarness({ maxAttachmentBytes: 4 * 1024 * 1024 });
    const harness = h;
    // Each of these took the HTML checks or the text rendering quadratic time: ~1 minute for 300 kB.
    const hostile = ['<a '.repeat(100_000), '<img '.repeat(60_000), `<script>${'</script'.repeat(40_000)}`, '<'.repeat(300_000)];
    for (const [i, html] of hostile.entries()) await harness.imap.append('INBOX', customerMail({ from: `h${i}@customer.example`, html }));
    await harness.imap.append('INBOX', customerMail({ from: 'after@customer.example', subject: 'after the hostile HTML' }));
    await until(async () => ((await inbound(harness)).length === hostile.length + 1 ? true : undefined), 10_000, 50);
    const sam = await harness.t.connect('sam', 'sam-password');
    expect((await sam.ok('email/status', {})).enabled).toBe(true);
  });
});
