import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from '../../services/store/sql';
import { seed, startTestHub, type TestHub } from '../support/testHub';
import { until } from '../support/until';
import { VisitorClient } from '../support/visitorClient';

let t: TestHub | undefined;
let clock = Date.now();
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

/** A hub on the test clock with web chat on and Ann available (so chats open). */
async function uploadHub(webchat: Record<string, unknown>): Promise<TestHub> {
  clock = Date.now();
  t = await startTestHub({ webchat: { visitorRate: { perSecond: 50, burst: 100 }, ...webchat } }, { now: () => clock });
  await seed(t, [{ username: 'ann' }]);
  await annOnline(t);
  return t;
}

async function annOnline(hub: TestHub): Promise<void> {
  const ann = await hub.connect('ann', 'ann-password');
  await ann.ok('presence/set', { presence: 'available' });
}

/** A genuine PNG signature padded to `size` bytes. */
function png(size: number): Uint8Array {
  const data = new Uint8Array(size);
  data.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return data;
}

let seq = 0;
const upload = (v: VisitorClient, size: number, name = 'shot.png') => {
  seq += 1;
  return v.command('file/upload', { clientId: `up-${String(seq).padStart(8, '0')}`, name, contentType: 'image/png', data: png(size) });
};

const filesDir = (hub: TestHub) => path.join(hub.dir, 'webchat-files');
const dataFiles = (hub: TestHub) => readdirSync(filesDir(hub)).filter((f) => !f.endsWith('.json'));
const status = async (hub: TestHub, url: string) => (await fetch(`${hub.hub.url}${url}`)).status;

describe('web chat uploads cannot fill the disk', () => {
  it('one address shares one upload budget and one chat/start budget across all its sockets', async () => {
    await uploadHub({ uploads: { perAddressBytesPerHour: 3000 }, startRate: { perSecond: 0.001, burst: 5 } });
    const replies = [];
    for (let i = 0; i < 5; i += 1) {
      const v = await visitor();
      await v.ok('chat/start', { queueId: 'support' });
      replies.push(await upload(v, 1000));
    }
    expect(replies.slice(0, 3).every((r) => r.ok)).toBe(true);
    for (const r of replies.slice(3))
      expect(r).toMatchObject({ ok: false, error: { code: 'quota_exceeded', message: expect.stringContaining('your network') } });
    // Text still works for everyone; a sixth chat from the same address is one too many.
    expect((await visitors[4]!.command('message/send', { clientId: 'txt-0000001', text: 'words instead' })).ok).toBe(true);
    expect(await (await visitor()).command('chat/start', { queueId: 'support' })).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    });
    // An hour later the budget is back.
    clock += 3600_000;
    expect((await upload(visitors[0]!, 1000)).ok).toBe(true);
  });

  it('a conversation holds at most perConversationBytes of files', async () => {
    await uploadHub({ uploads: { perConversationBytes: 2500 } });
    const v = await visitor();
    await v.ok('chat/start', { queueId: 'support' });
    expect((await upload(v, 1000)).ok).toBe(true);
    expect((await upload(v, 1000)).ok).toBe(true);
    expect(await upload(v, 1000)).toMatchObject({
      ok: false,
      error: { code: 'quota_exceeded', message: expect.stringContaining('this chat') },
    });
    expect((await upload(v, 400)).ok).toBe(true);
  });

  it('all uploads together stay under maxTotalBytes, also after a restart', async () => {
    const hub = await uploadHub({ uploads: { maxTotalBytes: 2500 } });
    const a = await visitor();
    await a.ok('chat/start', { queueId: 'support' });
    expect((await upload(a, 1000)).ok).toBe(true);
    const b = await visitor();
    await b.ok('chat/start', { queueId: 'support' });
    expect((await upload(b, 1000)).ok).toBe(true);
    expect(await upload(b, 1000)).toMatchObject({
      ok: false,
      error: { code: 'quota_exceeded', message: expect.stringContaining('storage for files is full') },
    });

    for (const v of visitors.splice(0)) v.close();
    await hub.restart();
    await annOnline(hub);
    const c = await visitor();
    await c.ok('chat/start', { queueId: 'support' });
    expect(await upload(c, 1000)).toMatchObject({ ok: false, error: { code: 'quota_exceeded' } });
    expect((await upload(c, 400)).ok).toBe(true);
  });

  it('a file written before a failed ingest is removed at once; the retry stores one file', async () => {
    const hub = await uploadHub({});
    const v = await visitor();
    await v.ok('chat/start', { queueId: 'support' });
    // A real SQLite failure at the moment the upload's message is inserted (as a full disk or I/O error would be).
    await hub.hub.store.write((tx) =>
      tx.run(
        sql`CREATE TRIGGER fail_upload BEFORE INSERT ON message WHEN NEW.body_text = 'Sent a file: boom.png' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
      ),
    );
    const input = { clientId: 'boom-000001', name: 'boom.png', contentType: 'image/png', data: png(800) };
    expect(await v.command('file/upload', input)).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(readdirSync(filesDir(hub))).toEqual([]);

    await hub.hub.store.write((tx) => tx.run(sql`DROP TRIGGER fail_upload`));
    const stored = await v.ok('file/upload', input);
    expect(dataFiles(hub)).toEqual([stored.message.attachment!.fileId]);
  });

  it('the scheduled clean-up deletes orphans after the grace period and files of conversations closed and quiet past retention', async () => {
    const hub = await uploadHub({ uploads: { retentionDays: 1, orphanGraceMinutes: 10, cleanupIntervalMs: 50 } });
    const day = 86_400_000;
    // A: a chat with a file, ended at once. B: a file, then a message a day and a half later, then ended.
    // C: a file in a chat that stays open.
    const a = await visitor();
    await a.ok('chat/start', { queueId: 'support' });
    const fileA = (await a.ok('file/upload', { clientId: 'fa-0000001', name: 'a.png', contentType: 'image/png', data: png(300) })).message
      .attachment!;
    await a.ok('chat/end', {});
    const b = await visitor();
    await b.ok('chat/start', { queueId: 'support' });
    const fileB = (await b.ok('file/upload', { clientId: 'fb-0000001', name: 'b.png', contentType: 'image/png', data: png(300) })).message
      .attachment!;
    const c = await visitor();
    await c.ok('chat/start', { queueId: 'support' });
    const fileC = (await c.ok('file/upload', { clientId: 'fc-0000001', name: 'c.png', contentType: 'image/png', data: png(300) })).message
      .attachment!;
    // An upload whose message never committed (the hub died in between): its pair on disk, no message.
    const orphan = 'OrphanOrphanOrphan0001';
    const sidecar = (at: number, providerId: string) =>
      JSON.stringify({ name: 'lost.png', contentType: 'image/png', size: 300, createdAt: at, providerId });
    writeFileSync(path.join(filesDir(hub), `${orphan}.json`), sidecar(clock, 'webchat:999999:crashed-0001'));
    writeFileSync(path.join(filesDir(hub), orphan), png(300));
    // A file from before sidecars named their message: found by a scan and kept (its chat is open).
    writeFileSync(path.join(filesDir(hub), `${fileC.fileId}.json`), JSON.stringify({ name: 'c.png', contentType: 'image/png', size: 300 }));

    clock += 1.5 * day;
    await b.ok('message/send', { clientId: 'fb-0000002', text: 'still waiting for an answer' });
    await b.ok('chat/end', {});
    const young = 'YoungOrphanYoungOrph02';
    writeFileSync(path.join(filesDir(hub), `${young}.json`), sidecar(clock + 0.75 * day, 'webchat:999999:crashed-0002'));
    writeFileSync(path.join(filesDir(hub), young), png(300));

    // A is closed and quiet for 2.25 days: gone (410, the message stays). B's upload is as old, but its chat
    // had a message 0.75 days ago: kept. C's chat is open: kept however old.
    clock += 0.75 * day;
    await until(async () => (await status(hub, fileA.url)) === 410);
    await until(() => !dataFiles(hub).includes(orphan));
    expect(await status(hub, fileB.url)).toBe(200);
    expect(await status(hub, fileC.url)).toBe(200);
    expect(dataFiles(hub).sort()).toEqual([fileB.fileId, fileC.fileId, young].sort());
    expect(readdirSync(filesDir(hub))).toContain(`${fileA.fileId}.json`);
    await until(() => readSidecar(hub, fileC.fileId).includes('"providerId":"webchat:'));

    // Another day: B is now quiet past retention as well; the young orphan is past its grace; C stays.
    clock += day;
    await until(async () => (await status(hub, fileB.url)) === 410);
    await until(() => !dataFiles(hub).includes(young));
    expect(dataFiles(hub)).toEqual([fileC.fileId]);
    expect(await status(hub, fileC.url)).toBe(200);
  });
});

function readSidecar(hub: TestHub, fileId: string): string {
  return readFileSync(path.join(filesDir(hub), `${fileId}.json`), 'utf8');
}
