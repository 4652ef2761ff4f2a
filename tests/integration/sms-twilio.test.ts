import { describe, expect, it } from 'vitest';
import { sql } from '../../services/store/sql';
import { eventsForConversation } from '../../services/store/repos/events';
import type { TestHub } from '../support/testHub';
import { twilioHubs } from '../support/twilioHub';
import { until } from '../support/until';
import { SMS_SENDER } from '../../services/channels/telephony/service';
import { ACCOUNT_SID, AUTH_TOKEN, PUBLIC_URL, SUPPORT_NUMBER, parseTwiml, postWebhook, sid } from '../support/twilioFake';

const CUSTOMER = '+15557654321';
const startHub = twilioHubs();

async function setup(over: Record<string, unknown> = {}) {
  const { t, fake } = await startHub([{ username: 'ann' }], over);
  const ann = await t.connect('ann', 'ann-password');
  await ann.ok('presence/set', { presence: 'available' });
  return { t, fake, ann };
}

function smsParams(over: Record<string, string> = {}): Record<string, string> {
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

const messageCount = async (t: TestHub) => (await t.hub.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM message`))!.n;

describe('SMS over Twilio', () => {
  it('stores a signed inbound SMS, offers it, sends the reply through REST and tracks its delivery', async () => {
    const { t, fake, ann } = await setup();
    const inbound = smsParams();
    const res = await postWebhook(t.hub.url, '/twilio/sms/inbound', inbound);
    expect(res.status).toBe(200);
    expect(parseTwiml(res.text).children).toEqual([]);

    const offer = await ann.waitFor('offer/new', (o) => o.channel === 'sms');
    expect(offer).toMatchObject({ queueId: 'support', preview: 'Where is my parcel?' });
    expect(offer.customer.identities).toEqual([{ kind: 'phone', value: CUSTOMER }]);
    const conversation = await ann.ok('offer/accept', { offerId: offer.offerId });
    expect(conversation.threadKey).toBe(`sms:${CUSTOMER}:${SUPPORT_NUMBER}`);

    const sent = await ann.ok('message/send', { conversationId: conversation.id, bodyText: 'It leaves today.' });
    expect(sent.status).toBe('queued');
    const [create] = await until(() =>
      fake.find('POST', /\/Messages\.json$/).length === 1 ? fake.find('POST', /\/Messages\.json$/) : undefined,
    );
    expect(create!.form).toMatchObject({
      To: CUSTOMER,
      From: SUPPORT_NUMBER,
      Body: 'It leaves today.',
      StatusCallback: `${PUBLIC_URL}/twilio/sms/status?messageId=${sent.id}`,
    });
    expect(create!.domain).toBe('api.twilio.com');
    const withSid = await ann.waitFor('message/new', (m) => m.id === sent.id && typeof m.meta.sid === 'string');
    const messageSid = withSid.meta.sid as string;

    const status = (MessageStatus: string, extra: Record<string, string> = {}) =>
      postWebhook(t.hub.url, `/twilio/sms/status?messageId=${sent.id}`, {
        MessageSid: messageSid,
        AccountSid: ACCOUNT_SID,
        MessageStatus,
        To: CUSTOMER,
        From: SUPPORT_NUMBER,
        ...extra,
      });
    expect((await status('delivered')).status).toBe(200);
    await ann.waitFor('message/new', (m) => m.id === sent.id && m.status === 'delivered');
    // A late 'sent' must not move the message back.
    expect((await status('sent')).status).toBe(200);
    const { messages } = await ann.ok('conversation/get', { conversationId: conversation.id });
    expect(messages.find((m) => m.id === sent.id)?.status).toBe('delivered');
    // A callback naming another message's SID is refused.
    expect(
      (
        await postWebhook(t.hub.url, `/twilio/sms/status?messageId=${sent.id}`, {
          MessageSid: sid('SM'),
          AccountSid: ACCOUNT_SID,
          MessageStatus: 'failed',
        })
      ).status,
    ).toBe(409);

    const second = await ann.ok('message/send', { conversationId: conversation.id, bodyText: 'Tracking: 123' });
    const secondSid = (await ann.waitFor('message/new', (m) => m.id === second.id && typeof m.meta.sid === 'string')).meta.sid as string;
    await postWebhook(t.hub.url, `/twilio/sms/status?messageId=${second.id}`, {
      MessageSid: secondSid,
      AccountSid: ACCOUNT_SID,
      MessageStatus: 'undelivered',
      ErrorCode: '30007',
    });
    const failed = await ann.waitFor('message/new', (m) => m.id === second.id && m.status === 'undelivered');
    expect(failed.meta.errorCode).toBe(30007);
  });

  it('threads per (customer, our number), stores MMS media as attachments, reopens a closed thread sticky to its agent', async () => {
    const { t, ann } = await setup();
    await postWebhook(t.hub.url, '/twilio/sms/inbound', smsParams({ Body: 'hi' }));
    const offer = await ann.waitFor('offer/new');
    const conversation = await ann.ok('offer/accept', { offerId: offer.offerId });

    const mms = smsParams({
      MessageSid: sid('MM'),
      Body: 'photo of the damage',
      NumMedia: '2',
      MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1',
      MediaContentType0: 'image/jpeg',
      MediaUrl1: 'https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME2',
      MediaContentType1: 'image/png',
    });
    expect((await postWebhook(t.hub.url, '/twilio/sms/inbound', mms)).status).toBe(200);
    const message = await ann.waitFor('message/new', (m) => m.providerId === mms.MessageSid);
    expect(message.conversationId).toBe(conversation.id);
    expect(message.meta.attachments).toEqual([
      { url: mms.MediaUrl0, contentType: 'image/jpeg' },
      { url: mms.MediaUrl1, contentType: 'image/png' },
    ]);
    const rows = await t.hub.store.all<{ url: string; content_type: string }>(
      sql`SELECT url, content_type FROM attachment WHERE message_id = ${message.id} ORDER BY id`,
    );
    expect(rows.map((r) => r.content_type)).toEqual(['image/jpeg', 'image/png']);

    await ann.ok('conversation/close', { conversationId: conversation.id, disposition: 'resolved' });
    await postWebhook(t.hub.url, '/twilio/sms/inbound', smsParams({ Body: 'one more thing' }));
    const again = await ann.waitFor('offer/new', (o) => o.offerId !== offer.offerId);
    expect(again).toMatchObject({ conversationId: conversation.id, reason: 'sticky' });
    const types = (await eventsForConversation(t.hub.store, conversation.id)).map((e) => e.type);
    expect(types).toContain('conversation/reopened');
  });

  it('honours STOP and START: opt-out recorded, agent warned, sending refused; carrier error 21610 also opts out', async () => {
    const { t, fake, ann } = await setup();
    await postWebhook(t.hub.url, '/twilio/sms/inbound', smsParams());
    const conversation = await ann.ok('offer/accept', { offerId: (await ann.waitFor('offer/new')).offerId });

    expect((await postWebhook(t.hub.url, '/twilio/sms/inbound', smsParams({ Body: ' stop ' }))).status).toBe(200);
    const warning = await ann.waitFor('sms/optOut', (o) => o.optedOut);
    expect(warning).toMatchObject({ phone: CUSTOMER, keyword: 'STOP', customerId: conversation.customerId });
    expect(await ann.ok('sms/optOutStatus', { conversationId: conversation.id })).toMatchObject({ optedOut: true, keyword: 'STOP' });

    const before = await messageCount(t);
    const refused = await ann.command('sms/send', { conversationId: conversation.id, bodyText: 'please?' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!refused.ok && refused.error.message).toMatch(/^opted_out: \+15557654321 replied STOP/);
    expect(await messageCount(t)).toBe(before);

    // message/send skips the check: the message is kept, marked failed with the reason, nothing goes to Twilio.
    const forced = await ann.ok('message/send', { conversationId: conversation.id, bodyText: 'forced' });
    const failed = await ann.waitFor('message/new', (m) => m.id === forced.id && m.status === 'failed');
    expect(failed.meta.errorCode).toBe('opted_out');
    expect(fake.find('POST', /\/Messages\.json$/)).toHaveLength(0);

    await postWebhook(t.hub.url, '/twilio/sms/inbound', smsParams({ Body: 'START' }));
    await ann.waitFor('sms/optOut', (o) => !o.optedOut);
    await ann.ok('sms/send', { conversationId: conversation.id, bodyText: 'welcome back' });
    await until(() => fake.find('POST', /\/Messages\.json$/).length === 1);

    // Twilio itself refuses (the customer opted out on the carrier side): recorded as an opt-out.
    fake.failNext((r) => r.path.endsWith('/Messages.json'), 400, 21610, 'Attempt to send to unsubscribed recipient');
    const blocked = await ann.ok('message/send', { conversationId: conversation.id, bodyText: 'hello?' });
    const blockedMsg = await ann.waitFor('message/new', (m) => m.id === blocked.id && m.status === 'failed');
    expect(blockedMsg.meta.errorCode).toBe(21610);
    expect(await ann.ok('sms/optOutStatus', { conversationId: conversation.id })).toMatchObject({ optedOut: true, keyword: 'carrier' });
    const optEvents = await t.hub.store.all<{ type: string }>(
      sql`SELECT type FROM event WHERE type IN ('sms/optOut','sms/optIn') ORDER BY seq`,
    );
    expect(optEvents.map((e) => e.type)).toEqual(['sms/optOut', 'sms/optIn', 'sms/optOut']);
  });

  it('refuses bad webhooks with a 4xx and a reason, stores nothing, and keeps serving', async () => {
    const { t, ann } = await setup();
    const good = smsParams();
    const path = '/twilio/sms/inbound';
    const cases: Array<[string, Promise<{ status: number; json: unknown }>, number, string]> = [
      ['missing signature', postWebhook(t.hub.url, path, good, { signature: null }), 403, 'missing_signature'],
      ['signed with another token', postWebhook(t.hub.url, path, good, { token: 'someone-elses-token-123456' }), 403, 'bad_signature'],
      [
        'signature for another URL',
        postWebhook(t.hub.url, path, good, {
          signature: (await import('twilio')).default.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}/twilio/sms/other`, good),
        }),
        403,
        'bad_signature',
      ],
      [
        'tampered body',
        postWebhook(t.hub.url, path, good, { body: new URLSearchParams({ ...good, Body: 'changed' }).toString() }),
        403,
        'bad_signature',
      ],
      [
        'JSON body',
        postWebhook(t.hub.url, path, good, { contentType: 'application/json', body: JSON.stringify(good) }),
        415,
        'unsupported_media_type',
      ],
      ['text body', postWebhook(t.hub.url, path, good, { contentType: 'text/plain', body: 'hello' }), 415, 'unsupported_media_type'],
      [
        'missing MessageSid',
        postWebhook(t.hub.url, path, { AccountSid: ACCOUNT_SID, From: CUSTOMER, To: SUPPORT_NUMBER, Body: 'x' }),
        400,
        'invalid_input',
      ],
      ['malformed MessageSid', postWebhook(t.hub.url, path, smsParams({ MessageSid: 'SM123' })), 400, 'invalid_input'],
      ['other account', postWebhook(t.hub.url, path, smsParams({ AccountSid: `AC${'f'.repeat(32)}` })), 403, 'wrong_account'],
      ['unknown number', postWebhook(t.hub.url, path, smsParams({ To: '+15559999999' })), 404, 'unknown_number'],
      ['number without SMS', postWebhook(t.hub.url, path, smsParams({ To: '+15550002222' })), 404, 'unknown_number'],
      ['sender id', postWebhook(t.hub.url, path, smsParams({ From: 'ACME' })), 422, 'invalid_from'],
      ['media URL missing', postWebhook(t.hub.url, path, smsParams({ NumMedia: '1' })), 400, 'invalid_input'],
      ['huge body', postWebhook(t.hub.url, path, smsParams({ Body: 'x'.repeat(200_000) })), 413, 'body_too_large'],
    ];
    for (const [name, pending, status, code] of cases) {
      const res = await pending;
      expect({ name, status: res.status, code: (res.json as { code?: string })?.code }).toEqual({ name, status, code });
      expect(typeof (res.json as { message?: unknown }).message).toBe('string');
    }
    expect(await messageCount(t)).toBe(0);
    expect(ann.received('offer/new')).toHaveLength(0);

    expect((await postWebhook(t.hub.url, path, good)).status).toBe(200);
    const replay = await postWebhook(t.hub.url, path, good);
    expect(replay.status).toBe(200);
    expect(parseTwiml(replay.text).children).toEqual([]);
    expect(await messageCount(t)).toBe(1);
    await ann.waitFor('offer/new');
    expect((await fetch(`${t.hub.url}/api/health`)).status).toBe(200);
  });

  it('acknowledges only after commit: a restarted hub still has the message and acknowledges the replay without storing it', async () => {
    const { t } = await setup();
    const params = smsParams();
    expect((await postWebhook(t.hub.url, '/twilio/sms/inbound', params)).status).toBe(200);
    await t.restart();
    const replay = await postWebhook(t.hub.url, '/twilio/sms/inbound', params);
    expect(replay.status).toBe(200);
    expect(parseTwiml(replay.text).children).toEqual([]);
    const rows = await t.hub.store.all<{ provider_id: string }>(sql`SELECT provider_id FROM message`);
    expect(rows).toEqual([{ provider_id: params.MessageSid }]);
  });
  it('answers every re-posted webhook (message, MMS, STOP, status callback) 200 like the first, storing nothing twice', async () => {
    const { t, ann } = await setup();
    const counts = async () =>
      (await t.hub.store.get<Record<string, number>>(sql`
        SELECT (SELECT count(*) FROM message) AS messages, (SELECT count(*) FROM conversation) AS conversations,
               (SELECT count(*) FROM attachment) AS attachments,
               (SELECT count(*) FROM event WHERE type LIKE 'sms/%' OR type IN ('message/in', 'conversation/created', 'conversation/queued', 'conversation/reopened')) AS events`))!;
    const twice = async (pathAndQuery: string, params: Record<string, string>) => {
      const first = await postWebhook(t.hub.url, pathAndQuery, params);
      expect(first.status).toBe(200);
      const before = await counts();
      // Twilio re-posts the identical signed request, sometimes more than once.
      for (let i = 0; i < 2; i += 1) {
        const again = await postWebhook(t.hub.url, pathAndQuery, params);
        expect({ pathAndQuery, status: again.status, twiml: parseTwiml(again.text).children }).toEqual({
          pathAndQuery,
          status: 200,
          twiml: [],
        });
      }
      expect(await counts()).toEqual(before);
    };

    await twice('/twilio/sms/inbound', smsParams());
    const conversation = await ann.ok('offer/accept', { offerId: (await ann.waitFor('offer/new')).offerId });
    await twice(
      '/twilio/sms/inbound',
      smsParams({
        MessageSid: sid('MM'),
        Body: 'photo',
        NumMedia: '1',
        MediaUrl0: 'https://api.twilio.com/Media/ME1',
        MediaContentType0: 'image/jpeg',
      }),
    );
    // A crash after the MMS committed but before its media rows did: the retry stores the media, once.
    const mms = smsParams({
      MessageSid: sid('MM'),
      Body: 'second photo',
      NumMedia: '1',
      MediaUrl0: 'https://api.twilio.com/Media/ME2',
      MediaContentType0: 'image/png',
    });
    const committed = await t.hub.center.ingest({
      channel: 'sms',
      providerId: mms.MessageSid!,
      from: { kind: 'phone', value: CUSTOMER },
      queueId: 'support',
      threadKey: conversation.threadKey!,
      bodyText: mms.Body!,
    });
    await twice('/twilio/sms/inbound', mms);
    expect(await t.hub.store.all(sql`SELECT url FROM attachment WHERE message_id = ${committed.message.id}`)).toEqual([
      { url: mms.MediaUrl0 },
    ]);
    await twice('/twilio/sms/inbound', smsParams({ Body: 'STOP' }));
    await twice('/twilio/sms/inbound', smsParams({ Body: 'START' }));
    expect(
      (await t.hub.store.all<{ type: string }>(sql`SELECT type FROM event WHERE type IN ('sms/optOut','sms/optIn') ORDER BY seq`)).map(
        (e) => e.type,
      ),
    ).toEqual(['sms/optOut', 'sms/optIn']);

    const sent = await ann.ok('sms/send', { conversationId: conversation.id, bodyText: 'On its way' });
    const messageSid = (await ann.waitFor('message/new', (m) => m.id === sent.id && typeof m.meta.sid === 'string')).meta.sid as string;
    const callback = (MessageStatus: string, extra: Record<string, string> = {}) => ({
      MessageSid: messageSid,
      AccountSid: ACCOUNT_SID,
      MessageStatus,
      To: CUSTOMER,
      From: SUPPORT_NUMBER,
      ...extra,
    });
    await twice(`/twilio/sms/status?messageId=${sent.id}`, callback('delivered'));
    // A carrier opt-out reported by a retried callback is one opt-out.
    await twice(`/twilio/sms/status?messageId=${sent.id}`, callback('failed', { ErrorCode: '21610' }));
    expect((await t.hub.store.all(sql`SELECT seq FROM event WHERE type = 'sms/optOut'`)).length).toBe(2);
    // News of a message the hub no longer has (signed, so from Twilio) is acknowledged and dropped.
    const before = await counts();
    const unknown = await postWebhook(t.hub.url, '/twilio/sms/status?messageId=999999', callback('delivered', { MessageSid: sid('SM') }));
    expect(unknown.status).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it("publishes an SMS sender for the web widget's one-time codes, sending from the first SMS number", async () => {
    const { t, fake } = await setup();
    const sender = t.hub.services.find(SMS_SENDER);
    expect(sender).toBeDefined();
    await sender!.sendSms(CUSTOMER, 'Your Switchboard code is 123456');
    const [create] = fake.find('POST', /\/Messages\.json$/);
    expect(create!.form).toMatchObject({ To: CUSTOMER, From: SUPPORT_NUMBER, Body: 'Your Switchboard code is 123456' });
  });
});
