import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import { QueueUpsertInput } from '../../services/contracts';
import type { CommandContext } from '../../services/hub/commands';
import { queueUpsert } from '../../services/hub/queueAdmin';
import { importLegacyHours } from '../../services/server/legacyHours';
import { startHub, type Hub } from '../../services/server/startHub';
import { ADMIN_PASSWORD, chatEvent, seed, startTestHub, supportQueue, type TestHub } from '../support/testHub';
import { VisitorClient } from '../support/visitorClient';

let t: TestHub | undefined;
const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await t?.stop();
  t = undefined;
});

const today = () => new Date().toISOString().slice(0, 10);
const allWeek = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));

async function visitor(): Promise<VisitorClient> {
  const v = await VisitorClient.connect(t!.hub.url);
  closers.push(() => v.close());
  return v;
}

describe('admin/queueUpsert', () => {
  it('creates and updates a queue with hours, SLA threshold and sticky window; refuses bad input with plain messages', async () => {
    t = await startTestHub();
    await seed(t, [{ username: 'sue', role: 'supervisor' }], []);
    const admin = await t.admin();
    closers.push(() => admin.close());
    const hours = {
      timeZone: 'Europe/Berlin',
      weekly: { fri: [{ from: '22:00', to: '02:00' }] },
      exceptions: [{ date: '2026-12-25', label: 'Christmas Day' }],
    };
    const created = await admin.ok('admin/queueUpsert', {
      ...supportQueue,
      id: 'night',
      name: '  Night desk ',
      slTargetPercent: 90,
      stickyWindowHours: 12,
      hours,
      mode: 'create',
    });
    expect(created).toMatchObject({ id: 'night', name: 'Night desk', slTargetPercent: 90, stickyWindowHours: 12 });
    const stored = { ...hours, exceptions: [{ date: '2026-12-25', label: 'Christmas Day', ranges: [] }] }; // a holiday: no ranges
    expect(created.hours).toEqual(stored);
    const listed = (await admin.ok('queue/list', {})).find((q) => q.queue.id === 'night');
    expect(listed?.queue.hours).toEqual(stored);

    // The id is the key: a second create is refused, an update of an unknown id too.
    expect(await admin.command('admin/queueUpsert', { ...supportQueue, id: 'night', mode: 'create' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'a queue with the id "night" already exists' },
    });
    expect(await admin.command('admin/queueUpsert', { ...supportQueue, id: 'nope', mode: 'update' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });

    // Leaving hours out makes the queue always open again (and survives a restart as such).
    const cleared = await admin.ok('admin/queueUpsert', {
      ...supportQueue,
      id: 'night',
      name: 'Night desk',
      stickyWindowHours: 12,
      mode: 'update',
    });
    expect(cleared.hours).toBeUndefined();

    const refused = async (input: Record<string, unknown>) => {
      const reply = await admin.command('admin/queueUpsert', { ...supportQueue, id: 'night', mode: 'update', ...input } as never);
      expect(reply.ok).toBe(false);
      return reply.ok ? [] : (reply.error.issues ?? []).map((i) => `${i.path}: ${i.message}`);
    };
    expect(await refused({ hours: { timeZone: 'Mars/Base', weekly: {} } })).toEqual([
      expect.stringMatching(/^hours\.timeZone: unknown time zone/),
    ]);
    expect(
      await refused({
        hours: {
          timeZone: 'UTC',
          weekly: {
            mon: [
              { from: '09:00', to: '17:00' },
              { from: '12:00', to: '13:00' },
            ],
          },
        },
      }),
    ).toEqual(['hours.weekly.mon: ranges of one day overlap']);
    expect(await refused({ hours: { timeZone: 'UTC', weekly: {}, exceptions: [{ date: '2026-13-01' }] } })).toEqual([
      expect.stringMatching(/^hours\.exceptions\.0\.date: not a calendar date/),
    ]);
    expect(await refused({ slTargetPercent: 150 })).toEqual([expect.stringMatching(/^slTargetPercent:/)]);
    expect(await refused({ channels: ['chat', 'chat'] })).toEqual(['channels: each channel once']);
    expect(await refused({ name: '   ' })).toEqual(['name: a queue needs a name']);
    expect(await refused({ openAllNight: true })).toHaveLength(1);
    expect(await refused({ id: 'Has Spaces', mode: 'create' })).toEqual([expect.stringMatching(/^id: up to 64 lower-case letters/)]);

    // Only admins change queues; the hub checks, not only the UI.
    const sue = await t.connect('sue', 'sue-password');
    closers.push(() => sue.close());
    expect(await sue.command('admin/queueUpsert', { ...supportQueue, mode: 'upsert' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    await t.restart();
    const again = await t.admin();
    closers.push(() => again.close());
    const night = (await again.ok('queue/list', {})).find((q) => q.queue.id === 'night')!.queue;
    expect(night).toMatchObject({ name: 'Night desk', stickyWindowHours: 12 });
    expect(night.hours).toBeUndefined();
  });

  it('records each change in the audit trail with what changed', async () => {
    t = await startTestHub();
    const entries: unknown[] = [];
    const ctx = {
      agentId: 7,
      center: t.hub.center,
      audit: { record: async (actor: unknown, entry: unknown) => void entries.push({ actor, entry }) },
    } as unknown as CommandContext;
    await queueUpsert(QueueUpsertInput.parse({ ...supportQueue, slTargetPercent: 80, shortAbandonSeconds: 5, mode: 'create' }), ctx);
    await queueUpsert(
      QueueUpsertInput.parse({ ...supportQueue, slaSeconds: 30, slTargetPercent: 80, shortAbandonSeconds: 5, mode: 'update' }),
      ctx,
    );
    await queueUpsert(
      QueueUpsertInput.parse({ ...supportQueue, slaSeconds: 30, slTargetPercent: 80, shortAbandonSeconds: 5, mode: 'update' }),
      ctx,
    ); // no change
    expect(entries).toEqual([
      {
        actor: { kind: 'agent', agentId: 7 },
        entry: {
          action: 'queue.created',
          target: 'queue:support',
          detail: expect.objectContaining({ name: { from: null, to: 'Support' } }),
        },
      },
      {
        actor: { kind: 'agent', agentId: 7 },
        entry: {
          action: 'queue.updated',
          target: 'queue:support',
          detail: { slaSeconds: { from: 60, to: 30 } },
        },
      },
    ]);
  });
});

describe("the chat follows its queue's hours", () => {
  it('offline with outside_hours on a holiday, open again once the admin changes the hours, with no restart', async () => {
    t = await startTestHub({ webchat: {} });
    await seed(
      t,
      [{ username: 'ann' }],
      [{ ...supportQueue, hours: { timeZone: 'UTC', weekly: allWeek, exceptions: [{ date: today() }] } }],
    );
    const ann = await t.connect('ann', 'ann-password');
    closers.push(() => ann.close());
    await ann.ok('presence/set', { presence: 'available' });
    const v = await visitor();
    const closed = await v.ok('chat/availability', { queueId: 'support' });
    expect(closed).toMatchObject({ open: false, reason: 'outside_hours' });
    expect(closed.opensAt).toBe(Date.parse(`${today()}T00:00:00Z`) + 86_400_000); // tomorrow, when the holiday ends

    const admin = await t.admin();
    closers.push(() => admin.close());
    await admin.ok('admin/queueUpsert', { ...supportQueue, mode: 'update', hours: { timeZone: 'UTC', weekly: allWeek } });
    expect(await v.ok('chat/availability', { queueId: 'support' })).toMatchObject({ open: true, reason: 'open' });
  });
});

describe('deprecated twilio.hours and webchat.hours in a config file', () => {
  it('are moved onto the queues once at start (a queue with hours keeps them), logged in one line, and the file still starts', async () => {
    t = await startTestHub({ webchat: {} });
    await seed(
      t,
      [],
      [
        { ...supportQueue, channels: ['voice', 'chat'] },
        { ...supportQueue, id: 'chat-only', name: 'Chat only', channels: ['chat'] },
        { ...supportQueue, id: 'email', name: 'Email', channels: ['email'] },
        { ...supportQueue, id: 'kept', name: 'Kept', channels: ['chat'], hours: { timeZone: 'Asia/Tokyo', weekly: {} } },
      ],
    );
    const oldKeys = {
      twilio: { hours: { support: { timeZone: 'America/New_York', days: { fri: [['22:00', '02:00']] } } } },
      webchat: { hours: { timeZone: 'Europe/Paris', weekly: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }] } },
    };
    const lines: string[] = [];
    const log = { info: (line: string) => lines.push(line) } as unknown as FastifyBaseLogger;
    const parts = { center: t.hub.center, store: t.hub.store, log, now: Date.now };
    await importLegacyHours(parts, oldKeys);
    expect(lines).toEqual([
      'config: moved business hours onto queue support (from twilio.hours), chat-only (from webchat.hours); kept the hours already set on kept. ' +
        'twilio.hours and webchat.hours are deprecated: hours are set per queue (Queues screen) from now on',
    ]);
    const byId = new Map(t.hub.center.listQueues().map((q) => [q.id, q]));
    expect(byId.get('support')?.hours).toEqual({
      timeZone: 'America/New_York',
      weekly: { fri: [{ from: '22:00', to: '02:00' }] },
      exceptions: [],
    });
    expect(byId.get('chat-only')?.hours?.weekly.mon).toEqual([{ from: '09:00', to: '18:00' }]);
    expect(byId.get('chat-only')?.hours?.timeZone).toBe('Europe/Paris');
    expect(byId.get('email')?.hours).toBeUndefined();
    expect(byId.get('kept')?.hours?.timeZone).toBe('Asia/Tokyo');

    // Once: an admin clears the hours; the file still has the old keys; nothing is moved again, nothing is logged.
    const admin = await t.admin();
    closers.push(() => admin.close());
    await admin.ok('admin/queueUpsert', { ...supportQueue, channels: ['voice', 'chat'], mode: 'update' });
    await importLegacyHours(parts, oldKeys);
    expect(lines).toHaveLength(1);
    expect(t.hub.center.queue('support')?.hours).toBeUndefined();
  });

  it('a hub started from a file with the old keys starts, and its queues carry the hours', async () => {
    t = await startTestHub();
    await seed(t, [], [supportQueue]);
    const { dbFile } = t;
    await t.hub.stop();
    let hub: Hub | undefined;
    try {
      hub = await startHub({
        dbFile,
        logLevel: 'silent',
        bootstrapAdmin: { username: 'admin', password: ADMIN_PASSWORD },
        webchat: { hours: { timeZone: 'UTC', weekly: [{ days: [0, 6], from: '10:00', to: '16:00' }] } },
      });
      expect(hub.center.queue('support')?.hours?.weekly).toEqual({
        sat: [{ from: '10:00', to: '16:00' }],
        sun: [{ from: '10:00', to: '16:00' }],
      });
    } finally {
      await hub?.stop();
      t.hub = await startHub({ dbFile, logLevel: 'silent', bootstrapAdmin: { username: 'admin', password: ADMIN_PASSWORD } });
    }
  });
});

describe('sticky window per queue', () => {
  it("a queue's own window overrides the hub's: 0 turns sticky routing off for that queue only", async () => {
    // Reopening is off, so a returning customer always starts a new conversation: sticky or not is the window's call.
    t = await startTestHub({ reopenWindowHours: 0, stickyWindowHours: 72 });
    await seed(t, [{ username: 'ann' }], [supportQueue, { ...supportQueue, id: 'nosticky', name: 'No sticky', stickyWindowHours: 0 }]);
    const ann = await t.connect('ann', 'ann-password');
    closers.push(() => ann.close());
    await ann.ok('presence/set', { presence: 'available' });
    const returning = async (queueId: string) => {
      const visitor = { kind: 'chat' as const, value: `v-${queueId}` };
      const first = await t!.hub.center.ingest(chatEvent({ queueId, threadKey: `chat:${queueId}`, from: visitor }));
      const offer = await ann.waitFor('offer/new', (o) => o.conversationId === first.conversation.id);
      await ann.ok('offer/accept', { offerId: offer.offerId });
      await ann.ok('conversation/close', { conversationId: first.conversation.id, disposition: 'resolved' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const again = await t!.hub.center.ingest(chatEvent({ queueId, threadKey: `chat:${queueId}`, from: visitor }));
      expect(again.outcome).toBe('created');
      // Ann is the only agent, so she is offered it either way; the reason says whether it was sticky.
      const next = await ann.waitFor('offer/new', (o) => o.conversationId === again.conversation.id);
      await ann.ok('offer/reject', { offerId: next.offerId });
      return { lastAgentId: again.conversation.lastAgentId, reason: next.reason };
    };
    const annId = t.hub.center.snapshots().find((a) => a.username === 'ann')!.id;
    expect(await returning('support')).toEqual({ lastAgentId: annId, reason: 'sticky' });
    expect(await returning('nosticky')).toEqual({ lastAgentId: null, reason: 'queue' });
  });
});
