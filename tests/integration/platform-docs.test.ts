import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../../services/platform/webhooks/signature';
import { allScopes, createKey } from '../support/platform';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';

const run = promisify(execFile);
const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');

/** Fenced blocks of one language in a section of the doc (between its heading and the next `## `). */
function blocks(section: string, lang: string): string[] {
  const start = doc.indexOf(`## ${section}\n`);
  const end = doc.indexOf('\n## ', start + 1);
  const text = doc.slice(start, end === -1 ? undefined : end);
  return [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

let t: TestHub;
let work: string;
const env: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestHub({ webchat: {} });
  await seed(t, [{ username: 'ann' }]);
  const admin = await t.admin();
  env.SB_KEY = (await createKey(admin, allScopes)).secret;
  env.SB = t.hub.url;
  const closed = await t.hub.center.ingest(
    chatEvent({ from: { kind: 'email', value: 'ann@example.com', displayName: 'Ann Example' }, bodyText: 'where is my order' }),
  );
  await t.hub.center.abandon(closed.conversation.id, 'left');
  env.CUSTOMER_ID = String(closed.customerId);
  const ann = await t.connect('ann', 'ann-password');
  await ann.ok('presence/set', { presence: 'available' });
  const held = await t.hub.center.ingest(chatEvent({ bodyText: 'hello?' }));
  const offer = await ann.waitFor('offer/new', (o) => o.conversationId === held.conversation.id);
  await ann.ok('offer/accept', { offerId: offer.offerId });
  env.CONVERSATION_ID = String(held.conversation.id);
  work = mkdtempSync(path.join(tmpdir(), 'sb-api-doc-'));
});
afterAll(async () => {
  await t.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('docs/api.md', () => {
  it('every curl example in "Examples" runs against a hub and gets a 2xx with JSON or CSV', async () => {
    const scripts = blocks('Examples', 'sh');
    expect(scripts.length).toBeGreaterThanOrEqual(8);
    let commands = 0;
    for (const script of scripts) {
      // The first block tells the reader to set SB and SB_KEY; the test sets them itself.
      if (script.startsWith('export SB=')) continue;
      const joined = script.replace(/\\\n\s*/g, ' ');
      for (const line of joined.split('\n').filter((l) => l.startsWith('curl '))) {
        const { stdout } = await run('sh', ['-c', line], { cwd: work, env: { ...process.env, ...env } });
        if (!line.includes(' -o ')) expect(() => JSON.parse(stdout), line).not.toThrow();
        commands += 1;
      }
    }
    expect(commands).toBeGreaterThanOrEqual(15);
    expect(readFileSync(path.join(work, 'messages.csv'), 'utf8')).toMatch(/^id,conversationId,channel/);
    expect(JSON.parse(readFileSync(path.join(work, 'customer.json'), 'utf8'))).toMatchObject({ customer: { displayName: 'Ann Example' } });
    expect(readFileSync(path.join(work, 'report.csv'), 'utf8')).toMatch(/^day,from,to,queueId/);
    // The last example erased the customer.
    expect(
      (await fetch(`${t.hub.url}/api/v1/customers/${env.CUSTOMER_ID}`, { headers: { authorization: `Bearer ${env.SB_KEY}` } })).status,
    ).toBe(404);
  });

  it("the webhook verification snippet accepts the hub's signature and refuses a tampered body", async () => {
    const [snippet] = blocks('Webhooks', 'js');
    const file = path.join(work, 'verify.mjs');
    writeFileSync(file, `${snippet}\nexport { verifySwitchboard };\n`);
    const { verifySwitchboard } = (await import(pathToFileURL(file).href)) as {
      verifySwitchboard: (secret: string, header: string, body: string) => boolean;
    };
    const body = '{"id":"evt_9","type":"message.in"}';
    const header = sign('whsec_doc', Math.floor(Date.now() / 1000), body);
    expect(verifySwitchboard('whsec_doc', header, body)).toBe(true);
    expect(verifySwitchboard('whsec_doc', header, body.replace('9', '8'))).toBe(false);
    expect(verifySwitchboard('whsec_doc', sign('whsec_doc', Math.floor(Date.now() / 1000) - 600, body), body)).toBe(false);
  });
});
