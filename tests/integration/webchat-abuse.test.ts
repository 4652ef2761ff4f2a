import { afterEach, describe, expect, it } from 'vitest';
import { sql } from '../../services/store/sql';
import { seed, startTestHub, type TestHub } from '../support/testHub';
import { VisitorClient } from '../support/visitorClient';

let t: TestHub | undefined;
const visitors: VisitorClient[] = [];
afterEach(async () => {
  for (const v of visitors.splice(0)) v.close();
  await t?.stop();
  t = undefined;
});

async function visitor(): Promise<VisitorClient> {
  const v = await VisitorClient.connect(t!.hub.url);
  visitors.push(v);
  return v;
}

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

async function onlineHub(webchat: Record<string, unknown>): Promise<TestHub> {
  t = await startTestHub({ webchat });
  await seed(t, [{ username: 'ann' }]);
  const ann = await t.connect('ann', 'ann-password');
  await ann.ok('presence/set', { presence: 'available' });
  return t;
}

describe('web chat: bad input and abuse', () => {
  it('refuses malformed, oversized and out-of-order input with clear errors and keeps serving', async () => {
    const t = await onlineHub({ maxMessageChars: 100, maxFileBytes: 1000, visitorRate: { perSecond: 50, burst: 100 } });
    const v = await visitor();
    expect(await v.command('message/send', { clientId: 'x-00000001', text: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(await v.socket.timeout(5000).emitWithAck('command', 'not an envelope')).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await v.socket.timeout(5000).emitWithAck('command', { name: 'admin/agentUpsert', input: {} })).toMatchObject({
      ok: false,
      error: { code: 'unknown_command' },
    });
    v.socket.emit('command', { name: 'chat/availability', input: { queueId: 'support' } }); // no ack: ignored
    expect(await v.command('chat/start', { queueId: 'no-such-queue' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await v.command('chat/start', { queueId: 'support', email: 'not-an-email' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('email') },
    });

    await v.ok('chat/start', { queueId: 'support' });
    expect(await v.command('message/send', { clientId: 'x-00000002', text: 'y'.repeat(101) })).toMatchObject({
      ok: false,
      error: { code: 'too_large', message: 'messages are limited to 100 characters' },
    });
    expect(await v.command('message/send', { clientId: 'x-00000003', text: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await v.command('message/send', { clientId: 'bad id!', text: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    // A frame beyond the transport cap (1 MB) never reaches a handler: that connection is dropped.
    const flooder = await visitor();
    const dropped = new Promise<string>((resolve) => flooder.socket.once('disconnect', (reason) => resolve(reason)));
    flooder.socket.emit(
      'command',
      { name: 'message/send', input: { clientId: 'x-00000004', text: 'y'.repeat(2_000_000) } },
      () => undefined,
    );
    expect(await dropped).toMatch(/close/);

    // HTML is stored as the plain text it is; nothing is ever stored as HTML from a visitor.
    const html = await v.ok('message/send', { clientId: 'x-00000005', text: '<script>alert(1)</script>' });
    const row = await t.hub.store.get<{ body_text: string; body_html: string | null }>(
      sql`SELECT body_text, body_html FROM message WHERE id = ${html.message.id}`,
    );
    expect(row).toEqual({ body_text: '<script>alert(1)</script>', body_html: null });

    // Files: type allow-list, content must match the type, size limit; a good one is served safely.
    expect(
      await v.command('file/upload', {
        clientId: 'f-00000001',
        name: 'x.svg',
        contentType: 'image/svg+xml',
        data: new TextEncoder().encode('<svg onload=alert(1)>'),
      }),
    ).toMatchObject({ ok: false, error: { code: 'unsupported_type' } });
    expect(
      await v.command('file/upload', {
        clientId: 'f-00000002',
        name: 'fake.png',
        contentType: 'image/png',
        data: new TextEncoder().encode('<html>'),
      }),
    ).toMatchObject({ ok: false, error: { code: 'unsupported_type', message: expect.stringContaining('not image/png') } });
    expect(
      await v.command('file/upload', { clientId: 'f-00000003', name: 'big.png', contentType: 'image/png', data: new Uint8Array(1001) }),
    ).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(
      await v.command('file/upload', {
        clientId: 'f-00000004',
        name: 'str.png',
        contentType: 'image/png',
        data: 'iVBORw0KGgo=' as unknown as Uint8Array,
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const uploaded = await v.ok('file/upload', { clientId: 'f-00000005', name: 'screen<shot>.png', contentType: 'image/png', data: PNG });
    expect(uploaded.message.attachment).toMatchObject({ name: 'screen<shot>.png', contentType: 'image/png', size: PNG.length });
    const again = await v.ok('file/upload', { clientId: 'f-00000005', name: 'screen<shot>.png', contentType: 'image/png', data: PNG });
    expect(again.duplicate).toBe(true);
    const res = await fetch(`${t.hub.url}${uploaded.message.attachment!.url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);
    expect((await fetch(`${t.hub.url}/webchat/files/..%2F..%2Fhub.sqlite`)).status).toBe(404);

    // Still serving after all that.
    expect((await v.ok('message/send', { clientId: 'x-00000006', text: 'still here' })).duplicate).toBe(false);
  });

  it('rate limits per visitor and per address, and caps connections per address', async () => {
    await onlineHub({ visitorRate: { perSecond: 0.01, burst: 3 }, ipRate: { perSecond: 0.01, burst: 12 }, maxConnectionsPerIp: 3 });
    const a = await visitor();
    await a.ok('chat/start', { queueId: 'support' });
    for (let i = 1; i <= 3; i += 1) await a.ok('message/send', { clientId: `rl-0000000${i}`, text: `line ${i}` });
    expect(await a.command('message/send', { clientId: 'rl-00000004', text: 'one too many' })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    });

    const b = await visitor();
    await b.ok('chat/start', { queueId: 'support' });
    await b.ok('message/send', { clientId: 'rb-00000001', text: 'b is fine on its own budget' });
    // Connections: the fourth from this address is refused at the handshake.
    await visitor();
    await expect(VisitorClient.connect(t!.hub.url)).rejects.toThrow(/too_many_connections/);

    // Every command counts against the address: the shared budget runs out for everyone behind it.
    let limited = false;
    for (let i = 0; i < 12 && !limited; i += 1) {
      const reply = await b.command('chat/availability', { queueId: 'support' });
      limited = !reply.ok && reply.error.code === 'rate_limited';
    }
    expect(limited).toBe(true);
  });

  it('a broken webchat section stops the hub naming the key (a misspelled key too)', async () => {
    await expect(startTestHub({ webchat: { maxMessageChars: -5 } })).rejects.toThrow(/^webchat\.maxMessageChars: /);
    await expect(startTestHub({ webchat: { maxMesageChars: 100 } })).rejects.toThrow(/^webchat\.maxMesageChars: unknown key/);
  });

  it('agent chat commands check the conversation', async () => {
    const t = await onlineHub({});
    const admin = await t.admin();
    expect(await admin.command('chat/typing', { conversationId: 12345, typing: true })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await admin.command('chat/read', { conversationId: -1, upToMessageId: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });
});
