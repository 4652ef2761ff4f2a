import { afterEach, describe, expect, it } from 'vitest';
import { appendEvent, eventSlices } from '../../services/store/repos/events';
import { startTestHub, type TestHub } from '../support/testHub';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

// The slices are read in index order (at) and put back in commit order (seq) in memory: the metrics fold
// depends on commit order, and events are not always stamped in the order they commit.
describe('eventSlices', () => {
  it('returns each slice in commit order even when the events were stamped out of order', async () => {
    t = await startTestHub();
    const base = Date.UTC(2020, 0, 1);
    const seqs: number[] = [];
    for (const at of [base + 3_000, base + 1_000, base + 2_000, base + 3_600_000 + 5, base + 3_600_000 + 1]) {
      seqs.push(await t.hub.store.write((tx) => appendEvent(tx, { at, type: 'agent/presence', agentId: 1, data: { presence: 'away' } })));
    }
    const slices: number[][] = [];
    for await (const slice of eventSlices(t.hub.store, base, base + 2 * 3_600_000)) slices.push(slice.map((e) => e.seq));
    expect(slices).toEqual([seqs.slice(0, 3), seqs.slice(3)]);
  });
});
