import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUnavailable, startPostgres, type Postgres } from '../support/postgres';
import { seed, startTestHub, type TestHub } from '../support/testHub';
import { until } from '../support/until';

const skip = postgresUnavailable();
if (skip) console.warn(`team-mode re-announce test skipped: ${skip}`);

let postgres: Postgres;
let a: TestHub | undefined;
let b: TestHub;
let c: TestHub;

beforeAll(async () => {
  if (skip) return;
  postgres = await startPostgres();
  const url = await postgres.createDatabase();
  a = await startTestHub({ store: { engine: 'postgres', url }, cluster: { lockRetryMs: 200 } });
  await until(() => a!.hub.center.routes, 5000, 'hub a to route');
  await seed(a, [{ username: 'dee' }]);
  b = await startTestHub({ store: { engine: 'postgres', url }, cluster: { lockRetryMs: 200 } });
  // c asks for the router lock rarely: when a goes, b takes over.
  c = await startTestHub({ store: { engine: 'postgres', url }, cluster: { lockRetryMs: 5000 } });
}, 120_000);

afterAll(async () => {
  await c?.stop();
  await b?.stop();
  await a?.stop().catch(() => undefined);
  await postgres?.destroy();
});

describe.skipIf(skip !== null)('team mode: a router hub that stops; the new one counts every socket the other hubs re-announce', () => {
  it('an agent with two tabs on one hub stays connected on the new router when she closes one', async () => {
    const first = await c.connect('dee', 'dee-password');
    const second = await c.connect('dee', 'dee-password');
    await first.ok('presence/set', { presence: 'available' });
    const deeId = c.hub.center.agentByUsername('dee')!.id;
    await until(() => a!.hub.center.snapshot(deeId).connected, 5000, 'the router to see dee');
    await a!.stop();
    a = undefined;
    // A hub that stops closes its own sockets only (through the adapter, a plain disconnectSockets closed
    // every hub's).
    expect([first.socket.connected, second.socket.connected]).toEqual([true, true]);
    await until(() => b.hub.center.routes, 5000, 'hub b to take over');
    await until(() => b.hub.center.snapshot(deeId).connected, 5000, 'the new router to hear of dee');
    await new Promise((r) => setTimeout(r, 500));
    first.close();
    await new Promise((r) => setTimeout(r, 1000));
    // Her second tab is open on c: the router must still count her connected (and offer her work).
    expect(b.hub.center.snapshot(deeId).connected).toBe(true);
    second.close();
    await until(() => !b.hub.center.snapshot(deeId).connected, 5000, 'dee to go offline with her last tab');
  }, 60_000);
});
