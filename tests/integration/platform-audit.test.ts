import { afterEach, describe, expect, it } from 'vitest';
import type { AuditActor, AuditEntry, AuditTrail } from '../../services/hub/audit';
import { platformModule } from '../../services/platform/module';
import { defaultModules } from '../../services/server/modules';
import { api, createKey } from '../support/platform';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';
import { until } from '../support/until';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe('API key use is audited', () => {
  it('records every request made with a key, refusals included, and erasures with their reason', async () => {
    const entries: Array<{ actor: AuditActor; entry: AuditEntry }> = [];
    const audit: AuditTrail = {
      async record(actor, entry) {
        entries.push({ actor, entry });
      },
    };
    const modules = [...defaultModules().filter((m) => m.name !== 'platform'), platformModule({ audit })];
    t = await startTestHub({}, { modules });
    await seed(t, [{ username: 'ann' }]);
    const admin = await t.admin();
    const key = await createKey(admin, ['customers:read', 'customers:erase'], { rateLimitPerMinute: 2 });
    const c = await t.hub.center.ingest(chatEvent());
    await t.hub.center.abandon(c.conversation.id, 'left');

    expect((await api(t, key.secret, 'GET', `/customers/${c.customerId}`)).status).toBe(200);
    expect((await api(t, key.secret, 'GET', '/reports?from=0&to=1')).status).toBe(403);
    expect((await api(t, key.secret, 'DELETE', `/customers/${c.customerId}?reason=asked%20in%20writing`)).status).toBe(200);
    expect((await api(t, key.secret, 'GET', '/customers')).status).toBe(429);
    await until(() => entries.filter((e) => e.entry.action === 'api.request').length === 4);

    const requests = entries.filter((e) => e.entry.action === 'api.request');
    expect(requests.every((e) => e.actor.kind === 'apiKey' && e.actor.keyId === key.id)).toBe(true);
    expect(requests.map((e) => [e.entry.target, e.entry.detail?.status])).toEqual([
      ['GET /api/v1/customers/:id', 200],
      ['GET /api/v1/reports', 403],
      ['DELETE /api/v1/customers/:id', 200],
      ['GET /api/v1/customers', 429],
    ]);
    const erased = entries.find((e) => e.entry.action === 'customer.erased');
    expect(erased).toMatchObject({
      actor: { kind: 'apiKey', keyId: key.id },
      entry: { detail: { reason: 'asked in writing', messages: 1 } },
    });
    // No personal data in the audit trail: the erased customer's text and address appear nowhere in it.
    expect(JSON.stringify(entries)).not.toContain(c.message.bodyText);
  });
});
