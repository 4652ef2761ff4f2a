import { mkdirSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from '../../services/store/sql';
import type { CustomerExport, ErasureReport } from '../../services/contracts';
import { api, createKey } from '../support/platform';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';
import { findTraces } from '../support/traces';
import { until } from '../support/until';
import { WebhookReceiver } from '../support/webhookReceiver';

let t: TestHub | undefined;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.down();
  await t?.stop();
  t = undefined;
  receiver = undefined;
});

const SECRETS = [
  'Zebulon',
  'Quixotefield',
  'zq.private@example.com',
  '+14155550199',
  'xylophonicsecret',
  'marmaladeconfession',
  'vermilionnote',
  'passport-scan',
];
const SHA = 'ab'.repeat(32);

describe('customer data rights', () => {
  it('exports everything about a customer, then erases them without a trace in any table or search index; figures stay the same', async () => {
    t = await startTestHub({ platform: { webhooks: { retryBaseMs: 40, maxRetryMs: 200, maxAttempts: 50, timeoutMs: 2000, pollMs: 50 } } });
    await seed(t, [{ username: 'ann' }]);
    const admin = await t.admin();
    receiver = new WebhookReceiver();
    await receiver.up();
    receiver.secret = (
      await admin.ok('platform/webhookCreate', { url: receiver.url, events: ['message.in', 'conversation.created', 'customer.merged'] })
    ).secret;
    const key = (await createKey(admin, ['customers:read', 'customers:export', 'customers:erase', 'metrics:read'])).secret;
    const readOnly = (await createKey(admin, ['customers:read'])).secret;

    const first = await t.hub.center.ingest(
      chatEvent({
        from: { kind: 'email', value: 'zq.private@example.com', displayName: 'Zebulon Quixotefield' },
        bodyText: 'my xylophonicsecret order',
      }),
    );
    const customerId = first.customerId;
    const second = await t.hub.center.ingest(
      chatEvent({ from: { kind: 'email', value: 'zq.private@example.com' }, bodyText: 'and a marmaladeconfession', threadKey: 'other' }),
    );
    // A second record for the same person (by phone), merged into the first: erasing the person erases both.
    const other = await t.hub.center.ingest(
      chatEvent({
        channel: 'sms',
        from: { kind: 'phone', value: '+14155550199', displayName: 'Z Q' },
        bodyText: 'sms xylophonicsecret',
        threadKey: 'sms:zq',
      }),
    );
    const keeper = await t.hub.center.ingest(
      chatEvent({ from: { kind: 'email', value: 'keeper@example.com', displayName: 'Kept Person' }, bodyText: 'keep these words' }),
    );
    const ann = await t.connect('ann', 'ann-password');
    await ann.ok('customer/addNote', { customerId, body: 'vermilionnote: prefers mornings' });
    await ann.ok('customer/merge', { survivorId: customerId, mergedId: other.customerId, reason: 'same person' });
    // An attachment (row and content-addressed file) on one of their messages.
    const file = path.join(t.dir, 'email', 'attachments', SHA.slice(0, 2), SHA.slice(2, 4), SHA);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'scan');
    await t.hub.store.write((tx) =>
      tx.run(
        sql`INSERT INTO attachment (message_id, filename, content_type, size, sha256) VALUES (${first.message.id}, ${'passport-scan.pdf'}, 'application/pdf', 4, ${SHA})`,
      ),
    );
    await until(() => receiver!.accepted.some((e) => e.type === 'customer.merged'), 5000);

    const exported = await api(t, key, 'GET', `/customers/${customerId}/export`);
    expect(exported.status).toBe(200);
    const dump = exported.body as CustomerExport;
    expect(dump.customer.displayName).toBe('Zebulon Quixotefield');
    expect(dump.mergedRecords.map((r) => r.id)).toEqual([other.customerId]);
    expect(dump.notes.map((n) => n.body)).toEqual(['vermilionnote: prefers mornings']);
    expect(dump.conversations.flatMap((c) => c.messages.map((m) => m.bodyText)).sort()).toEqual(
      ['and a marmaladeconfession', 'my xylophonicsecret order', 'sms xylophonicsecret'].sort(),
    );
    expect(dump.conversations.flatMap((c) => c.messages.flatMap((m) => m.attachments))).toEqual([
      { filename: 'passport-scan.pdf', contentType: 'application/pdf', size: 4 },
    ]);

    // Open work blocks erasure (the desk may be answering it); abandoned, it can go.
    const wrongScope = await api(t, readOnly, 'DELETE', `/customers/${customerId}?reason=request`);
    expect(wrongScope.status).toBe(403);
    const blocked = await api(t, key, 'DELETE', `/customers/${customerId}?reason=request`);
    expect(blocked).toMatchObject({ status: 409, body: { code: 'conflict' } });
    for (const c of [first, second, other]) await t.hub.center.abandon(c.conversation.id, 'left');
    const now = Date.now();
    const reportBefore = (await api(t, key, 'GET', `/reports?from=${now - 3_600_000}&to=${now + 60_000}`)).body;
    expect((await findTraces(t.dbFile, SECRETS)).length).toBeGreaterThan(5);

    const erased = await api(t, key, 'DELETE', `/customers/${customerId}?reason=${encodeURIComponent('GDPR art. 17 request #4411')}`);
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({
      customers: 2,
      conversations: 3,
      messages: 3,
      identities: 2,
      attachments: 1,
      attachmentFiles: 1,
    } satisfies Partial<ErasureReport>);

    expect(await findTraces(t.dbFile, SECRETS)).toEqual([]);
    expect(existsSync(file)).toBe(false);
    expect((await api(t, key, 'GET', `/customers/${customerId}`)).status).toBe(404);
    expect((await api(t, key, 'GET', `/customers/search?q=Zebulon`)).body).toEqual({ items: [] });
    // Someone else's data is untouched; the figures over the window are the same.
    expect((await api(t, key, 'GET', `/customers/${keeper.customerId}`)).status).toBe(200);
    expect(await findTraces(t.dbFile, ['keep these words', 'Kept Person'])).not.toEqual([]);
    expect((await api(t, key, 'GET', `/reports?from=${now - 3_600_000}&to=${now + 60_000}`)).body).toEqual(reportBefore);
    const erasures = await t.hub.store.all<{ reason: string; report: string }>(sql`SELECT reason, report FROM customer_erasure`);
    expect(erasures).toEqual([{ reason: 'GDPR art. 17 request #4411', report: expect.stringContaining('"messages":3') }]);
  });

  it('the same works from the console (admin only); a retention policy deletes old chats on schedule and shows its runs', async () => {
    t = await startTestHub({ platform: { retention: { intervalMs: 1000 } } });
    await seed(t, [{ username: 'ann' }]);
    const admin = await t.admin();
    const ann = await t.connect('ann', 'ann-password');
    const old = await t.hub.center.ingest(chatEvent({ bodyText: 'an oldchatwords here' }));
    const oldEmail = await t.hub.center.ingest(chatEvent({ channel: 'email', bodyText: 'an old email', threadKey: 'e1' }));
    const recent = await t.hub.center.ingest(chatEvent({ bodyText: 'a recentchatwords here' }));
    for (const c of [old, oldEmail, recent]) await t.hub.center.abandon(c.conversation.id, 'left');
    const threeDaysAgo = Date.now() - 3 * 86_400_000;
    await t.hub.store.write((tx) =>
      tx.run(sql`UPDATE conversation SET closed_at = ${threeDaysAgo} WHERE id IN (${old.conversation.id}, ${oldEmail.conversation.id})`),
    );

    expect(await ann.command('platform/retentionSet', { channel: 'chat', days: 2 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await ann.command('platform/customerErase', { customerId: old.customerId, reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await admin.ok('platform/retentionSet', { channel: 'chat', days: 2 });
    const view = await until(async () => {
      const r = await admin.ok('platform/retention', {});
      return r.runs.length > 0 ? r : undefined;
    }, 5000);
    expect(view.policies).toMatchObject([{ channel: 'chat', days: 2 }]);
    expect(view.runs[0]).toMatchObject({ channel: 'chat', days: 2, conversations: 1, messages: 1 });
    const left = await t.hub.store.all<{ id: number }>(sql`SELECT id FROM conversation ORDER BY id`);
    expect(left.map((r) => r.id)).toEqual([oldEmail.conversation.id, recent.conversation.id]);
    expect(await findTraces(t.dbFile, ['oldchatwords'])).toEqual([]);

    const report = await admin.ok('platform/customerErase', { customerId: recent.customerId, reason: 'asked by phone' });
    expect(report).toMatchObject({ customers: 1, conversations: 1, messages: 1 });
    expect(await findTraces(t.dbFile, ['recentchatwords'])).toEqual([]);
    // A console download link works once signed, for a short time, only for what it names.
    const link = await admin.ok('platform/downloadLink', { kind: 'messages', format: 'csv' });
    const csv = await fetch(`${t.hub.url}${link.url}`);
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('an old email');
    const tampered = await fetch(`${t.hub.url}${link.url.replace('format=csv', 'format=json')}`);
    expect(tampered.status).toBe(401);
  });
});
