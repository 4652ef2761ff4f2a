import { afterEach, describe, expect, it } from 'vitest';
import { sign, verify } from '../../services/platform/webhooks/signature';
import { sql } from '../../services/store/sql';
import { retryDelay } from '../../services/platform/webhooks/sender';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';
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

const fastRetries = { platform: { webhooks: { retryBaseMs: 40, maxRetryMs: 300, maxAttempts: 100, timeoutMs: 2000, pollMs: 50 } } };

describe('outgoing webhooks', () => {
  it('signs over timestamp.body; a tampered body, another secret or an old timestamp fails', () => {
    const body = '{"id":"evt_1"}';
    const now = 1_800_000_000;
    const header = sign('whsec_a', now, body);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verify('whsec_a', header, body, now)).toBe(true);
    expect(verify('whsec_a', header, '{"id":"evt_2"}', now)).toBe(false);
    expect(verify('whsec_b', header, body, now)).toBe(false);
    expect(verify('whsec_a', header, body, now + 301)).toBe(false);
    expect(verify('whsec_a', 'v1=abc', body, now)).toBe(false);
  });

  it('backs off exponentially with jitter, capped', () => {
    const s = { retryBaseMs: 1000, maxRetryMs: 3_600_000 };
    expect(retryDelay(1, s, () => 0.5)).toBe(1000);
    expect(retryDelay(4, s, () => 0.5)).toBe(8000);
    expect(retryDelay(40, s, () => 0.5)).toBe(3_600_000);
    expect(retryDelay(3, s, () => 0)).toBe(2000);
    expect(retryDelay(3, s, () => 0.999)).toBeLessThan(6000);
  });

  it('a receiver that goes down and comes back (and a hub restart in between) gets every event exactly once', async () => {
    t = await startTestHub(fastRetries);
    await seed(t, [{ username: 'ann' }]);
    receiver = new WebhookReceiver();
    await receiver.up();
    const admin = await t.admin();
    const { subscription, secret } = await admin.ok('platform/webhookCreate', {
      url: receiver.url,
      events: ['conversation.created', 'message.in'],
      description: 'CRM',
    });
    receiver.secret = secret;
    expect(secret).toMatch(/^whsec_/);
    expect((await admin.ok('platform/webhooks', {}))[0]).not.toHaveProperty('secret');

    for (let i = 0; i < 3; i += 1) await t.hub.center.ingest(chatEvent({ bodyText: `before ${i}` }));
    await until(() => receiver!.accepted.length === 6, 5000);
    expect(receiver.accepted.find((e) => e.type === 'message.in')?.data).toMatchObject({ bodyText: 'before 0', channel: 'chat' });

    // Down: events keep being committed; deliveries fail and wait with backoff.
    await receiver.down();
    for (let i = 0; i < 4; i += 1) await t.hub.center.ingest(chatEvent({ bodyText: `while down ${i}` }));
    await until(
      async () =>
        (await admin.ok('platform/webhookDeliveries', { subscriptionId: subscription.id })).some(
          (d) => d.attempts >= 2 && d.state === 'pending',
        ),
      5000,
    );
    const failing = await admin.ok('platform/webhookDeliveries', { subscriptionId: subscription.id });
    expect(failing.find((d) => d.state === 'pending' && d.attempts >= 1)?.lastError).toMatch(/could not connect/);

    // The hub restarts while the receiver is still down: the outbox is in SQLite, nothing is lost.
    admin.close();
    await t.restart();
    // Back up with nothing new happening: the restarted hub resumes what was pending on its own.
    await receiver.up();
    await until(() => receiver!.accepted.length === 14, 10_000);
    for (let i = 0; i < 2; i += 1) await t.hub.center.ingest(chatEvent({ bodyText: `after restart ${i}` }));
    await until(() => receiver!.accepted.length === 18, 10_000);

    const texts = receiver.accepted.filter((e) => e.type === 'message.in').map((e) => e.data.bodyText);
    expect(texts).toEqual(expect.arrayContaining(['before 2', 'while down 3', 'after restart 1']));
    expect(new Set(receiver.accepted.map((e) => e.id)).size).toBe(18);
    expect(receiver.badSignatures).toBe(0);

    // Re-send from the console: the receiver sees the same event id again and keeps one copy.
    const admin2 = await t.admin();
    const delivered = (await admin2.ok('platform/webhookDeliveries', { subscriptionId: subscription.id })).filter(
      (d) => d.state === 'delivered',
    );
    expect(delivered).toHaveLength(18);
    const again = await admin2.ok('platform/webhookResend', { deliveryId: delivered[0]!.id });
    expect(again.state).toBe('pending');
    await until(() => receiver!.duplicates === 1, 5000);
    expect(receiver.accepted).toHaveLength(18);
    // The receiver answers before the hub records the attempt: wait for the row, not the request.
    const list = await until(async () => {
      const l = await admin2.ok('platform/webhooks', {});
      return l[0]?.pending === 0 ? l : undefined;
    }, 5000);
    expect(list[0]).toMatchObject({ pending: 0, failed: 0, active: true });
  });

  it('delivers closed, missed offers and SLA breaches, holds them while a subscription is paused and sends them on resume', async () => {
    t = await startTestHub({ ...fastRetries, routing: { offerTimeoutMs: 300, rejectCooldownMs: 0 } });
    await seed(t, [{ username: 'ann' }], [{ id: 'support', name: 'Support', channels: ['chat'], skills: {}, slaSeconds: 1, priority: 0 }]);
    receiver = new WebhookReceiver();
    await receiver.up();
    const admin = await t.admin();
    const { subscription, secret } = await admin.ok('platform/webhookCreate', {
      url: receiver.url,
      events: ['conversation.closed', 'sla.breached', 'offer.missed'],
    });
    receiver.secret = secret;
    const ann = await t.connect('ann', 'ann-password');
    const created = await t.hub.center.ingest(chatEvent({ bodyText: 'slow one' }));
    await new Promise((r) => setTimeout(r, 1100));
    await ann.ok('presence/set', { presence: 'available' });
    // The first offer is left to time out (a missed offer); the next one is taken after the SLA passed.
    const missed = await ann.waitFor('offer/new');
    await until(() => receiver!.accepted.some((e) => e.type === 'offer.missed'), 5000);
    expect(receiver.accepted.find((e) => e.type === 'offer.missed')?.data).toMatchObject({
      offerId: missed.offerId,
      conversationId: created.conversation.id,
    });
    await ann.ok('presence/set', { presence: 'available' });
    const offer = await ann.waitFor('offer/new', (o) => o.offerId !== missed.offerId);
    await ann.ok('offer/accept', { offerId: offer.offerId });
    await ann.ok('conversation/close', { conversationId: created.conversation.id, disposition: 'resolved' });
    await until(() => receiver!.accepted.some((e) => e.type === 'conversation.closed'), 5000);
    expect(receiver.accepted.find((e) => e.type === 'sla.breached')?.data).toMatchObject({ outcome: 'answered', slaSeconds: 1 });
    expect(receiver.accepted.find((e) => e.type === 'conversation.closed')?.data).toMatchObject({
      disposition: 'resolved',
      channel: 'chat',
    });
    const before = receiver.accepted.length;

    await admin.ok('platform/webhookSetActive', { subscriptionId: subscription.id, active: false });
    const second = await t.hub.center.ingest(chatEvent({ bodyText: 'while paused' }));
    const offer2 = await ann.waitFor('offer/new', (o) => o.conversationId === second.conversation.id);
    await ann.ok('offer/accept', { offerId: offer2.offerId });
    await ann.ok('conversation/close', { conversationId: second.conversation.id, disposition: 'resolved' });
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.accepted).toHaveLength(before);
    // Resumed: what was queued while paused goes out.
    await admin.ok('platform/webhookSetActive', { subscriptionId: subscription.id, active: true });
    await until(
      () => receiver!.accepted.some((e) => e.type === 'conversation.closed' && e.data.conversationId === second.conversation.id),
      5000,
    );
    await admin.ok('platform/webhookDelete', { subscriptionId: subscription.id });
    expect(await admin.ok('platform/webhooks', {})).toHaveLength(0);
  });

  it('a new subscription gets what happens from then on, not the history before it', async () => {
    t = await startTestHub(fastRetries);
    await seed(t, [{ username: 'ann' }]);
    for (let i = 0; i < 3; i += 1) await t.hub.center.ingest(chatEvent({ bodyText: `history ${i}` }));
    const watermark = await t.hub.store.all<{ value: number }>(sql`SELECT value FROM platform_watermark WHERE name = 'event'`);
    // No subscription: the feed has not run (no write per commit), so the watermark has not moved.
    expect(watermark[0]?.value).toBe(0);
    receiver = new WebhookReceiver();
    await receiver.up();
    const admin = await t.admin();
    receiver.secret = (await admin.ok('platform/webhookCreate', { url: receiver.url, events: ['message.in'] })).secret;
    await t.hub.center.ingest(chatEvent({ bodyText: 'news' }));
    await until(() => receiver!.accepted.length === 1, 5000);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.accepted.map((e) => e.data.bodyText)).toEqual(['news']);
  });

  it('only admins manage webhooks; a bad URL is refused', async () => {
    t = await startTestHub();
    await seed(t, [{ username: 'ann' }, { username: 'sue', role: 'supervisor' }]);
    const sue = await t.connect('sue', 'sue-password');
    const refused = await sue.command('platform/webhookCreate', { url: 'http://127.0.0.1:1/x', events: ['message.in'] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const admin = await t.admin();
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'not a url', `http://x/${'a'.repeat(3000)}`]) {
      expect(await admin.command('platform/webhookCreate', { url, events: ['message.in'] })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    }
  });
});
