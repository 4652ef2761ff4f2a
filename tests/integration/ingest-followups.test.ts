import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mediaRows } from '../../services/channels/telephony/repo';
import type { InboundEvent } from '../../services/ingest/inbound';
import { ingestInbound } from '../../services/ingest/ingest';
import { sql } from '../../services/store/sql';
import { type Store } from '../../services/store/store';
import { twilioHubs } from '../support/twilioHub';
import { ACCOUNT_SID, SUPPORT_NUMBER, postWebhook, sid } from '../support/twilioFake';
import { openIngestStore } from '../support/ingestStore';

// A message and the rows that go with it (an MMS's media, an email's attachments and thread-map entry) are
// one write unit: a follow-up row that fails takes its message with it, and the provider's retry stores
// message and follow-ups exactly once.

/** A real SQLite failure when an attachment row pointing at a "boom" URL is inserted (as a full disk would be). */
const failOnBoom = sql`CREATE TRIGGER fail_follow_up BEFORE INSERT ON attachment WHEN NEW.url LIKE '%boom%' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`;
const dropTrigger = sql`DROP TRIGGER fail_follow_up`;

describe('ingest: a message and its follow-up rows commit together', () => {
  let store: Store;
  let opened: Awaited<ReturnType<typeof openIngestStore>>;
  beforeEach(async () => {
    opened = await openIngestStore('followups');
    store = opened.store;
  });
  afterEach(() => opened.close());

  const mms = (providerId: string, from: string, urls: readonly string[]): InboundEvent => ({
    channel: 'sms',
    providerId,
    from: { kind: 'phone', value: from },
    queueId: 'support',
    threadKey: `sms:${from}`,
    bodyText: `photos ${providerId}`,
    followUps: mediaRows(urls.map((url) => ({ url, contentType: 'image/jpeg' }))),
  });
  const stored = async () => ({
    messages: (await store.all<{ provider_id: string }>(sql`SELECT provider_id FROM message ORDER BY id`)).map((m) => m.provider_id),
    attachments: await store.all<{ provider_id: string; url: string }>(
      sql`SELECT m.provider_id, a.url FROM attachment a JOIN message m ON m.id = a.message_id ORDER BY a.id`,
    ),
  });

  it('in a batch (set-wise and per-message paths): the failing follow-up rolls back only its own message; the retry stores it once', async () => {
    await store.write((tx) => tx.run(failOnBoom));
    // One tick: one batch. A and B are new senders (set-wise); C shares A's number (per-message, after A).
    const a = mms('MMa', '+12025550101', ['https://media.example/a1', 'https://media.example/a2']);
    const b = mms('MMb', '+12025550102', ['https://media.example/boom']);
    const c = mms('MMc', '+12025550101', ['https://media.example/c1']);
    const first = await Promise.allSettled([ingestInbound(store, a), ingestInbound(store, b), ingestInbound(store, c)]);
    expect(first.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((first[1] as PromiseRejectedResult).reason)).toContain('injected failure');
    expect(await stored()).toEqual({
      messages: ['MMa', 'MMc'],
      attachments: [
        { provider_id: 'MMa', url: 'https://media.example/a1' },
        { provider_id: 'MMa', url: 'https://media.example/a2' },
        { provider_id: 'MMc', url: 'https://media.example/c1' },
      ],
    });

    // The same failure on the per-message path (a sender already in this batch) rolls back that message too.
    const d = mms('MMd', '+12025550103', ['https://media.example/d1']);
    const e = mms('MMe', '+12025550103', ['https://media.example/boom']);
    const second = await Promise.allSettled([ingestInbound(store, d), ingestInbound(store, e)]);
    expect(second.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((await stored()).messages).toEqual(['MMa', 'MMc', 'MMd']);

    // The provider retries everything; the fault is gone. B and E are stored with their rows, the others are
    // duplicates that store nothing again.
    await store.write((tx) => tx.run(dropTrigger));
    const retries = await Promise.all([a, b, c, d, e].map((event) => ingestInbound(store, event)));
    expect(retries.map((r) => r.outcome)).toEqual(['duplicate', 'created', 'duplicate', 'duplicate', 'appended']);
    const again = await Promise.all([a, b, c, d, e].map((event) => ingestInbound(store, event)));
    expect(again.map((r) => r.outcome)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(await stored()).toEqual({
      messages: ['MMa', 'MMc', 'MMd', 'MMb', 'MMe'],
      attachments: [
        { provider_id: 'MMa', url: 'https://media.example/a1' },
        { provider_id: 'MMa', url: 'https://media.example/a2' },
        { provider_id: 'MMc', url: 'https://media.example/c1' },
        { provider_id: 'MMd', url: 'https://media.example/d1' },
        { provider_id: 'MMb', url: 'https://media.example/boom' },
        { provider_id: 'MMe', url: 'https://media.example/boom' },
      ],
    });
    // Exactly one message/in event per stored message: the failed attempts left none behind.
    const events = await store.all<{ n: number }>(sql`SELECT count(*) AS n FROM event WHERE type = 'message/in'`);
    expect(events).toEqual([{ n: 5 }]);
  });
});

describe('SMS webhook: an MMS and its media are one unit', () => {
  const startHub = twilioHubs();

  it('a failing media row fails the webhook and stores nothing; Twilio`s retry stores message and media once', async () => {
    const { t } = await startHub([{ username: 'ann' }]);
    const params = {
      MessageSid: sid('MM'),
      AccountSid: ACCOUNT_SID,
      From: '+15557654321',
      To: SUPPORT_NUMBER,
      Body: 'two photos',
      NumMedia: '2',
      MediaUrl0: 'https://api.twilio.com/Media/ME-ok',
      MediaContentType0: 'image/jpeg',
      MediaUrl1: 'https://api.twilio.com/Media/ME-boom',
      MediaContentType1: 'image/png',
    };
    const counts = async () =>
      t.hub.store.get<{ messages: number; attachments: number; conversations: number }>(sql`
        SELECT (SELECT count(*) FROM message) AS messages, (SELECT count(*) FROM attachment) AS attachments,
          (SELECT count(*) FROM conversation) AS conversations`);

    await t.hub.store.write((tx) => tx.run(failOnBoom));
    const failed = await postWebhook(t.hub.url, '/twilio/sms/inbound', params);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(await counts()).toEqual({ messages: 0, attachments: 0, conversations: 0 });

    await t.hub.store.write((tx) => tx.run(dropTrigger));
    for (let i = 0; i < 2; i += 1) expect((await postWebhook(t.hub.url, '/twilio/sms/inbound', params)).status).toBe(200);
    expect(await counts()).toEqual({ messages: 1, attachments: 2, conversations: 1 });
    expect(await t.hub.store.all(sql`SELECT url, content_type FROM attachment ORDER BY id`)).toEqual([
      { url: params.MediaUrl0, content_type: 'image/jpeg' },
      { url: params.MediaUrl1, content_type: 'image/png' },
    ]);
  });
});
