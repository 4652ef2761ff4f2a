import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { api, createKey } from '../support/platform';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';

let t: TestHub;
let key: string;
const N = 1205;
beforeAll(async () => {
  t = await startTestHub();
  await seed(t, [{ username: 'ann' }]);
  key = (await createKey(await t.admin(), ['exports:read'])).secret;
  await Promise.all(
    Array.from({ length: N }, (_, i) =>
      t.hub.center.ingest(chatEvent({ bodyText: i % 7 === 0 ? `line one ${i}\nline "two", with comma` : `message ${i}` })),
    ),
  );
}, 60_000);
afterAll(async () => {
  await t.stop();
});

describe('streamed exports across many chunks', () => {
  it('CSV has every row once, in order, and parses back to the stored text', async () => {
    const res = await api(t, key, 'GET', '/exports/messages?format=csv');
    expect(res.status).toBe(200);
    const rows = parse<{ id: string; bodyText: string }>(res.text, { columns: true });
    expect(rows).toHaveLength(N);
    const ids = rows.map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(N);
    expect(rows.filter((r) => r.bodyText.includes('line "two", with comma'))).toHaveLength(Math.ceil(N / 7));
  });

  it('JSON is one valid array of every row; a window keeps only its rows', async () => {
    const all = (await api(t, key, 'GET', '/exports/conversations?format=json')).body as Array<{ id: number; createdAt: number }>;
    expect(all).toHaveLength(N);
    const to = all[600]!.createdAt + 1;
    const early = (await api(t, key, 'GET', `/exports/conversations?format=json&to=${to}`)).body as Array<{
      id: number;
      createdAt: number;
    }>;
    expect(early.map((c) => c.id)).toEqual(all.filter((c) => c.createdAt < to).map((c) => c.id));
    expect(early.length).toBeGreaterThanOrEqual(601);
  });
});
