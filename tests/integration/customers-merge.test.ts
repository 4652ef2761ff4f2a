import { afterEach, describe, expect, it } from 'vitest';
import { sql } from '../../services/store/sql';
import { timelineSql } from '../../services/customers/repo';
import { customerSnapshot } from '../support/customers';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';
import { until } from '../support/until';

let t: TestHub | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

async function hubWithAgents(config: Parameters<typeof startTestHub>[0] = {}) {
  t = await startTestHub(config);
  await seed(t, [{ username: 'ann' }, { username: 'sue', role: 'supervisor' }]);
  const ann = await t.connect('ann', 'ann-password');
  const sue = await t.connect('sue', 'sue-password');
  return { t, ann, sue };
}

describe('customers: identity resolution and duplicate suggestions', () => {
  it('matches the same phone written differently to one customer and a second identity raises a suggestion, not a merge', async () => {
    const { t, ann } = await hubWithAgents();
    const a = await t.hub.center.ingest(
      chatEvent({ channel: 'sms', from: { kind: 'phone', value: '(415) 555-0100' }, threadKey: 'sms:a' }),
    );
    const b = await t.hub.center.ingest(
      chatEvent({ channel: 'sms', from: { kind: 'phone', value: '+1 415 555 0100' }, threadKey: 'sms:b' }),
    );
    expect(b.customerId).toBe(a.customerId);

    const email = await t.hub.center.ingest(
      chatEvent({ from: { kind: 'email', value: '  Ann.Lee@Example.COM ', displayName: 'Ann Lee' } }),
    );
    expect(email.customerId).not.toBe(a.customerId);
    const profile = await ann.ok('customer/get', { customerId: email.customerId });
    expect(profile.customer.identities.map((i) => i.value)).toEqual(['ann.lee@example.com']);

    // A chat visitor (known by the phone) types the email that belongs to the other record.
    const chat = await t.hub.center.ingest(
      chatEvent({
        from: { kind: 'phone', value: '4155550100' },
        alsoKnownAs: [
          { kind: 'email', value: 'ann.lee@example.com' },
          { kind: 'email', value: 'not an email' },
        ],
      }),
    );
    expect(chat.customerId).toBe(a.customerId);
    const suggestions = await ann.ok('customer/suggestions', { customerId: a.customerId });
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({ status: 'open', identity: { kind: 'email', value: 'ann.lee@example.com' } });
    expect(suggestions[0]?.reason).toContain(`belongs to customer #${email.customerId}`);
    const stillTwo = await t.hub.store.all<{ id: number }>(sql`SELECT id FROM customer WHERE merged_into IS NULL`);
    expect(stillTwo).toHaveLength(2);

    // An agent adding a new phone attaches it; adding the other's email again only points at the same suggestion.
    const added = await ann.ok('customer/addIdentity', { customerId: email.customerId, kind: 'phone', value: '+44 20 7946 0958' });
    expect(added).toMatchObject({ outcome: 'attached', identity: { kind: 'phone', value: '+442079460958' } });
    const again = await ann.ok('customer/addIdentity', { customerId: a.customerId, kind: 'email', value: 'ANN.LEE@example.com' });
    expect(again.outcome).toBe('suggested');
    expect(again.suggestion?.id).toBe(suggestions[0]?.id);
    const bad = await ann.command('customer/addIdentity', { customerId: a.customerId, kind: 'phone', value: 'call me maybe' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('never suggests or merges through an identifier marked shared', async () => {
    const { t, ann } = await hubWithAgents({ customers: { autoMergeOn: ['phone'] } });
    const home = await t.hub.center.ingest(chatEvent({ channel: 'voice', from: { kind: 'phone', value: '+14155550111' } }));
    const kid = await t.hub.center.ingest(chatEvent({ from: { kind: 'email', value: 'kid@example.com' } }));
    const profile = await ann.ok('customer/get', { customerId: home.customerId });
    const phone = profile.customer.identities[0];
    expect(phone).toBeDefined();
    expect(await ann.ok('customer/markShared', { identityId: phone!.id, shared: true })).toMatchObject({ shared: true });
    const attach = await ann.ok('customer/addIdentity', { customerId: kid.customerId, kind: 'phone', value: '+14155550111' });
    expect(attach.outcome).toBe('shared_elsewhere');
    expect(await ann.ok('customer/suggestions', {})).toHaveLength(0);
    const merges = await t.hub.store.all(sql`SELECT id FROM customer_merge`);
    expect(merges).toHaveLength(0);
  });

  it('a configured rule merges on a second identity of that kind, audited with the rule name', async () => {
    const { t, ann } = await hubWithAgents({ customers: { autoMergeOn: ['email'] } });
    const byEmail = await t.hub.center.ingest(
      chatEvent({ channel: 'email', from: { kind: 'email', value: 'bo@example.com', displayName: 'Bo' } }),
    );
    const byChat = await t.hub.center.ingest(
      chatEvent({ from: { kind: 'chat', value: 'visitor-77' }, alsoKnownAs: [{ kind: 'email', value: 'bo@example.com' }] }),
    );
    await until(async () => (await t.hub.store.all(sql`SELECT id FROM customer_merge`)).length === 1);
    const profile = await ann.ok('customer/get', { customerId: byEmail.customerId });
    expect(profile.merges[0]).toMatchObject({
      rule: 'identity:email',
      byAgentId: null,
      survivorId: byEmail.customerId,
      mergedId: byChat.customerId,
    });
    expect(profile.customer.identities.map((i) => i.kind).sort()).toEqual(['chat', 'email']);
    // A later chat from the same visitor lands on the survivor.
    const later = await t.hub.center.ingest(chatEvent({ from: { kind: 'chat', value: 'visitor-77' } }));
    expect(later.customerId).toBe(byEmail.customerId);
  });
});

describe('customers: merge and unmerge', () => {
  it('merges with an audit row naming who, when, why and what moved; unmerge restores both records and their conversations', async () => {
    const { t, ann, sue } = await hubWithAgents();
    const admin = await t.admin();
    await admin.ok('customer/attributeDefine', {
      key: 'segment',
      label: 'Segment',
      type: 'choice',
      choices: ['SMB', 'Enterprise'],
      category: 'segment',
    });
    await admin.ok('customer/attributeDefine', { key: 'city', label: 'City', type: 'text', category: 'geographic' });

    const x1 = await t.hub.center.ingest(
      chatEvent({ channel: 'email', from: { kind: 'email', value: 'kim@acme.test', displayName: 'Kim Park' }, threadKey: 'e1' }),
    );
    await t.hub.center.ingest(
      chatEvent({ channel: 'email', from: { kind: 'email', value: 'kim@acme.test' }, threadKey: 'e2', bodyText: 'second thread' }),
    );
    const y1 = await t.hub.center.ingest(
      chatEvent({
        channel: 'sms',
        from: { kind: 'phone', value: '+14155550122' },
        threadKey: 's1',
        bodyText: 'text from kim\nsecond line',
      }),
    );
    const x = x1.customerId;
    const y = y1.customerId;
    await ann.ok('customer/update', { customerId: x, attributes: { city: 'Oslo' }, tags: ['vip'] });
    await ann.ok('customer/update', {
      customerId: y,
      company: 'Acme',
      attributes: { segment: 'enterprise', city: 'Bergen' },
      tags: ['vip', 'sms-only'],
    });
    await ann.ok('customer/addNote', { customerId: y, body: 'prefers texts' });
    await sue.ok('customer/addIdentity', { customerId: y, kind: 'external', value: 'erp:C-991' });

    const beforeX = await customerSnapshot(t.hub.store, x);
    const beforeY = await customerSnapshot(t.hub.store, y);

    const forbidden = await ann.command('customer/merge', { survivorId: x, mergedId: y, reason: 'no' });
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const merge = await ann.ok('customer/merge', { survivorId: x, mergedId: y, reason: 'same person: confirmed on the phone' });
    expect(merge).toMatchObject({
      byAgentId: expect.any(Number),
      rule: null,
      reason: 'same person: confirmed on the phone',
      survivorId: x,
      mergedId: y,
      undoneAt: null,
    });
    expect(merge.moved.conversations).toEqual([y1.conversation.id]);
    expect(merge.moved.identities.map((i) => i.value).sort()).toEqual(['+14155550122', 'erp:C-991']);
    expect(merge.moved.notes).toHaveLength(1);
    expect(merge.moved).toMatchObject({ tags: ['sms-only'], attributes: ['segment'], company: 'Acme' });

    const merged = await ann.ok('customer/get', { customerId: x });
    expect(merged.customer).toMatchObject({
      company: 'Acme',
      tags: ['vip', 'sms-only'],
      attributes: { city: 'Oslo', segment: 'Enterprise' },
    });
    expect(merged.notes.map((n) => n.body)).toEqual(['prefers texts']);
    const timeline = await ann.ok('customer/timeline', { customerId: x });
    expect(timeline.items.map((i) => i.channel).sort()).toEqual(['email', 'email', 'sms']);
    const gone = await ann.ok('customer/get', { customerId: y });
    expect(gone.customer.mergedInto).toBe(x);
    expect((await ann.ok('customer/search', { query: '+14155550122' })).hits[0]?.customerId).toBe(x);
    expect(await ann.command('customer/update', { customerId: y, displayName: 'zombie' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });

    const undone = await sue.ok('customer/unmerge', { mergeId: merge.id, reason: 'two different Kims after all' });
    expect(undone.merge).toMatchObject({ undoneAt: expect.any(Number), undoReason: 'two different Kims after all' });
    expect(undone.restored.mergedInto).toBeNull();
    expect(await customerSnapshot(t.hub.store, y)).toEqual(beforeY);
    expect(await customerSnapshot(t.hub.store, x)).toEqual(beforeX);

    const twice = await sue.command('customer/unmerge', { mergeId: merge.id, reason: 'again please' });
    expect(twice).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const history = await ann.ok('customer/get', { customerId: y });
    expect(history.merges[0]).toMatchObject({ id: merge.id, undoneByAgentId: expect.any(Number) });
  });

  it('refuses to undo a merge whose survivor was merged again until the later merge is undone', async () => {
    const { t, ann } = await hubWithAgents();
    const [a, b, c] = await Promise.all(
      [1, 2, 3].map(async (n) => (await t.hub.center.ingest(chatEvent({ from: { kind: 'email', value: `p${n}@x.test` } }))).customerId),
    );
    const first = await ann.ok('customer/merge', { survivorId: b!, mergedId: a!, reason: 'duplicate record' });
    const second = await ann.ok('customer/merge', { survivorId: c!, mergedId: b!, reason: 'duplicate record' });
    expect(await ann.command('customer/unmerge', { mergeId: first.id, reason: 'oops' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    await ann.ok('customer/unmerge', { mergeId: second.id, reason: 'oops' });
    await ann.ok('customer/unmerge', { mergeId: first.id, reason: 'oops' });
    const live = await t.hub.store.all(sql`SELECT id FROM customer WHERE merged_into IS NULL`);
    expect(live).toHaveLength(3);
    for (const [id, n] of [
      [a, 1],
      [b, 2],
      [c, 3],
    ] as const) {
      expect((await ann.ok('customer/get', { customerId: id! })).customer.identities.map((i) => i.value)).toEqual([`p${n}@x.test`]);
    }
  });
});

describe('customers: timeline, search, profile', () => {
  it('pages the timeline newest first by cursor, filters by channel/state, and searches messages with FTS5', async () => {
    const { t, ann } = await hubWithAgents();
    let customerId = 0;
    for (let i = 0; i < 7; i += 1) {
      const r = await t.hub.center.ingest(
        chatEvent({
          channel: i % 2 === 0 ? 'email' : 'sms',
          from: { kind: 'email', value: 'tl@example.com' },
          threadKey: `t${i}`,
          receivedAt: 1_000_000 + i * 1000,
          bodyText: `  subject ${i}\nbody about invoice ${i}`,
        }),
      );
      customerId = r.customerId;
    }
    const page1 = await ann.ok('customer/timeline', { customerId, limit: 3 });
    expect(page1.items.map((i) => i.firstLine)).toEqual(['subject 6', 'subject 5', 'subject 4']);
    expect(page1.items[0]).toMatchObject({ messageCount: 1, noteCount: 0, state: 'queued' });
    const page2 = await ann.ok('customer/timeline', { customerId, limit: 3, cursor: page1.nextCursor! });
    const page3 = await ann.ok('customer/timeline', { customerId, limit: 3, cursor: page2.nextCursor! });
    expect([...page2.items, ...page3.items].map((i) => i.firstLine)).toEqual(['subject 3', 'subject 2', 'subject 1', 'subject 0']);
    expect(page3.nextCursor).toBeNull();
    const sms = await ann.ok('customer/timeline', { customerId, channels: ['sms'] });
    expect(sms.items.map((i) => i.firstLine)).toEqual(['subject 5', 'subject 3', 'subject 1']);
    expect((await ann.ok('customer/timeline', { customerId, states: ['closed'] })).items).toHaveLength(0);
    expect(await ann.command('customer/timeline', { customerId, cursor: "1' OR 1=1" })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });

    const hits = await ann.ok('customer/messageSearch', { customerId, query: 'invoice 4' });
    expect(hits.hits[0]?.snippet).toContain('[invoice]');
    expect(hits.hits.some((h) => h.snippet.includes('[4]'))).toBe(true);
    expect((await ann.ok('customer/messageSearch', { customerId, query: '"NEAR( OR' })).hits).toEqual([]);
    expect((await ann.ok('customer/messageSearch', { customerId: customerId + 1000, query: 'invoice' })).hits).toEqual([]);

    const plan = await t.hub.store.all<{ detail: string }>({
      text: `EXPLAIN QUERY PLAN ${timelineSql({ customerId, limit: 50, cursor: '5:5', channels: ['sms'] }).text}`,
      values: timelineSql({ customerId, limit: 50, cursor: '5:5', channels: ['sms'] }).values,
    });
    const details = plan.map((p) => p.detail).join('\n');
    expect(details).toMatch(/SEARCH c USING INDEX conversation_customer \(customer_id=\? AND created_at<\?\)/);
    expect(details).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
    expect(details).toMatch(/message_note/);
  });

  it('timeline items carry agent, disposition and notes', async () => {
    const { t, ann } = await hubWithAgents();
    await ann.ok('presence/set', { presence: 'available' });
    const r = await t.hub.center.ingest(chatEvent({ from: { kind: 'email', value: 'n@example.com' }, bodyText: 'where is my parcel' }));
    const offer = await ann.waitFor('offer/new', (o) => o.conversationId === r.conversation.id);
    await ann.ok('offer/accept', { offerId: offer.offerId });
    await ann.ok('message/send', { conversationId: r.conversation.id, bodyText: 'courier called', internal: true });
    await ann.ok('conversation/close', { conversationId: r.conversation.id, disposition: 'resolved', note: 'refund issued' });
    const { items } = await ann.ok('customer/timeline', { customerId: r.customerId });
    expect(items[0]).toMatchObject({
      firstLine: 'where is my parcel',
      agentName: 'ANN',
      disposition: 'resolved',
      state: 'closed',
      noteCount: 2,
    });
    expect(items[0]?.notes.map((n) => n.body)).toEqual(['refund issued', 'courier called']);
  });

  it('ranks search: exact identity over identity prefix over name, never a merged record', async () => {
    const { t, ann } = await hubWithAgents();
    const exact = (await t.hub.center.ingest(chatEvent({ from: { kind: 'email', value: 'jo@example.com', displayName: 'Somebody Else' } })))
      .customerId;
    const prefix = (await t.hub.center.ingest(chatEvent({ from: { kind: 'email', value: 'jo@example.com.au', displayName: 'Another' } })))
      .customerId;
    const named = (await t.hub.center.ingest(chatEvent({ from: { kind: 'phone', value: '+14155550199', displayName: 'Jo Example' } })))
      .customerId;
    const { hits } = await ann.ok('customer/search', { query: 'jo@example.com' });
    expect(hits.map((h) => [h.customerId, h.matched])).toEqual([
      [exact, 'identity'],
      [prefix, 'identity_prefix'],
    ]);
    const byName = await ann.ok('customer/search', { query: 'jo exam' });
    expect(byName.hits[0]).toMatchObject({ customerId: named, matched: 'name' });
    const byPhone = await ann.ok('customer/search', { query: '415 555 0199' });
    expect(byPhone.hits[0]).toMatchObject({ customerId: named, matched: 'identity' });
    const byPartialPhone = await ann.ok('customer/search', { query: '415555' });
    expect(byPartialPhone.hits[0]).toMatchObject({ customerId: named, matched: 'identity_prefix' });
    await ann.ok('customer/merge', { survivorId: exact, mergedId: named, reason: 'same Jo' });
    expect((await ann.ok('customer/search', { query: 'Jo Example' })).hits.map((h) => h.customerId)).not.toContain(named);
    expect((await ann.ok('customer/search', { query: '"* OR NEAR(' })).hits).toEqual([]);
  });

  it('validates admin-defined attributes and enforces who may define them', async () => {
    const { t, ann, sue } = await hubWithAgents();
    const c = (await t.hub.center.ingest(chatEvent())).customerId;
    expect(await ann.command('customer/attributeDefine', { key: 'vip', label: 'VIP', type: 'choice', choices: ['gold'] })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await sue.command('customer/attributeDefine', { key: 'vip', label: 'VIP', type: 'choice', choices: [] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    await sue.ok('customer/attributeDefine', { key: 'vip', label: 'VIP', type: 'choice', choices: ['Gold', 'Silver'], category: 'VIP' });
    await sue.ok('customer/attributeDefine', { key: 'since', label: 'Customer since', type: 'date' });
    await sue.ok('customer/attributeDefine', { key: 'spend', label: 'Yearly spend', type: 'number' });
    const ok = await ann.ok('customer/update', {
      customerId: c,
      displayName: 'Dee',
      attributes: { vip: 'gold', since: '2020-02-29', spend: 1200.5 },
    });
    expect(ok.attributes).toEqual({ vip: 'Gold', since: '2020-02-29', spend: 1200.5 });
    const bad = await ann.command('customer/update', { customerId: c, attributes: { vip: 'platinum', since: '2021-02-29', nope: 'x' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.issues?.map((i) => i.path).sort()).toEqual(['attributes.nope', 'attributes.since', 'attributes.vip']);
    const cleared = await ann.ok('customer/update', { customerId: c, attributes: { spend: null } });
    expect(cleared.attributes).toEqual({ vip: 'Gold', since: '2020-02-29' });
    const note = await ann.ok('customer/addNote', { customerId: c, body: '<script>alert(1)</script> stays text' });
    expect(note).toMatchObject({ authorName: 'ANN', body: '<script>alert(1)</script> stays text' });
    expect(await ann.command('customer/get', { customerId: 999_999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
