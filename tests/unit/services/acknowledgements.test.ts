import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AckWorker, type AckSender } from '../../../services/acknowledgements/worker';
import { AckSettings, defaultAckSettings, renderAck, withinLabel, type Queue } from '../../../services/contracts';
import { ingestInbound } from '../../../services/ingest/ingest';
import { insertMessage } from '../../../services/store/repos/messages';
import { sql } from '../../../services/store/sql';
import type { Store } from '../../../services/store/store';
import { authorLabel } from '../../../renderer/features/conversation/messageLines';
import { openIngestStore } from '../../support/ingestStore';

const MON_0800_UTC = Date.parse('2026-12-07T08:00:00Z');
const weekdays = { timeZone: 'UTC', weekly: { mon: [{ from: '09:00', to: '17:00' }] }, exceptions: [] };

describe('acknowledgement wording', () => {
  const channel = {
    enabled: true,
    open: '{{queue.name}}: {{expectedReply}} ({{reference}})',
    closed: 'Closed until {{opensAt}}; {{expectedReply}}.',
  };
  it('promises the SLA while open and an instant in open time while closed', () => {
    const queue = { name: 'Sales', slaSeconds: 7200, hours: weekdays };
    expect(renderAck(channel, queue, MON_0800_UTC + 3600_000, 'SB-7')).toEqual({ text: 'Sales: within 2 hours (SB-7)', openNow: true });
    // Closed at 08:00: opens 09:00, two open hours later is 11:00.
    expect(renderAck(channel, queue, MON_0800_UTC, 'SB-7')).toEqual({ text: 'Closed until Mon 09:00; by Mon 11:00.', openNow: false });
    // Monday 16:30: half an hour left today, the rest next Monday (more than 6 days away: a date).
    expect(renderAck(channel, queue, MON_0800_UTC + 8.5 * 3600_000, 'SB-7').text).toBe('Sales: within 2 hours (SB-7)');
    expect(renderAck(channel, { name: 'Sales', slaSeconds: 7200 }, MON_0800_UTC, 'SB-7').openNow).toBe(true);
  });

  it('says spans in words', () => {
    expect([withinLabel(60), withinLabel(90), withinLabel(3600), withinLabel(5400), withinLabel(86400 * 2)]).toEqual([
      'within 1 minute',
      'within 2 minutes',
      'within 1 hour',
      'within 1.5 hours',
      'within 2 days',
    ]);
  });

  it('refuses placeholders it cannot fill, and a rate limit out of range', () => {
    expect(AckSettings.safeParse({ ...defaultAckSettings, sms: { ...defaultAckSettings.sms, open: 'Hi {{customer.name}}' } }).success).toBe(
      false,
    );
    expect(AckSettings.safeParse({ ...defaultAckSettings, perAddressMinutes: 0 }).success).toBe(false);
    expect(AckSettings.safeParse(defaultAckSettings).success).toBe(true);
  });

  it('shows the agent the acknowledgement as the hub’s, not theirs', () => {
    const m = {
      id: 1,
      conversationId: 1,
      direction: 'out' as const,
      authorAgentId: null,
      bodyText: 'x',
      bodyHtml: null,
      providerId: null,
      status: 'sent',
      createdAt: 0,
    };
    expect(authorLabel({ ...m, meta: { acknowledgement: true } }, 'Carol')).toBe('Automatic acknowledgement sent');
    expect(authorLabel({ ...m, meta: {} }, 'Carol')).toBe('You');
  });
});

describe('AckWorker on a real SQLite file', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  const queue: Queue = {
    id: 'support',
    name: 'Support',
    channels: ['sms', 'chat'],
    skills: {},
    slaSeconds: 60,
    priority: 0,
    slTargetPercent: 80,
    shortAbandonSeconds: 0,
  };
  const log = pino({ level: 'silent' });

  /** The channel's side, recording what it was asked to send (the real channels are tested in integration). */
  function recordingSender(store: Store, failOn?: string): AckSender & { delivered: number[] } {
    const delivered: number[] = [];
    return {
      channel: 'sms',
      delivered,
      inspect: async (_tx, c) => ({ address: String(c.message.meta.from) }),
      async enqueue(tx, c, text, at) {
        if (failOn !== undefined && c.message.bodyText === failOn) throw new Error('disk full');
        return (
          await insertMessage(tx, {
            conversationId: c.conversationId,
            direction: 'out',
            bodyText: text,
            status: 'queued',
            meta: { acknowledgement: true },
            at,
          })
        ).id;
      },
      async deliver(ids) {
        delivered.push(...ids);
      },
    };
    void store;
  }

  async function setup() {
    const opened = await openIngestStore('acks');
    close = opened.close;
    const { store } = opened;
    const settings = JSON.stringify({ ...defaultAckSettings, sms: { ...defaultAckSettings.sms, enabled: true } });
    await store.write((tx) =>
      tx.run(sql`INSERT INTO queue_acknowledgement (queue_id, settings, updated_at) VALUES ('support', ${settings}, 0)`),
    );
    const sms = (from: string, body: string) =>
      ingestInbound(store, {
        channel: 'sms',
        providerId: `SM-${from}-${body}`,
        from: { kind: 'phone', value: from },
        queueId: 'support',
        threadKey: `sms:${from}:+15550001111`,
        bodyText: body,
        meta: { from, to: '+15550001111' },
      });
    const worker = (sender: AckSender) => new AckWorker({ store, queue: () => queue, sender, now: Date.now, log });
    return { store, sms, worker };
  }

  it('decides what came in while no worker ran, once, and a restarted worker decides nothing again', async () => {
    const { store, sms, worker } = await setup();
    await sms('+15557650001', 'first');
    await sms('+15557650001', 'second in the thread');
    await sms('+15557650002', 'another customer');
    const a = recordingSender(store);
    const w1 = worker(a);
    w1.start();
    await w1.settled();
    await w1.stop();
    expect(a.delivered).toHaveLength(2);
    const b = recordingSender(store);
    const w2 = worker(b);
    w2.start();
    await w2.settled();
    await w2.stop();
    expect(b.delivered).toEqual([]);
    const rows = await store.all<{ state: string }>(sql`SELECT state FROM acknowledgement`);
    expect(rows.map((r) => r.state)).toEqual(['queued', 'queued']);
  });

  it('a failure while deciding commits nothing of the batch; the next run decides it all exactly once', async () => {
    const { store, sms, worker } = await setup();
    await sms('+15557650001', 'first');
    await sms('+15557650002', 'boom');
    const broken = recordingSender(store, 'boom');
    const w1 = worker(broken);
    w1.start();
    await w1.settled();
    await w1.stop();
    expect(broken.delivered).toEqual([]);
    expect(await store.all(sql`SELECT * FROM acknowledgement`)).toEqual([]);
    const fixed = recordingSender(store);
    const w2 = worker(fixed);
    w2.start();
    await w2.settled();
    await w2.stop();
    expect(fixed.delivered).toHaveLength(2);
    const outs = await store.get<{ n: number }>(sql`SELECT count(*) AS n FROM message WHERE direction = 'out'`);
    expect(outs!.n).toBe(2);
  });
});
