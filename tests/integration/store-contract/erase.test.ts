import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { searchCustomers } from '../../../services/customers/search';
import { ingestInbound } from '../../../services/ingest/ingest';
import { Eraser } from '../../../services/platform/rights/erase';
import { updateConversation } from '../../../services/store/repos/conversations';
import { upsertQueue } from '../../../services/store/repos/queues';
import { sql } from '../../../services/store/sql';
import { ENGINES, storeEngines } from './engines';

const place = storeEngines();
const dataDir = mkdtempSync(path.join(tmpdir(), 'switchboard-erase-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe.each(ENGINES)('erasing a customer on %s', (engine) => {
  it('removes the customer, identities, conversations, messages and search documents; others stay', async () => {
    const store = await (await place(engine)).open();
    await store.write((tx) =>
      upsertQueue(tx, {
        id: 'support',
        name: 'Support',
        channels: ['sms'],
        skills: {},
        slaSeconds: 60,
        priority: 0,
        slTargetPercent: 80,
        shortAbandonSeconds: 5,
      }),
    );
    const sms = (from: string, name: string, body: string, providerId: string) =>
      ingestInbound(store, {
        channel: 'sms',
        providerId,
        from: { kind: 'phone', value: from, displayName: name },
        queueId: 'support',
        threadKey: `sms:${from}`,
        bodyText: body,
      });
    const gone = await sms('+15550001111', 'Gwendolyn Erased', 'secret zanzibar plans', 'e1');
    await sms('+15550001111', 'Gwendolyn Erased', 'more zanzibar', 'e2');
    const kept = await sms('+15550002222', 'Kept Person', 'zanzibar too', 'k1');
    await store.write((tx) => updateConversation(tx, gone.conversation.id, { state: 'closed', closedAt: 1 }));

    const eraser = new Eraser({ store, now: () => 5, dataDir, audit: { record: async () => undefined } });
    const report = await eraser.erase(gone.customerId, { reason: 'request', actor: { kind: 'system' } as never });
    expect(report).toMatchObject({ customers: 1, conversations: 1, messages: 2, identities: 1 });

    const count = async (text: string) => (await store.get<{ n: number }>({ text, values: [] }))!.n;
    expect(await count(`SELECT count(*) AS n FROM customer`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM message`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM identity`)).toBe(1);
    expect((await searchCustomers(store, 'gwendolyn', 10)).length).toBe(0);
    expect((await searchCustomers(store, 'kept', 10)).map((h) => h.customerId)).toEqual([kept.customerId]);
    expect(await store.get(sql`SELECT id FROM customer WHERE id = ${kept.customerId}`)).toEqual({ id: kept.customerId });
  });
});
