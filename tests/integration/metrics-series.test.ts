import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../services/metrics/accumulator';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const HOUR = 3_600_000;

describe('metrics/series: historical report by hour and by day', () => {
  it('counts each day and hour from the stored events, and the window total equals metrics/report', async () => {
    const day0 = Math.floor(Date.now() / DAY_MS) * DAY_MS - 3 * DAY_MS;
    let clock = day0 + 9 * HOUR;
    t = await startTestHub({}, { now: () => clock });
    await seed(t, [{ username: 'sue', role: 'supervisor' }, { username: 'ann' }]);
    // 2 arrivals on day 0 (9:00 and 10:00), 3 on day 1 (all 14:xx), none on day 2.
    for (const at of [
      day0 + 9 * HOUR,
      day0 + 10 * HOUR,
      day0 + DAY_MS + 14 * HOUR,
      day0 + DAY_MS + 14 * HOUR + 60_000,
      day0 + DAY_MS + 14 * HOUR + 120_000,
    ]) {
      clock = at;
      await t.hub.center.ingest(chatEvent());
    }
    clock = day0 + 3 * DAY_MS;
    const sue = await t.connect('sue', 'sue-password');

    const daily = await sue.ok('metrics/series', { from: day0, to: day0 + 3 * DAY_MS, bucket: 'day' });
    expect(daily.points.map((p) => [p.start - day0, p.byQueue.find((q) => q.queueId === 'support')?.figures.arrivals ?? 0])).toEqual([
      [0, 2],
      [DAY_MS, 3],
      [2 * DAY_MS, 0],
    ]);
    const report = await sue.ok('metrics/report', { from: day0, to: day0 + 3 * DAY_MS });
    expect(daily.total).toEqual(report);

    const hourly = await sue.ok('metrics/series', { from: day0 + DAY_MS + 13 * HOUR, to: day0 + DAY_MS + 16 * HOUR, bucket: 'hour' });
    expect(hourly.points.map((p) => p.byQueueChannel.find((r) => r.channel === 'chat')?.figures.arrivals ?? 0)).toEqual([0, 3, 0]);
  });

  it('refuses agents and windows it will not fold', async () => {
    t = await startTestHub();
    await seed(t, [{ username: 'sue', role: 'supervisor' }, { username: 'ann' }]);
    const ann = await t.connect('ann', 'ann-password');
    const sue = await t.connect('sue', 'sue-password');
    expect(await ann.command('metrics/series', { from: 0, to: DAY_MS, bucket: 'day' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await sue.command('metrics/series', { from: 0, to: 8 * DAY_MS, bucket: 'hour' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await sue.command('metrics/series', { from: DAY_MS, to: 0, bucket: 'day' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await sue.command('metrics/series', { from: 0, to: DAY_MS, bucket: 'week' } as never)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });
});
