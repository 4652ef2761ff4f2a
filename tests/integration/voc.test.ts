import { afterEach, describe, expect, it } from 'vitest';
import type { VocBoard } from '../../services/contracts';
import { startHub } from '../../services/server/startHub';
import { sql } from '../../services/store/sql';
import { VOC as VOC_JOB } from '../../services/voc/service';
import type { AgentClient } from '../support/agentClient';
import { ADMIN_PASSWORD, chatEvent, seed, startTestHub, supportQueue, type TestHub } from '../support/testHub';
import { salesQueue } from '../support/twilioHub';
import { TwilioRestFake, postWebhook, sid, SUPPORT_NUMBER, ACCOUNT_SID, twilioConfig } from '../support/twilioFake';
import { until } from '../support/until';

let t: TestHub | undefined;
let fake: TwilioRestFake | undefined;
afterEach(async () => {
  await t?.stop();
  await fake?.stop();
  t = undefined;
  fake = undefined;
});

const VOC = { pollMs: 100, spikeCheckMs: 200 };

async function setup(voc: Record<string, unknown> = VOC) {
  fake = await TwilioRestFake.start();
  t = await startTestHub({ twilio: twilioConfig(fake.url), voc });
  await seed(t, [{ username: 'ann' }, { username: 'sue', role: 'supervisor' }], [supportQueue, salesQueue]);
  const ann = await t.connect('ann', 'ann-password');
  const sue = await t.connect('sue', 'sue-password');
  return { t, ann, sue };
}

/** A customer's SMS through the signed Twilio webhook, as Twilio sends it. */
async function sms(hub: TestHub, from: string, body: string): Promise<void> {
  const res = await postWebhook(hub.hub.url, '/twilio/sms/inbound', {
    MessageSid: sid('SM'),
    AccountSid: ACCOUNT_SID,
    From: from,
    To: SUPPORT_NUMBER,
    Body: body,
    NumMedia: '0',
  });
  expect(res.status).toBe(200);
}

async function topicNamed(sue: AgentClient, label: string, input: Partial<{ includeHidden: boolean; period: 'today' | 'week' }> = {}) {
  const board = await sue.ok('voc/board', { period: 'today', ...input });
  return board.top.find((x) => x.label === label);
}

const analysedCount = async (hub: TestHub) => (await hub.hub.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM voc_message`))!.n;

describe('voice of the customer through the real hub', () => {
  it('analyses SMS, chat and voicemail transcriptions after commit; topics, drill-down and the 360 appear', async () => {
    const { t, ann, sue } = await setup();
    await sms(t, '+15550100001', 'Hi, my order #604472 arrived damaged and I want a refund!');
    await sms(t, '+15550100002', 'order 533232 damaged');
    const chat = await t.hub.center.ingest(
      chatEvent({
        from: { kind: 'email', value: 'kim@example.com', displayName: 'Kim' },
        bodyText: 'My order #880231 arrived damaged again 😡',
      }),
    );
    // A voicemail transcription is a customer message like any other (meta as the telephony channel stores it).
    await t.hub.center.ingest(
      chatEvent({
        channel: 'voice',
        from: { kind: 'phone', value: '+15550100003' },
        bodyText: 'Hello, this is about my internet, the internet is down again, please call me back',
        meta: { kind: 'transcription', status: 'completed' },
        routable: false,
      }),
    );
    // System lines are not the customer speaking.
    await t.hub.center.ingest(
      chatEvent({
        channel: 'voice',
        from: { kind: 'phone', value: '+15550100004' },
        bodyText: 'Call from +15550100004 to +15550001111',
        meta: { kind: 'call' },
      }),
    );

    const damaged = await until(async () => {
      const topic = await topicNamed(sue, 'order arrived damaged');
      return topic && topic.count === 3 ? topic : false;
    });
    expect(damaged.sentiment).toBeLessThan(0);
    const board = await sue.ok('voc/board', { period: 'today' });
    expect(board.top.map((x) => x.label)).toEqual(expect.arrayContaining(['order arrived damaged', 'internet down']));
    expect(board.progress.pending).toBe(0);
    expect(await analysedCount(t)).toBe(4);
    // Read on the hub's analysis thread, not in process after a failed start.
    expect(t.hub.services.find(VOC_JOB)?.analyser.mode).toBe('worker');

    // Per queue and channel.
    const smsOnly = await sue.ok('voc/board', { period: 'today', channel: 'sms' });
    expect(smsOnly.top.find((x) => x.topicId === damaged.topicId)?.count).toBe(2);
    expect((await sue.ok('voc/board', { period: 'week', queueId: 'sales' })).top).toEqual([]);

    // Every figure opens to the words behind it.
    const behind = await sue.ok('voc/topicMessages', { topicId: damaged.topicId, period: 'today' });
    expect(behind.messages.map((m) => m.text)).toEqual([
      'My order #880231 arrived damaged again 😡',
      'order 533232 damaged',
      'Hi, my order #604472 arrived damaged and I want a refund!',
    ]);
    expect(behind.messages[0]!.conversationId).toBe(chat.conversation.id);
    expect(behind.messages[2]!.phrases).toContainEqual({ text: 'order #604472', kind: 'order' });

    // The agent's 360: this customer's topics and the current conversation's key phrases.
    const voice = await ann.ok('voc/customer', { customerId: chat.conversation.customerId, conversationId: chat.conversation.id });
    expect(voice.topics.map((x) => x.label)).toEqual(['order arrived damaged']);
    expect(voice.topics[0]!.messageIds).toEqual([behind.messages[0]!.messageId]);
    expect(voice.current[0]!.phrases).toContainEqual({ text: 'order #880231', kind: 'order' });
    // Another customer's conversation never shows as this one's "current".
    const other = await ann.ok('voc/customer', { customerId: chat.conversation.customerId + 1, conversationId: chat.conversation.id });
    expect(other.current).toEqual([]);
  });

  it('agents may read a customer but not the board, topics or re-analysis', async () => {
    const { ann } = await setup();
    const tries = [
      ann.command('voc/board', {}),
      ann.command('voc/topicMessages', { topicId: 1 }),
      ann.command('voc/topicUpdate', { topicId: 1, hidden: true }),
      ann.command('voc/topicMerge', { targetId: 1, sourceIds: [2] }),
      ann.command('voc/reanalyse', {}),
    ];
    for (const reply of await Promise.all(tries)) expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('rename, merge, hide and pin are kept and apply to new messages, and to a re-analysis of history', async () => {
    const { t, sue } = await setup();
    for (const [i, text] of [
      'order 533232 damaged',
      'The screen is cracked on my new phone',
      'Please cancel my subscription',
      'delivery was late',
    ].entries()) {
      await t.hub.center.ingest(chatEvent({ from: { kind: 'email', value: `c${i}@example.com` }, bodyText: text }));
    }
    const damaged = await until(() => topicNamed(sue, 'order damaged'));
    const cracked = (await topicNamed(sue, 'screen cracked'))!;
    const cancel = (await topicNamed(sue, 'cancel subscription'))!;
    const late = (await topicNamed(sue, 'delivery late'))!;

    expect(await sue.ok('voc/topicUpdate', { topicId: damaged.topicId, label: 'Damaged on arrival', pinned: true })).toEqual({
      topicId: damaged.topicId,
      label: 'Damaged on arrival',
      pinned: true,
      hidden: false,
    });
    expect(await sue.ok('voc/topicMerge', { targetId: damaged.topicId, sourceIds: [cracked.topicId] })).toEqual({
      targetId: damaged.topicId,
      merged: 1,
    });
    await sue.ok('voc/topicUpdate', { topicId: cancel.topicId, hidden: true });
    expect((await sue.command('voc/topicUpdate', { topicId: cracked.topicId, label: 'x' })).ok).toBe(false);

    let board = await sue.ok('voc/board', {});
    expect(board.top[0]).toMatchObject({ topicId: damaged.topicId, label: 'Damaged on arrival', count: 2, pinned: true });
    expect(board.top.find((x) => x.topicId === cancel.topicId)).toBeUndefined();

    // New messages: the longer wording does not replace a supervisor's name; the merged key counts for the target;
    // the hidden topic keeps counting out of sight.
    await t.hub.center.ingest(chatEvent({ bodyText: 'My order #1234567 arrived damaged' }));
    await t.hub.center.ingest(chatEvent({ bodyText: 'screen cracked again' }));
    await t.hub.center.ingest(chatEvent({ bodyText: 'How do I cancel my subscription?' }));
    board = await until(async () => {
      const b = await sue.ok('voc/board', { includeHidden: true });
      return b.progress.pending === 0 && b.top.find((x) => x.topicId === damaged.topicId)?.count === 4 ? b : false;
    });
    expect(board.top.find((x) => x.topicId === damaged.topicId)?.label).toBe('Damaged on arrival');
    expect(board.top.find((x) => x.topicId === cancel.topicId)).toMatchObject({ count: 2, hidden: true });
    expect((await sue.ok('voc/board', {})).top.find((x) => x.topicId === cancel.topicId)).toBeUndefined();

    // Pinned with no messages in the period still shows (so a supervisor can watch for it).
    await sue.ok('voc/topicUpdate', { topicId: late.topicId, pinned: true });
    expect((await sue.ok('voc/board', { channel: 'sms' })).top.map((x) => [x.topicId, x.count])).toEqual(
      expect.arrayContaining([[late.topicId, 0]]),
    );

    // Re-analysing history gives the same figures, choices kept; progress is pushed.
    const before = await sue.ok('voc/board', { includeHidden: true });
    const started = await sue.ok('voc/reanalyse', {});
    expect(started.reanalysis).toMatchObject({ total: 7 });
    await sue.waitFor('voc/progress', (p) => p.reanalysis === null);
    const after = await sue.ok('voc/board', { includeHidden: true });
    const figures = (b: VocBoard) => b.top.map((x) => [x.label, x.count, x.hidden, x.pinned]).sort();
    expect(figures(after)).toEqual(figures(before));
    expect(await analysedCount(t)).toBe(7);
    // The all-queues rollup always equals the per-queue counts summed, after merges and a re-analysis alike.
    const rollup = await t.hub.store.all(sql`SELECT day, topic_id, n FROM voc_topic_total_day ORDER BY day, topic_id`);
    const summed = await t.hub.store.all(
      sql`SELECT day, topic_id, sum(n) AS n FROM voc_topic_day GROUP BY day, topic_id ORDER BY day, topic_id`,
    );
    expect(rollup).toEqual(summed);
    expect(rollup.length).toBeGreaterThan(0);
  });

  it('catches up after a restart: messages stored while analysis was off are read when it runs', async () => {
    const { t } = await setup({ enabled: false });
    const off = await (await t.connect('sue', 'sue-password')).command('voc/board', {});
    expect(off).toMatchObject({ ok: false, error: { code: 'channel_unavailable' } });
    for (let i = 0; i < 30; i++)
      await sms(t, `+1555020${String(i).padStart(4, '0')}`, i % 2 ? 'The app keeps crashing' : 'I was charged twice');
    expect(await analysedCount(t)).toBe(0);

    await t.hub.stop();
    t.hub = await startHub({
      dbFile: t.dbFile,
      logLevel: 'silent',
      bootstrapAdmin: { username: 'admin', password: ADMIN_PASSWORD },
      twilio: twilioConfig(fake!.url),
      voc: { ...VOC, batchSize: 7 },
    });
    await until(async () => (await analysedCount(t)) === 30, 10_000);
    const sue = await t.connect('sue', 'sue-password');
    const board = await sue.ok('voc/board', {});
    expect(board.top.map((x) => [x.label, x.count])).toEqual(
      expect.arrayContaining([
        ['app keeps crashing', 15],
        ['charged twice', 15],
      ]),
    );
    // Once more: nothing is read twice.
    await t.hub.stop();
    t.hub = await startHub({ dbFile: t.dbFile, logLevel: 'silent', twilio: twilioConfig(fake!.url), voc: VOC });
    await new Promise((r) => setTimeout(r, 300));
    expect(await analysedCount(t)).toBe(30);
  });

  it('a topic that bursts within the hour raises one spike alert to supervisors', async () => {
    const { t, sue } = await setup();
    for (let i = 0; i < 6; i++) {
      await t.hub.center.ingest(
        chatEvent({ from: { kind: 'email', value: `o${i}@example.com` }, bodyText: 'Your website is down, I get error 503' }),
      );
    }
    const spike = await sue.waitFor('voc/spike', undefined, 10_000);
    expect(spike).toMatchObject({ label: 'website down', lastHour: 6, baselinePerHour: 0 });
    const board = await sue.ok('voc/board', {});
    expect(board.spikes.map((s) => s.label)).toEqual(['website down']);
    // Quiet period: more of the same within the hour does not alert again.
    await t.hub.center.ingest(chatEvent({ bodyText: 'website is down' }));
    await until(async () => (await analysedCount(t)) === 7);
    await new Promise((r) => setTimeout(r, 500));
    expect(sue.received('voc/spike')).toHaveLength(1);
  });
});
