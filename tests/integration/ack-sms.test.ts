import { describe, expect, it } from 'vitest';
import { defaultAckSettings, type AckSettings, type BusinessHoursInput } from '../../services/contracts';
import { sql } from '../../services/store/sql';
import type { TestHub } from '../support/testHub';
import { twilioHubs } from '../support/twilioHub';
import type { TwilioRestFake } from '../support/twilioFake';
import { until } from '../support/until';
import { ACCOUNT_SID, SUPPORT_NUMBER, postWebhook, sid } from '../support/twilioFake';

const CUSTOMER = '+15557654321';
const startHub = twilioHubs();

const on = (over: Partial<AckSettings> = {}): AckSettings => ({
  ...defaultAckSettings,
  sms: {
    enabled: true,
    open: 'Got it ({{reference}}). {{queue.name}} replies {{expectedReply}}.',
    closed: 'Closed now. {{queue.name}} replies {{expectedReply}}.',
  },
  ...over,
});

async function setup(settings: AckSettings = on()) {
  const { t, fake } = await startHub([{ username: 'ann' }]);
  const admin = await t.admin();
  await admin.ok('admin/queueAckSet', { queueId: 'support', settings });
  return { t, fake, admin };
}

function sms(over: Record<string, string> = {}): Record<string, string> {
  return {
    MessageSid: sid('SM'),
    AccountSid: ACCOUNT_SID,
    From: CUSTOMER,
    To: SUPPORT_NUMBER,
    Body: 'Where is my parcel?',
    NumMedia: '0',
    ...over,
  };
}

const sent = (fake: TwilioRestFake) => fake.find('POST', /\/Messages\.json$/);

async function acks(t: TestHub) {
  return t.hub.store.all<{ state: string; reason: string | null; out_message_id: number | null }>(
    sql`SELECT state, reason, out_message_id FROM acknowledgement ORDER BY inbound_message_id`,
  );
}

/** Lets the ack worker run on whatever was committed (a later check for "nothing sent" must not race it). */
const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

describe('SMS acknowledgements', () => {
  it('acknowledges the first SMS of a conversation once, with the expected time, stored as an outbound message', async () => {
    const { t, fake } = await setup();
    const first = sms();
    expect((await postWebhook(t.hub.url, '/twilio/sms/inbound', first)).status).toBe(200);
    const [create] = await until(() => (sent(fake).length === 1 ? sent(fake) : undefined));
    expect(create!.form).toMatchObject({ To: CUSTOMER, From: SUPPORT_NUMBER });
    // supportQueue: always open, 60 s target.
    expect(create!.form.Body).toMatch(/^Got it \(SB-\d+\)\. Support replies within 1 minute\.$/);

    // A retry of the same webhook and a second message of the thread: no further acknowledgement.
    expect((await postWebhook(t.hub.url, '/twilio/sms/inbound', first)).status).toBe(200);
    expect((await postWebhook(t.hub.url, '/twilio/sms/inbound', sms({ Body: 'Hello?' }))).status).toBe(200);
    await settle();
    expect(sent(fake)).toHaveLength(1);

    // The agent sees it: an outbound message marked as the acknowledgement, by no agent, SLA clock still running.
    const out = await t.hub.store.get<{ meta: string; author_agent_id: number | null; body_text: string }>(
      sql`SELECT meta, author_agent_id, body_text FROM message WHERE direction = 'out'`,
    );
    expect(JSON.parse(out!.meta)).toMatchObject({ acknowledgement: true });
    expect(out!.author_agent_id).toBeNull();
    expect(out!.body_text).toBe(create!.form.Body);
    const conv = await t.hub.store.get<{ first_response_at: number | null }>(sql`SELECT first_response_at FROM conversation`);
    expect(conv!.first_response_at).toBeNull();

    // A restart neither re-decides nor re-sends; a retry after the restart neither.
    await t.restart();
    expect((await postWebhook(t.hub.url, '/twilio/sms/inbound', first)).status).toBe(200);
    await settle();
    expect(sent(fake)).toHaveLength(1);
    expect((await acks(t)).map((a) => a.state)).toEqual(['sent']);
  });

  it('at start, sends a decided acknowledgement that never reached Twilio, and never resends one that may have', async () => {
    const { t, fake } = await setup();
    await postWebhook(t.hub.url, '/twilio/sms/inbound', sms());
    await postWebhook(t.hub.url, '/twilio/sms/inbound', sms({ From: '+15557650002' }));
    await until(() => (sent(fake).length === 2 ? true : undefined));
    // What a hub killed at those two points leaves behind: one decided but not yet handed over ('queued'),
    // one committed 'sending' right before the REST call whose answer never came.
    const rows = await t.hub.store.all<{ out_message_id: number }>(
      sql`SELECT out_message_id FROM acknowledgement ORDER BY inbound_message_id`,
    );
    const [queuedId, sendingId] = rows.map((r) => r.out_message_id);
    await t.hub.store.write(async (tx) => {
      await tx.run(sql`UPDATE acknowledgement SET state = 'queued' WHERE out_message_id = ${queuedId!}`);
      await tx.run(sql`UPDATE acknowledgement SET state = 'sending' WHERE out_message_id = ${sendingId!}`);
    });
    await t.restart();
    await until(async () => ((await acks(t)).every((a) => a.state === 'sent' || a.state === 'failed') ? true : undefined));
    await settle();
    expect(sent(fake).map((r) => r.form.To)).toEqual([CUSTOMER, '+15557650002', CUSTOMER]);
    expect((await acks(t)).map((a) => a.state)).toEqual(['sent', 'failed']);
    const failed = await t.hub.store.get<{ status: string; meta: string }>(sql`SELECT status, meta FROM message WHERE id = ${sendingId!}`);
    expect(failed!.status).toBe('failed');
    expect(JSON.parse(failed!.meta).error).toMatch(/^may not have been sent/);
  });

  it('says when the queue opens next while it is closed', async () => {
    const { t, fake, admin } = await setup();
    // Open only on the weekday two days from now, 09:00-17:00 UTC: closed now, whatever the time.
    const day = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][(new Date().getUTCDay() + 2) % 7]!;
    const hours: BusinessHoursInput = { timeZone: 'UTC', weekly: { [day]: [{ from: '09:00', to: '17:00' }] } };
    await admin.ok('admin/queueUpsert', {
      id: 'support',
      name: 'Support',
      channels: ['sms', 'voice', 'email', 'chat'],
      skills: {},
      slaSeconds: 7200,
      priority: 0,
      hours,
    });
    await postWebhook(t.hub.url, '/twilio/sms/inbound', sms());
    const [create] = await until(() => (sent(fake).length === 1 ? sent(fake) : undefined));
    const label = day.charAt(0).toUpperCase() + day.slice(1);
    expect(create!.form.Body).toBe(`Closed now. Support replies by ${label} 11:00.`);
  });

  it('never texts a number that opted out, nor answers STOP itself', async () => {
    const { t, fake } = await setup();
    await postWebhook(t.hub.url, '/twilio/sms/inbound', sms({ Body: 'STOP' }));
    // A later message that opens a new conversation (the STOP thread is set aside) from the opted-out number.
    await t.hub.store.write((tx) => tx.run(sql`UPDATE conversation SET thread_key = NULL`));
    await postWebhook(t.hub.url, '/twilio/sms/inbound', sms({ Body: 'Actually, one question' }));
    await until(async () => ((await acks(t)).length === 2 ? true : undefined));
    await settle();
    expect(sent(fake)).toHaveLength(0);
    expect((await acks(t)).map((a) => [a.state, a.reason])).toEqual([
      ['skipped', 'keyword STOP'],
      ['skipped', 'the customer opted out (STOP)'],
    ]);
  });

  it('sends at most one acknowledgement per number within the rate-limit window', async () => {
    const { t, fake } = await setup(on({ perAddressMinutes: 30 }));
    await postWebhook(t.hub.url, '/twilio/sms/inbound', sms());
    await until(() => (sent(fake).length === 1 ? true : undefined));
    // The conversation is closed and a new one opens (another system's autoresponder answering ours, say).
    await t.hub.store.write((tx) => tx.run(sql`UPDATE conversation SET state = 'closed', closed_at = 0, thread_key = NULL`));
    await postWebhook(t.hub.url, '/twilio/sms/inbound', sms({ Body: 'Thanks for your message!' }));
    await until(async () => ((await acks(t)).length === 2 ? true : undefined));
    await settle();
    expect(sent(fake)).toHaveLength(1);
    expect((await acks(t))[1]).toMatchObject({ state: 'skipped', reason: 'this address was acknowledged less than 30 minutes ago' });
  });

  it('sends nothing when the queue has acknowledgements off', async () => {
    const { t, fake } = await setup(on({ sms: { ...on().sms, enabled: false } }));
    await postWebhook(t.hub.url, '/twilio/sms/inbound', sms());
    await until(async () =>
      (await t.hub.store.get<{ n: number }>(sql`SELECT last_message_id AS n FROM ack_watermark WHERE channel = 'sms'`))!.n > 0
        ? true
        : undefined,
    );
    await settle();
    expect(sent(fake)).toHaveLength(0);
    expect(await acks(t)).toEqual([]);
  });

  it('is refused to agents, and only admins change it', async () => {
    const { t, admin } = await setup();
    const ann = await t.connect('ann', 'ann-password');
    const denied = await ann.command('admin/queueAckSet', { queueId: 'support', settings: on() });
    expect(denied.ok).toBe(false);
    const got = await admin.ok('admin/queueAckGet', { queueId: 'support' });
    expect(got).toMatchObject({ saved: true, settings: { sms: { enabled: true } } });
    const bad = await admin.command('admin/queueAckSet', {
      queueId: 'support',
      settings: on({ sms: { enabled: true, open: 'Hi {{customer.name}}', closed: 'x' } }),
    });
    expect(bad.ok).toBe(false);
  });
});
