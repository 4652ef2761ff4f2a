import { afterEach, describe, expect, it } from 'vitest';
import { Connection } from '../../services/store/connection';
import { sql } from '../../services/store/sql';
import type { AgentClient } from '../support/agentClient';
import { dovecotUnavailable } from '../support/dovecot';
import { customerMail, startEmailHarness, type EmailHarness } from '../support/emailHub';
import { spawnHub, type HubProcess } from '../support/hubProcess';
import { fileCustomer } from '../support/outbound';
import { until } from '../support/until';

const skip = dovecotUnavailable();
if (skip) console.warn(`email outbox crash tests skipped: ${skip}`);

let h: EmailHarness | undefined;
let child: HubProcess | undefined;
afterEach(async () => {
  await child?.kill();
  child = undefined;
  await h?.stop();
  h = undefined;
});

type Row = { id: number; state: string; attempts: number; message_id: string; message_row_id: number; handed_at: number | null };

/** Reads the rows straight from the file (the hub writing it may be another process). */
async function outboxRows(harness: EmailHarness): Promise<Row[]> {
  const db = await Connection.open(harness.t.dbFile, 'readonly');
  try {
    return await db.all<Row>(sql`SELECT id, state, attempts, message_id, message_row_id, handed_at FROM email_outbox ORDER BY id`);
  } finally {
    await db.close();
  }
}

/** Mail that arrived at the relay, grouped by Message-ID (without brackets) -> copies. */
function copiesById(harness: EmailHarness): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of harness.relay.received) {
    const id = (m.parsed.messageId ?? '').replace(/[<>]/g, '');
    out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

/** A fresh outbound mail queued while the relay is down, then the in-process hub stopped: one 'queued' row. */
async function queuedWhileRelayDown(harness: EmailHarness): Promise<Row> {
  const customerId = await fileCustomer(harness.t, 'Carol', [{ kind: 'email', value: 'carol@customer.example' }]);
  const ann = await harness.t.connect('ann', 'ann-password');
  await ann.ok('presence/set', { presence: 'available' });
  const conversation = await ann.ok('conversation/startOutbound', { customerId, channel: 'email', subject: 'Crash test' });
  await harness.relay.stop();
  await ann.ok('email/send', { conversationId: conversation.id, mode: 'new', bodyText: 'Sent across a crash.' });
  await until(async () => ((await outboxRows(harness))[0]?.attempts ?? 0) >= 1, 10_000);
  await harness.t.hub.stop();
  const [row] = await outboxRows(harness);
  expect(row).toMatchObject({ state: 'queued', handed_at: null });
  return row!;
}

/** The hub in a child process on the same data directory, sending through the relay (started here). */
async function childHubSending(harness: EmailHarness): Promise<HubProcess> {
  await harness.relay.start();
  child = await spawnHub({ dbFile: harness.t.dbFile, email: harness.config, tickMs: 20 });
  return child;
}

/** After a restart on the same data: every row sent, and a short settle shows no further copy arrives. */
async function restartAndSettle(harness: EmailHarness): Promise<Row[]> {
  await harness.t.restart();
  await until(async () => (await outboxRows(harness)).every((r) => r.state === 'sent'), 10_000);
  await harness.relay.waitFor(1, 10_000);
  // A resend would be under way by now; give it time to show up if it exists.
  await new Promise((r) => setTimeout(r, 700));
  return outboxRows(harness);
}

describe.skipIf(skip !== null)('email outbox across a crash (kill -9 of a child hub, real smtp-server relay)', () => {
  it('killed before DATA (relay holding RCPT): the row was never handed over, so it is sent exactly once after restart', async () => {
    h = await startEmailHarness();
    const queued = await queuedWhileRelayDown(h);
    const hold = h.relay.hold('rcpt');
    const hub = await childHubSending(h);
    await hold.reached;
    // Envelope under way, message bytes not yet: still 'queued', nothing handed (the old code said 'sending').
    expect((await outboxRows(h))[0]).toMatchObject({ state: 'queued', handed_at: null });
    await hub.kill();
    const relay = h.relay;
    await until(() => relay.openSessions() === 0, 5000);
    hold.release();
    const rows = await restartAndSettle(h);
    expect(copiesById(h)).toEqual(new Map([[queued.message_id, 1]]));
    expect(rows[0]).toMatchObject({ state: 'sent', message_id: queued.message_id });
  });

  it('killed after the bytes were handed over, before the relay answered: resent once with the same Message-ID', async () => {
    h = await startEmailHarness();
    const queued = await queuedWhileRelayDown(h);
    const hold = h.relay.hold('data');
    const hub = await childHubSending(h);
    await hold.reached;
    const [handed] = await outboxRows(h);
    expect(handed).toMatchObject({ state: 'sending' });
    expect(handed!.handed_at).not.toBeNull();
    await hub.kill();
    const relay = h.relay;
    await until(() => relay.openSessions() === 0, 5000);
    hold.release(); // the client is gone before the relay answered: the relay drops that transaction
    const rows = await restartAndSettle(h);
    expect(copiesById(h)).toEqual(new Map([[queued.message_id, 1]]));
    expect(rows[0]).toMatchObject({ state: 'sent', message_id: queued.message_id });
    const agentView = await h.t.hub.store.get<{ meta: string }>(sql`SELECT meta FROM message WHERE id = ${queued.message_row_id}`);
    expect(JSON.parse(agentView!.meta)).toMatchObject({ email: { possibleDuplicate: true, messageId: queued.message_id } });
  });

  it('killed after the relay accepted and the hub recorded it: never sent again after restart', async () => {
    h = await startEmailHarness();
    const queued = await queuedWhileRelayDown(h);
    const hub = await childHubSending(h);
    await h.relay.waitFor(1, 10_000);
    const harness = h;
    await until(async () => (await outboxRows(harness))[0]?.state === 'sent', 10_000);
    await hub.kill();
    const rows = await restartAndSettle(h);
    expect(copiesById(h)).toEqual(new Map([[queued.message_id, 1]]));
    expect(rows[0]).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('a relay slow to answer the final dot (it already queued the mail) is waited for, not retried into a duplicate', async () => {
    // connectionTimeoutMs 300: the old session timeout (3x that) gave up after 900 ms and sent the mail again.
    h = await startEmailHarness({ smtp: { connectionTimeoutMs: 300 } });
    const customerId = await fileCustomer(h.t, 'Dan', [{ kind: 'email', value: 'dan@customer.example' }]);
    const ann: AgentClient = await h.t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    const conversation = await ann.ok('conversation/startOutbound', { customerId, channel: 'email', subject: 'Slow relay' });
    const hold = h.relay.hold('data', 'deliver');
    const sent = await ann.ok('email/send', { conversationId: conversation.id, mode: 'new', bodyText: 'Patience.' });
    await hold.reached;
    // The relay has the whole mail and answers late: past the old timeout, well inside RFC 5321's 10 minutes.
    await new Promise((r) => setTimeout(r, 1500));
    hold.release();
    await ann.waitFor('message/new', (m) => m.id === sent.message.id && m.status === 'sent', 10_000);
    await new Promise((r) => setTimeout(r, 700));
    const [row] = await outboxRows(h);
    expect(copiesById(h)).toEqual(new Map([[row!.message_id, 1]]));
    expect(row).toMatchObject({ state: 'sent', attempts: 1 });
  });
});

describe.skipIf(skip !== null)('fault: an SMTP outage', () => {
  it('replies, message/send and fresh outbound mails queued while the relay is down each arrive exactly once after it returns', async () => {
    h = await startEmailHarness();
    const harness = h;
    const ann = await h.t.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    await h.imap.append('INBOX', customerMail({ subject: 'Outage' }));
    const offer = await ann.waitFor('offer/new', () => true, 10_000);
    const inbound = await ann.ok('offer/accept', { offerId: offer.offerId });
    const customerId = await fileCustomer(h.t, 'Erin', [{ kind: 'email', value: 'erin@customer.example' }]);
    const fresh = await ann.ok('conversation/startOutbound', { customerId, channel: 'email', subject: 'Outage, outbound' });

    await h.relay.stop();
    const messageIds: number[] = [];
    for (let i = 1; i <= 3; i += 1)
      messageIds.push((await ann.ok('email/send', { conversationId: inbound.id, mode: 'reply', bodyText: `Reply ${i}.` })).message.id);
    for (let i = 1; i <= 2; i += 1)
      messageIds.push((await ann.ok('message/send', { conversationId: inbound.id, bodyText: `Plain ${i}.` })).id);
    for (let i = 1; i <= 2; i += 1)
      messageIds.push((await ann.ok('email/send', { conversationId: fresh.id, mode: 'new', bodyText: `Fresh ${i}.` })).message.id);
    await until(async () => {
      const rows = await outboxRows(harness);
      return rows.length === messageIds.length && rows.every((r) => r.attempts >= 1 && r.state === 'queued');
    }, 10_000);

    await h.relay.start(); // same port
    await until(async () => (await outboxRows(harness)).every((r) => r.state === 'sent'), 15_000);
    for (const id of messageIds) await ann.waitFor('message/new', (m) => m.id === id && m.status === 'sent', 5000);
    await new Promise((r) => setTimeout(r, 700));
    const rows = await outboxRows(h);
    expect(copiesById(h)).toEqual(new Map(rows.map((r) => [r.message_id, 1])));
    expect(rows.map((r) => r.message_row_id).sort()).toEqual([...messageIds].sort());
  });
});
