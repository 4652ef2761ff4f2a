import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../../services/metrics/module';
import { postgresUnavailable, startPostgres, type Postgres } from '../support/postgres';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';
import { until } from '../support/until';

const skip = postgresUnavailable();
if (skip) console.warn(`team-mode hub tests skipped: ${skip}`);

let postgres: Postgres;
let a: TestHub;
let b: TestHub;

beforeAll(async () => {
  if (skip) return;
  postgres = await startPostgres();
  const url = await postgres.createDatabase();
  a = await startTestHub({ store: { engine: 'postgres', url } });
  await seed(a, [{ username: 'ann' }, { username: 'sam', role: 'supervisor' }]);
  b = await startTestHub({ store: { engine: 'postgres', url } });
  // The adapter's heartbeats make the hubs known to each other.
  await new Promise((r) => setTimeout(r, 1500));
}, 120_000);

afterAll(async () => {
  await b?.stop();
  await a?.stop();
  await postgres?.destroy();
});

describe.skipIf(skip !== null)('team mode: two hubs on one PostgreSQL', () => {
  it("a push on one hub reaches a supervisor whose socket is on the other (an agent's presence)", async () => {
    const sam = await b.connect('sam', 'sam-password');
    const ann = await a.connect('ann', 'ann-password');
    const seen = sam.waitFor('agent/updated', (u) => u.presence === 'available', 10_000);
    await ann.ok('presence/set', { presence: 'available' });
    expect(await seen).toMatchObject({ presence: 'available' });
  });

  it("every hub's live fold is the fold of the one event log: arrivals ingested on A are counted on B", async () => {
    const from = Date.now() - 60_000;
    const arrivals = (hub: TestHub): number =>
      hub.hub.services
        .require(METRICS)
        .liveReport(from, Date.now() + 60_000)
        .byQueue.reduce((n, q) => n + q.figures.arrivals, 0);
    const before = { a: arrivals(a), b: arrivals(b) };
    for (let i = 0; i < 5; i += 1) await a.hub.center.ingest(chatEvent());
    await until(() => arrivals(b) === before.b + 5, 5000, 'B to fold A’s arrivals');
    await until(() => arrivals(a) === before.a + 5, 5000, 'A to fold its own arrivals');
    // Once each, never twice (A's own rows come back through the feed and are skipped).
    await new Promise((r) => setTimeout(r, 1500));
    expect(arrivals(a)).toBe(before.a + 5);
    expect(arrivals(b)).toBe(before.b + 5);
  });
});
