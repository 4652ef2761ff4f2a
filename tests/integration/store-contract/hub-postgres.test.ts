import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../../services/store/sql';
import { seed, startTestHub, supportQueue, type TestHub } from '../../support/testHub';
import { startPostgres, type Postgres } from '../../support/postgres';
import { TwilioRestFake, twilioConfig, ACCOUNT_SID, SUPPORT_NUMBER, parseTwiml, postWebhook, sid } from '../../support/twilioFake';
import { until } from '../../support/until';

/**
 * The whole hub on PostgreSQL: a signed SMS webhook is committed, offered to a real socket.io agent,
 * accepted and answered; a restart finds everything exactly once.
 */
let pg: Postgres;
let fake: TwilioRestFake;
let t: TestHub;

beforeAll(async () => {
  pg = await startPostgres();
  fake = await TwilioRestFake.start();
  const url = await pg.createDatabase();
  t = await startTestHub({
    store: { engine: 'postgres', url },
    twilio: twilioConfig(fake.url),
    ...(process.env.PG_TEST_LOG ? { logLevel: 'error' as const } : {}),
  });
  expect(t.hub.store.engine).toBe('postgres');
  await seed(t, [{ username: 'ann' }], [supportQueue]);
}, 60_000);

afterAll(async () => {
  await t?.stop();
  await fake?.stop();
  await pg?.destroy();
});

const CUSTOMER = '+15557654321';
const count = async (table: 'message' | 'conversation' | 'customer' | 'event'): Promise<number> =>
  (await t.hub.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM ${{ text: table, values: [] }}`))!.n;

describe('a hub on PostgreSQL', () => {
  it('commits a signed SMS, offers it to an agent, takes the reply, and keeps it all over a restart', async () => {
    const ann = await t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    const messageSid = sid('SM');
    const inbound = {
      MessageSid: messageSid,
      AccountSid: ACCOUNT_SID,
      From: CUSTOMER,
      To: SUPPORT_NUMBER,
      Body: 'Where is my parcel?',
      NumMedia: '0',
    };
    const res = await postWebhook(t.hub.url, '/twilio/sms/inbound', inbound);
    expect(res.status).toBe(200);
    expect(parseTwiml(res.text).children).toEqual([]);
    // Committed before the webhook was answered.
    expect(await t.hub.store.get(sql`SELECT body_text FROM message WHERE provider_id = ${messageSid}`)).toEqual({
      body_text: 'Where is my parcel?',
    });

    const offer = await ann.waitFor('offer/new', (o) => o.channel === 'sms');
    expect(offer).toMatchObject({ queueId: 'support', preview: 'Where is my parcel?' });
    const conversation = await ann.ok('offer/accept', { offerId: offer.offerId });
    expect(conversation.threadKey).toBe(`sms:${CUSTOMER}:${SUPPORT_NUMBER}`);
    const sent = await ann.ok('message/send', { conversationId: conversation.id, bodyText: 'It leaves today.' });
    expect(sent.status).toBe('queued');
    await until(() => fake.find('POST', /\/Messages\.json$/).length === 1 || undefined);

    // A replayed webhook (Twilio retries) stores nothing twice.
    expect((await postWebhook(t.hub.url, '/twilio/sms/inbound', inbound)).status).toBe(200);
    const before = { messages: await count('message'), conversations: await count('conversation'), customers: await count('customer') };
    expect(before).toEqual({ messages: 2, conversations: 1, customers: 1 });
    const events = await t.hub.store.all<{ seq: number }>(sql`SELECT seq FROM event ORDER BY seq`);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));

    ann.close();
    await t.restart();
    expect({ messages: await count('message'), conversations: await count('conversation'), customers: await count('customer') }).toEqual(
      before,
    );
    const again = await t.connect('ann', 'ann-password');
    const history = await again.ok('conversation/get', { conversationId: conversation.id });
    expect(history.messages.map((m) => m.bodyText)).toEqual(['Where is my parcel?', 'It leaves today.']);
    again.close();
  });
});
