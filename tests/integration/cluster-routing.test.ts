import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUnavailable, startPostgres, type Postgres } from '../support/postgres';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';
import { until } from '../support/until';

const skip = postgresUnavailable();
if (skip) console.warn(`team-mode routing tests skipped: ${skip}`);

let postgres: Postgres;
let url: string;
let db: pg.Pool;
let a: TestHub;
let b: TestHub;
let c: TestHub | undefined;

beforeAll(async () => {
  if (skip) return;
  postgres = await startPostgres();
  url = await postgres.createDatabase();
  db = new pg.Pool({ connectionString: url, max: 2 });
  a = await startTestHub({ store: { engine: 'postgres', url }, cluster: { lockRetryMs: 200 } });
  await until(() => a.hub.center.routes, 5000, 'the first hub to route');
  await seed(a, [{ username: 'ann' }]);
  b = await startTestHub({ store: { engine: 'postgres', url }, cluster: { lockRetryMs: 200 } });
  await new Promise((r) => setTimeout(r, 1500));
}, 120_000);

afterAll(async () => {
  await c?.stop();
  await b?.stop();
  await a?.stop().catch(() => undefined);
  await db?.end();
  await postgres?.destroy();
});

const offeredEvents = async (conversationId: number): Promise<number> =>
  Number(
    (
      await db.query<{ n: string }>(`SELECT count(*) AS n FROM event WHERE type = 'conversation/offered' AND conversation_id = $1`, [
        conversationId,
      ])
    ).rows[0]!.n,
  );

describe.skipIf(skip !== null)('team mode: one router for two hubs on one PostgreSQL', () => {
  let first = 0;
  it('one hub routes; a contact ingested on the other is adopted by the router and offered once', async () => {
    expect(a.hub.center.routes).toBe(true);
    expect(b.hub.center.routes).toBe(false);
    // What a load balancer's health check reads to send agents' sockets to the router hub.
    expect((await fetch(`${a.hub.url}/api/cluster/router`)).status).toBe(200);
    expect((await fetch(`${b.hub.url}/api/cluster/router`)).status).toBe(503);
    const ann = await a.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    const offer = ann.waitFor('offer/new', () => true, 10_000);
    const { conversation } = await b.hub.center.ingest(chatEvent());
    expect((await offer).conversationId).toBe(conversation.id);
    first = conversation.id;
    await new Promise((r) => setTimeout(r, 500));
    expect(await offeredEvents(conversation.id)).toBe(1);
    // Ann takes it; the customer's next line arrives on the other hub and reaches her socket on this one.
    await ann.ok('offer/accept', { offerId: (await offer).offerId });
    const followUp = ann.waitFor('message/new', (m) => m.conversationId === conversation.id && m.bodyText === 'are you there?', 10_000);
    await b.hub.center.ingest(chatEvent({ conversationId: conversation.id, bodyText: 'are you there?' }));
    expect((await followUp).conversationId).toBe(conversation.id);
    ann.close();
  });

  it('when the router hub stops, the other takes over within 5 s, rebuilds and offers the waiting contact', async () => {
    // A contact waits (nobody available), then the router goes away.
    const { conversation } = await b.hub.center.ingest(chatEvent());
    const stoppedAt = Date.now();
    await a.stop();
    await until(() => b.hub.center.routes, 5000, 'the second hub to take over routing');
    const failoverMs = Date.now() - stoppedAt;
    console.log(`routing failover after the router hub stopped: ${failoverMs} ms`);
    expect((await fetch(`${b.hub.url}/api/cluster/router`)).status).toBe(200);
    const ann = await b.connect('ann', 'ann-password');
    await ann.ok('presence/set', { presence: 'available' });
    // The new router rebuilt from the database: ann still holds the first contact, the second is offered.
    const offered = await ann.waitFor('offer/new', () => true, 10_000);
    expect(offered.conversationId).toBe(conversation.id);
    expect(failoverMs).toBeLessThan(5000);
    const states = async (): Promise<string[]> =>
      (await db.query<{ state: string }>('SELECT state FROM conversation WHERE id = ANY($1::bigint[])', [[first, conversation.id]])).rows
        .map((r) => r.state)
        .sort();
    await until(async () => (await states()).join() === 'active,offered', 5000, 'the offer to be stored');
  });

  it('an agent whose socket is on a hub that does not route: commands run on the router, offers reach her', async () => {
    c = await startTestHub({ store: { engine: 'postgres', url }, cluster: { lockRetryMs: 200 } });
    await new Promise((r) => setTimeout(r, 1500));
    expect(c.hub.center.routes).toBe(false);
    // An admin on the standby creates an agent: the command runs on the router (b), which knows her at once.
    await seed(c, [{ username: 'cid' }]);
    const cidId = b.hub.center.agentByUsername('cid')?.id;
    expect(cidId).toBeDefined();
    const cid = await c.connect('cid', 'cid-password');
    await cid.ok('presence/set', { presence: 'available' });
    expect(b.hub.center.snapshot(cidId!).state).not.toBe('offline');
    const offer = cid.waitFor('offer/new', () => true, 10_000);
    const { conversation } = await c.hub.center.ingest(chatEvent());
    const got = await offer;
    expect(got.conversationId).toBe(conversation.id);
    const accepted = await cid.ok('offer/accept', { offerId: got.offerId });
    expect(accepted).toMatchObject({ id: conversation.id, state: 'active', assignedAgentId: cidId });
    expect(await offeredEvents(conversation.id)).toBe(1);
    cid.close();
  });
});
