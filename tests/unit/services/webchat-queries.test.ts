import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOpen } from '../../../services/contracts';
import { fromWebchatHours } from '../../../services/server/legacyHours';
import { QueuePace } from '../../../services/channels/webchat/pace';
import { conversationUploadBytesQuery, historyQuery, uploadReferencesByProviderQuery } from '../../../services/channels/webchat/repo';
import { sql, type SqlQuery } from '../../../services/store/sql';
import { Store } from '../../../services/store/store';
import { allMigrations } from '../../../services/server/migrations';

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'webchat-plan-'));
  store = await Store.open({ migrations: allMigrations, file: path.join(dir, 'hub.sqlite') });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function plan(query: SqlQuery): Promise<string> {
  const rows = await store.all<{ detail: string }>({ text: `EXPLAIN QUERY PLAN ${query.text}`, values: query.values });
  return rows.map((r) => r.detail).join('\n');
}

describe('web chat hot queries use indexes', () => {
  it('"My history" reads a customer\'s conversations and their first/last lines by index', async () => {
    const detail = await plan(historyQuery(1));
    expect(detail).toContain('conversation_customer');
    expect(detail).toContain('message_conversation');
    expect(detail).not.toMatch(/SCAN c\b|SCAN conversation\b|SCAN m\b/);
  });

  it('visitor by token, by conversation, and code lookups use indexes', async () => {
    expect(await plan(sql`SELECT * FROM webchat_visitor WHERE token_hash = ${'x'}`)).toMatch(
      /USING INDEX sqlite_autoindex_webchat_visitor/,
    );
    expect(await plan(sql`SELECT * FROM webchat_visitor WHERE conversation_id = ${1} ORDER BY last_seen_at DESC LIMIT 1`)).toContain(
      'webchat_visitor_conversation',
    );
    expect(
      await plan(sql`SELECT * FROM webchat_code WHERE kind = ${'email'} AND value = ${'a@b'} ORDER BY created_at DESC, id DESC LIMIT 1`),
    ).toContain('webchat_code_identity');
  });

  it('upload quotas and the upload clean-up read by index (the clean-up runs over every file on disk)', async () => {
    expect(await plan(conversationUploadBytesQuery(1))).toContain('message_conversation');
    const refs = await plan(uploadReferencesByProviderQuery(['webchat:1:a', 'webchat:1:b']));
    expect(refs).toMatch(/sqlite_autoindex_message/);
    expect(refs).toContain('message_conversation');
    expect(refs).not.toMatch(/SCAN m\b|SCAN c\b|SCAN x\b/);
  });
});

describe('opening hours and expected wait', () => {
  const hours = fromWebchatHours({ timeZone: 'America/New_York', weekly: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }] });
  it('deprecated webchat.hours move onto the queue model and read the wall clock of the configured zone', () => {
    expect(hours.weekly.mon).toEqual([{ from: '09:00', to: '17:00' }]);
    expect(hours.weekly.sun).toBeUndefined();
    expect(isOpen(hours, Date.parse('2025-01-06T14:30:00Z'))).toBe(true); // Monday 09:30 in New York
    expect(isOpen(hours, Date.parse('2025-01-06T13:30:00Z'))).toBe(false); // Monday 08:30
    expect(isOpen(hours, Date.parse('2025-01-06T22:00:00Z'))).toBe(false); // Monday 17:00, end is exclusive
    expect(isOpen(hours, Date.parse('2025-01-05T15:00:00Z'))).toBe(false); // Sunday
  });

  it('estimates from the recent pace of accepts, falling back to a configured figure', () => {
    const pace = new QueuePace(60);
    expect(pace.expectedWaitSeconds('support', 2, 0)).toBe(120);
    for (const at of [0, 40_000, 80_000, 120_000]) pace.recordAccept('support', at);
    expect(pace.expectedWaitSeconds('support', 3, 120_000)).toBe(120); // 40 s apart, 3rd in line, rounded up to 30 s
    expect(pace.expectedWaitSeconds('support', 3, 120_000 + 2 * 3600_000)).toBe(180); // stale pace: fallback
  });
});
