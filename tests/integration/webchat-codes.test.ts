import { afterEach, describe, expect, it } from 'vitest';
import { sql } from '../../services/store/sql';
import type { AgentClient } from '../support/agentClient';
import { seed, startTestHub, type TestHub } from '../support/testHub';
import { VisitorClient } from '../support/visitorClient';
import { codeIn, proveEmail, startCaptureSmtp } from '../support/webchatSmtp';

let t: TestHub | undefined;
let smtp: Awaited<ReturnType<typeof startCaptureSmtp>> | undefined;
const visitors: VisitorClient[] = [];
afterEach(async () => {
  for (const v of visitors.splice(0)) v.close();
  await t?.stop();
  await smtp?.stop();
  t = undefined;
  smtp = undefined;
});

async function visitor(headers?: Record<string, string>): Promise<VisitorClient> {
  const v = await VisitorClient.connect(t!.hub.url, { headers });
  visitors.push(v);
  return v;
}

/** A hub with web chat, a capturing SMTP relay for the one-time codes, and Ann available for chats. */
async function codesHub(webchat: Record<string, unknown>): Promise<{ t: TestHub; smtp: NonNullable<typeof smtp>; ann: AgentClient }> {
  smtp = await startCaptureSmtp();
  t = await startTestHub({
    webchat: { smtp: { host: '127.0.0.1', port: smtp.port, ignoreTLS: true, from: 'Support <support@shop.test>' }, ...webchat },
  });
  await seed(t, [{ username: 'ann' }]);
  const ann = await t.connect('ann', 'ann-password');
  await ann.ok('presence/set', { presence: 'available' });
  return { t, smtp, ann };
}

describe('web chat one-time codes under attack', () => {
  it('40 parallel guesses over several sockets: at most maxTries are compared, the right code beyond the limit fails', async () => {
    const { t, smtp } = await codesHub({ codes: { maxTries: 5, perIpPerHour: 100 }, ipRate: { perSecond: 10, burst: 200 } });
    const sockets = [await visitor(), await visitor(), await visitor(), await visitor()];
    await sockets[0]!.ok('history/requestCode', { kind: 'email', value: 'dana@example.com' });
    const right = codeIn((await smtp.waitFor((m) => m.to.includes('dana@example.com'))).text);
    const wrong = Array.from({ length: 39 }, (_, i) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0'));
    // The right code goes last on the first socket, behind ten wrong ones on that same socket (a socket's
    // commands reach the hub in order); the other 29 guesses race in on three more sockets at the same time.
    const plan: Array<[VisitorClient, string]> = wrong.map((code, i) => [sockets[i < 10 ? 0 : 1 + (i % 3)]!, code]);
    plan.push([sockets[0]!, right]);
    const replies = await Promise.all(
      plan.map(([v, code]) => v.command('history/verify', { kind: 'email', value: 'dana@example.com', code })),
    );

    expect(replies.filter((r) => r.ok)).toHaveLength(0);
    expect(replies.at(-1)).toMatchObject({ ok: false, error: { code: 'too_many_tries' } });
    // Exactly five were compared: four told "n tries left", the fifth (the last try) "too many", the rest refused unread.
    const wrongReplies = replies.filter((r) => !r.ok && r.error.code === 'code_wrong');
    expect(wrongReplies).toHaveLength(4);
    const row = await t.hub.store.get<{ tries: number; used_at: number | null }>(
      sql`SELECT tries, used_at FROM webchat_code WHERE value = 'dana@example.com'`,
    );
    expect(row).toEqual({ tries: 5, used_at: null });
  });

  it('parallel code requests for one address cannot pass the per-address hourly limit', async () => {
    const { smtp } = await codesHub({ codes: { perIdentityPerHour: 3, perIpPerHour: 100 }, ipRate: { perSecond: 10, burst: 200 } });
    const v = await visitor();
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => v.command('history/requestCode', { kind: 'email', value: 'erin@example.com' })),
    );
    expect(replies.filter((r) => r.ok)).toHaveLength(3);
    expect(replies.filter((r) => !r.ok && r.error.code === 'rate_limited')).toHaveLength(7);
    await smtp.waitFor(() => smtp.mails.filter((m) => m.to.includes('erin@example.com')).length >= 3);
    expect(smtp.mails.filter((m) => m.to.includes('erin@example.com'))).toHaveLength(3);
  });

  it('addresses within one IPv6 /64 share the code and connection limits; another /64 does not', async () => {
    await codesHub({ trustedProxies: ['127.0.0.1'], codes: { perIpPerHour: 2 }, maxConnectionsPerIp: 3 });
    const a = await visitor({ 'x-forwarded-for': '2001:db8:15:1::1' });
    await a.ok('history/requestCode', { kind: 'email', value: 'one@example.com' });
    await a.ok('history/requestCode', { kind: 'email', value: 'two@example.com' });
    // Another address of the same /64 (as a privacy-extension or rotating client would use).
    const b = await visitor({ 'x-forwarded-for': '2001:db8:15:1:a:b:c:d' });
    expect(await b.command('history/requestCode', { kind: 'email', value: 'three@example.com' })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    });
    await visitor({ 'x-forwarded-for': '2001:0db8:0015:0001::ffff' });
    await expect(VisitorClient.connect(t!.hub.url, { headers: { 'x-forwarded-for': '2001:db8:15:1::9' } })).rejects.toThrow(
      /too_many_connections/,
    );
    // A neighbouring /64 is someone else.
    const c = await visitor({ 'x-forwarded-for': '2001:db8:15:2::1' });
    await c.ok('history/requestCode', { kind: 'email', value: 'three@example.com' });
  });

  it('a first-time visitor who verified an email sees the chat they start in the same session, also across a merge', async () => {
    const { t, smtp } = await codesHub({});
    const v = await visitor();
    const token = await proveEmail(v, smtp, 'newcomer@example.com');
    expect(await v.ok('history/list', { historyToken: token })).toEqual({ displayName: 'newcomer@example.com', items: [] });

    await v.ok('chat/start', { queueId: 'support', historyToken: token, name: 'New Comer' });
    await v.ok('message/send', { clientId: 'nc-0000001', text: 'My first question' });
    const listed = await v.ok('history/list', { historyToken: token });
    expect(listed.items.map((i) => [i.channel, i.firstLine])).toEqual([['chat', 'My first question']]);
    const chatId = listed.items[0]!.conversationId;
    expect((await v.ok('history/get', { historyToken: token, conversationId: chatId })).messages.map((m) => m.text)).toEqual([
      'My first question',
    ]);

    // An agent merges the new record into an older one of the same person: the session follows the identity.
    const older = await t.hub.center.ingest({
      channel: 'email',
      providerId: '<older@mail>',
      from: { kind: 'email', value: 'old.address@example.com', displayName: 'Old Record' },
      queueId: 'support',
      subject: 'Earlier question',
      threadKey: 'email:older',
      bodyText: 'From my old address',
    });
    const newcomer = (await t.hub.store.get<{ customer_id: number }>(
      sql`SELECT customer_id FROM identity WHERE value = 'newcomer@example.com'`,
    ))!.customer_id;
    const admin = await t.admin();
    const merge = await admin.ok('customer/merge', { survivorId: older.customerId, mergedId: newcomer, reason: 'same person' });
    const merged = await v.ok('history/list', { historyToken: token });
    expect(merged.items.map((i) => i.channel).sort()).toEqual(['chat', 'email']);
    // Undone: the identity and its chat go back, the old record's mail is no longer theirs.
    await admin.ok('customer/unmerge', { mergeId: merge.id, reason: 'not the same after all' });
    expect((await v.ok('history/list', { historyToken: token })).items.map((i) => i.conversationId)).toEqual([chatId]);
    admin.close();
  });
});

describe('mail and work items a visitor can cause are limited per address, not per chat or socket', () => {
  it('transcripts across several chats and offline messages across several sockets share the address budget', async () => {
    const { smtp } = await codesHub({ transcriptsPerAddressPerHour: 2, offlinePerAddressPerHour: 2 });
    const chats = [await visitor(), await visitor()];
    for (const [i, v] of chats.entries()) {
      await v.ok('chat/start', { queueId: 'support', email: `victim${i}@example.com` });
      await v.ok('message/send', { clientId: `tr-000000${i}`, text: 'hello' });
    }
    await chats[0]!.ok('transcript/email', {});
    await chats[1]!.ok('transcript/email', {});
    expect(await chats[0]!.command('transcript/email', { email: 'victim9@example.com' })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    });
    await smtp.waitFor(() => smtp.mails.filter((m) => m.subject === 'Your chat transcript').length >= 2);

    const offline = (v: VisitorClient, n: number) =>
      v.command('offline/submit', {
        queueId: 'support',
        clientId: `off-00000${n}`,
        name: 'Flood',
        email: `flood${n}@example.com`,
        message: `message ${n}`,
      });
    expect((await offline(await visitor(), 1)).ok).toBe(true);
    const second = await visitor();
    expect((await offline(second, 2)).ok).toBe(true);
    // A resend of a stored message is not a new one.
    expect((await offline(second, 2)).ok).toBe(true);
    expect(await offline(await visitor(), 3)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
  });
});
