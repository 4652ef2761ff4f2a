import { afterEach, describe, expect, it } from 'vitest';
import type { AuditActor, AuditEntry, AuditTrail } from '../../services/hub/audit';
import { sql } from '../../services/store/sql';
import type { AgentClient } from '../support/agentClient';
import { dovecotUnavailable, freePort, startDovecot, type Dovecot } from '../support/dovecot';
import { customerMail, SUPPORT } from '../support/emailHub';
import { SMTPServer } from 'smtp-server';
import { seed, startTestHub, supportQueue, type TestHub } from '../support/testHub';
import { salesQueue } from '../support/twilioHub';
import { ACCOUNT_SID, AUTH_TOKEN, PUBLIC_URL, SUPPORT_NUMBER, TwilioRestFake, postWebhook, sid, twilioConfig } from '../support/twilioFake';
import { until } from '../support/until';
import { VisitorClient } from '../support/visitorClient';

type Relay = Readonly<{ port: number; received: string[]; stop(): Promise<void> }>;

/** A real smtp-server relay that wants a user name and password (plain, loopback only). */
async function startAuthRelay(): Promise<Relay> {
  const port = await freePort();
  const received: string[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'relay-user' && auth.password === 'relay-secret-1') callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, received, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const skip = dovecotUnavailable();
if (skip) console.warn(`settings email tests skipped: ${skip}`);

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

type Audited = Readonly<{ actor: AuditActor; entry: AuditEntry }>;
let audited: Audited[] = [];
const audit: AuditTrail = {
  async record(actor, entry) {
    audited.push({ actor, entry });
  },
};

async function hub(config: Record<string, unknown> = {}): Promise<TestHub> {
  audited = [];
  const t = await startTestHub(config, { audit });
  cleanups.push(() => t.stop());
  await seed(t, [{ username: 'ann' }, { username: 'sam', role: 'supervisor' }]);
  return t;
}

/** A mail with this subject was committed as a conversation (ann holds an open offer, so later ones only queue). */
const stored = (t: TestHub, subject: string) =>
  until(async () => (await t.hub.store.get<{ id: number }>(sql`SELECT id FROM conversation WHERE subject = ${subject}`))?.id, 10_000);

/** Everything an admin client was sent or answered, as one JSON text (secrets must never be in it). */
const transcript = (client: AgentClient, replies: unknown[]) => JSON.stringify([client.events, replies]);

function emailSection(dovecot: Dovecot, relay: Pick<Relay, 'port'>, password = SUPPORT.password) {
  return {
    mailboxes: [
      {
        id: 'support',
        host: dovecot.host,
        port: dovecot.port,
        secure: false,
        user: SUPPORT.user,
        password,
        address: SUPPORT.user,
        queueId: 'support',
      },
    ],
    smtp: { host: '127.0.0.1', port: relay.port, secure: false, ignoreTLS: true, user: 'relay-user', password: 'relay-secret-1' },
    idleDelayMs: 100,
    reconnect: { minMs: 100, maxMs: 500 },
  };
}

describe.skipIf(skip !== null)('channel settings: email against real dovecot and smtp-server', () => {
  it('saving the email section starts the channel live; a wrong password is reported in words and refused; secrets never travel', async () => {
    const dovecot = await startDovecot([SUPPORT]);
    cleanups.push(() => dovecot.destroy());
    const relay = await startAuthRelay();
    cleanups.push(() => relay.stop());
    const imap = await dovecot.client(SUPPORT);
    cleanups.push(async () => void (await imap.logout().catch(() => undefined)));
    const t = await hub();
    const admin = await t.admin();
    const ann = await t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    const replies: unknown[] = [];

    const before = await admin.ok('settings/get', {});
    replies.push(before);
    expect(before.sections.find((s) => s.section === 'email')).toMatchObject({ source: 'none', running: false, detail: 'Not set up yet' });

    // Saved on screen: validated, tested, stored and started without a restart.
    const saved = await admin.ok('settings/save', { section: 'email', value: emailSection(dovecot, relay) });
    replies.push(saved);
    expect(saved.applied).toBe(true);
    expect(saved.test.ok).toBe(true);
    expect(saved.test.checks.map((c) => c.label)).toEqual([
      'Incoming mail (IMAP) for support@example.com',
      'Mailbox "INBOX"',
      `Outgoing mail (SMTP) via 127.0.0.1:${relay.port}`,
      'Mail to support@example.com',
    ]);
    expect(saved.view).toMatchObject({ source: 'database', running: true, updatedBy: 'admin' });
    const mailbox = (saved.view.value?.mailboxes as Array<Record<string, unknown>>)[0];
    expect(mailbox?.password).toEqual({ set: true });
    expect((saved.view.value?.smtp as Record<string, unknown>).password).toEqual({ set: true });

    await imap.append('INBOX', customerMail({ subject: 'Set up on screen', body: 'Does this arrive?' }));
    const offer = await ann.waitFor('offer/new', (o) => o.subject === 'Set up on screen', 10_000);
    expect(offer).toMatchObject({ channel: 'email', queueId: 'support' });

    // A wrong password: the test says so in words, the save is refused, the running channel keeps going.
    const wrong = emailSection(dovecot, relay, 'not-the-password');
    const tested = await admin.ok('settings/test', { section: 'email', value: wrong });
    replies.push(tested);
    expect(tested.ok).toBe(false);
    expect(tested.checks[0]).toEqual({
      label: 'Incoming mail (IMAP) for support@example.com',
      ok: false,
      detail: 'The IMAP server refused the password for support@example.com',
    });
    const refused = await admin.ok('settings/save', { section: 'email', value: wrong });
    replies.push(refused);
    expect(refused.applied).toBe(false);
    expect(refused.view).toMatchObject({ running: true });
    await imap.append('INBOX', customerMail({ subject: 'Still watched' }));
    await stored(t, 'Still watched');
    const row = await t.hub.store.get<{ value: string }>(sql`SELECT value FROM setting_section WHERE section = 'email'`);
    expect(row?.value).toContain(SUPPORT.password);
    expect(row?.value).not.toContain('not-the-password');

    // The SMTP relay unreachable: said in words, on its own line.
    const closedPort = await freePort();
    const noRelay = await admin.ok('settings/test', { section: 'email', value: emailSection(dovecot, { port: closedPort }) });
    replies.push(noRelay);
    expect(noRelay.checks.find((c) => c.label.startsWith('Outgoing'))).toMatchObject({
      ok: false,
      detail: `Could not reach 127.0.0.1:${closedPort} (connection refused)`,
    });
    expect(noRelay.checks[0]?.ok).toBe(true);
    const badRelayPassword = emailSection(dovecot, relay);
    badRelayPassword.smtp.password = 'not-the-relay-password';
    const refusedByRelay = await admin.ok('settings/test', { section: 'email', value: badRelayPassword });
    replies.push(refusedByRelay);
    expect(refusedByRelay.checks.find((c) => c.label.startsWith('Outgoing'))).toMatchObject({
      ok: false,
      detail: 'The SMTP server refused the user name or password for relay-user',
    });

    // Secrets left blank keep the stored ones; a field changed is applied live.
    const blank = emailSection(dovecot, relay, '');
    blank.mailboxes[0]!.queueId = 'support';
    (blank.smtp as Record<string, unknown>).password = { set: true };
    (blank.mailboxes[0] as Record<string, unknown>).displayName = 'Example Support';
    // An agent's reply queued just before the channel is set up again is sent by the new runtime.
    const conversation = await ann.ok('offer/accept', { offerId: offer.offerId });
    const reply = ann.ok('message/send', { conversationId: conversation.id, bodyText: 'Sent across a reconfiguration' });
    const kept = await admin.ok('settings/save', { section: 'email', value: blank });
    await reply;
    await until(() => relay.received.some((m) => m.includes('Sent across a reconfiguration')), 10_000);
    replies.push(kept);
    expect(kept.applied).toBe(true);
    const row2 = JSON.parse(
      (await t.hub.store.get<{ value: string }>(sql`SELECT value FROM setting_section WHERE section = 'email'`))!.value,
    ) as {
      mailboxes: Array<{ password: string; displayName: string }>;
      smtp: { password: string };
    };
    expect(row2.mailboxes[0]).toMatchObject({ password: SUPPORT.password, displayName: 'Example Support' });
    expect(row2.smtp.password).toBe('relay-secret-1');
    await imap.append('INBOX', customerMail({ subject: 'After the second save' }));
    await stored(t, 'After the second save');

    // Stored in the hub database: a restart comes back with the channel on.
    await t.restart();
    const admin2 = await t.admin();
    const ann2 = await t.connect('ann', 'ann-password');
    const afterRestart = await admin2.ok('settings/get', {});
    replies.push(afterRestart);
    expect(afterRestart.sections.find((s) => s.section === 'email')).toMatchObject({ source: 'database', running: true });
    await imap.append('INBOX', customerMail({ subject: 'After a restart' }));
    await stored(t, 'After a restart');

    // Every applied save is audited with the key paths it changed, never a value of a secret.
    const saves = audited.filter((a) => a.entry.action === 'settings.email.updated');
    expect(saves).toHaveLength(2);
    expect(saves[0]?.actor).toMatchObject({ kind: 'agent' });
    expect(saves[0]?.entry.detail?.changed).toEqual(expect.arrayContaining(['mailboxes', 'smtp']));
    expect(saves[1]?.entry.detail?.changed).toEqual(['mailboxes.0.displayName']);
    expect(JSON.stringify(audited)).not.toContain(SUPPORT.password);
    for (const text of [transcript(admin, replies), transcript(admin2, []), JSON.stringify(ann.events), JSON.stringify(ann2.events)]) {
      expect(text).not.toContain(SUPPORT.password);
      expect(text).not.toContain('relay-secret-1');
      expect(text).not.toContain('not-the-password');
      expect(text).not.toContain('not-the-relay-password');
    }
  });

  it('force applies a section whose test fails: the channel then shows as failing', { timeout: 60_000 }, async () => {
    const dovecot = await startDovecot([SUPPORT]);
    cleanups.push(() => dovecot.destroy());
    const relay = await startAuthRelay();
    cleanups.push(() => relay.stop());
    const t = await hub();
    const admin = await t.admin();
    const saved = await admin.ok('settings/save', { section: 'email', value: emailSection(dovecot, relay, 'wrong-password'), force: true });
    expect(saved).toMatchObject({ applied: true, test: { ok: false } });
    const status = await admin.ok('email/status', {});
    expect(status.enabled).toBe(true);
    // dovecot delays repeated failures from one address (its auth penalty): the test's own try counts.
    const mailbox = await until(
      async () => {
        const s = await admin.ok('email/status', {});
        return s.mailboxes[0]?.state === 'auth_failed' ? s.mailboxes[0] : undefined;
      },
      25_000,
      100,
    );
    expect(mailbox.detail).toContain('authentication failed for support@example.com');
    const view = (await admin.ok('settings/get', {})).sections.find((s) => s.section === 'email');
    expect(view).toMatchObject({ source: 'database', running: true });
  });
});

describe('channel settings: who may, and what is refused', () => {
  it('refuses agents and supervisors, bad input field by field, and unknown sections', async () => {
    const t = await hub();
    const ann = await t.connect('ann', 'ann-password');
    const sam = await t.connect('sam', 'sam-password');
    for (const client of [ann, sam]) {
      expect(await client.command('settings/get', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await client.command('settings/save', { section: 'webchat', value: {} })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    const admin = await t.admin();
    const bad = await admin.command('settings/save', {
      section: 'email',
      value: { mailboxes: [{ id: 'Support!', host: '', user: 'x', address: 'not-an-address', queueId: 'support' }], smtp: { host: 'h' } },
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('invalid_input');
    const paths = (bad.error.issues ?? []).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['mailboxes.0.id', 'mailboxes.0.host', 'mailboxes.0.password', 'mailboxes.0.address']));
    expect(await admin.command('settings/save', { section: 'fax' as never, value: {} })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(
      await admin.command('settings/save', { section: 'webchat', value: { allowedOrigins: ['shop.example.com/path'] } }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: 'allowedOrigins.0' }] },
    });
    // Nothing was stored by any refused save.
    expect(await t.hub.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM setting_section`)).toEqual({ n: 0 });
  });
});

describe('channel settings: Twilio and web chat', () => {
  it('Twilio: the account is fetched through the REST client, a wrong token is said in words, webhooks work once saved', async () => {
    const fake = await TwilioRestFake.start();
    cleanups.push(() => fake.stop());
    const t = await startTestHub({ publicUrl: PUBLIC_URL });
    cleanups.push(() => t.stop());
    await seed(t, [{ username: 'ann' }], [supportQueue, salesQueue]);
    const admin = await t.admin();
    const ann = await t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    const section = twilioConfig(fake.url, { apiKey: undefined, apiSecret: undefined, twimlAppSid: undefined });
    delete section.apiKey;
    delete section.apiSecret;
    delete section.twimlAppSid;

    // Off: the webhook scope answers 404 in words, nothing stored.
    const before = await postWebhook(t.hub.url, '/twilio/sms/inbound', { From: '+15557654321', To: SUPPORT_NUMBER, Body: 'hi' });
    expect(before.status).toBe(404);

    const wrong = await admin.ok('settings/test', { section: 'twilio', value: { ...section, authToken: 'wrong-token-0123456789abcdef' } });
    expect(wrong.checks[0]).toEqual({
      label: `Twilio account ${ACCOUNT_SID}`,
      ok: false,
      detail: 'Twilio refused the account SID and auth token',
    });
    const saved = await admin.ok('settings/save', { section: 'twilio', value: section });
    expect(saved.test.checks.map((c) => [c.ok, c.detail])).toEqual([
      [true, 'Signed in to "Test account"'],
      [true, 'SMS and calls go to the queue "Support"'],
      [true, 'Calls go to the queue "Sales"'],
      [true, `Point each number's webhooks at ${PUBLIC_URL}/twilio/sms/inbound and ${PUBLIC_URL}/twilio/voice/incoming`],
    ]);
    expect(saved).toMatchObject({ applied: true, view: { running: true, value: { authToken: { set: true } } } });
    expect(fake.find('GET', /\/Accounts\/AC[0-9a-f]+\.json$/).length).toBeGreaterThanOrEqual(2);

    const res = await postWebhook(t.hub.url, '/twilio/sms/inbound', {
      AccountSid: ACCOUNT_SID,
      MessageSid: sid('SM'),
      From: '+15557654321',
      To: SUPPORT_NUMBER,
      Body: 'Configured on screen',
      NumMedia: '0',
    });
    expect(res.status).toBe(200);
    await ann.waitFor('offer/new', (o) => o.channel === 'sms' && o.preview === 'Configured on screen');
    expect(JSON.stringify([admin.events, saved, wrong])).not.toContain(AUTH_TOKEN);
  });

  it('web chat: saved with allowed origins, the snippet carries the public URL, other websites are refused', async () => {
    const t = await hub({ publicUrl: 'https://hub.example.com/' });
    const admin = await t.admin();
    const ann = await t.connect('ann', 'ann-password');
    expect((await fetch(`${t.hub.url}/chat`)).status).toBe(404);
    const saved = await admin.ok('settings/save', {
      section: 'webchat',
      value: { queueId: 'support', allowedOrigins: ['https://Shop.Example.com'], title: 'Talk to Example' },
    });
    expect(saved.applied).toBe(true);
    expect(saved.test.snippet).toBe(
      '<script src="https://hub.example.com/widget.js" data-queue="support" data-title="Talk to Example" async></script>',
    );
    expect((await fetch(`${t.hub.url}/chat`)).status).toBe(200);

    const allowed = await VisitorClient.connect(t.hub.url, { headers: { origin: 'https://shop.example.com' } });
    cleanups.push(async () => allowed.close());
    expect((await allowed.ok('chat/availability', { queueId: 'support' })).open).toBeTypeOf('boolean');
    await expect(VisitorClient.connect(t.hub.url, { headers: { origin: 'https://elsewhere.example' } })).rejects.toThrow(
      /origin_not_allowed/,
    );

    // Pre-chat fields: an email the admin made required is asked for, in words.
    await admin.ok('settings/save', {
      section: 'webchat',
      value: { queueId: 'support', allowedOrigins: ['https://shop.example.com'], preChat: { email: 'required', phone: 'off' } },
    });
    const asked = await VisitorClient.connect(t.hub.url, { headers: { origin: 'https://shop.example.com' } });
    cleanups.push(async () => asked.close());
    expect((await asked.ok('chat/availability', { queueId: 'support' })).preChat).toEqual({
      name: 'optional',
      email: 'required',
      phone: 'off',
    });
    await ann.ok('presence/set', { presence: 'available' });
    expect(await asked.command('chat/start', { queueId: 'support', name: 'Vic' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'please give your email address' },
    });
    const started = await asked.ok('chat/start', { queueId: 'support', name: 'Vic', email: 'vic@example.com', phone: '+15551234567' });
    expect(started.email).toBe('vic@example.com');

    // Saved again with any website allowed: applied live, the refused site now gets in.
    await admin.ok('settings/save', { section: 'webchat', value: { queueId: 'support' } });
    const now = await VisitorClient.connect(t.hub.url, { headers: { origin: 'https://elsewhere.example' } });
    cleanups.push(async () => now.close());
    expect((await now.ok('chat/availability', { queueId: 'support' })).open).toBeTypeOf('boolean');
  });
});
