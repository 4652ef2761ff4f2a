import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubCommandName } from '../../services/contracts';
import type { AgentClient } from '../support/agentClient';
import { fileCustomer } from '../support/outbound';
import { chatEvent, seed, startTestHub, type TestHub } from '../support/testHub';

/**
 * Every agent command whose free text reaches SQL or FTS gets a corpus of hostile strings over a real socket:
 * the reply must be ok or invalid_input (never internal) and the hub must keep serving. A seeded generator adds
 * random strings to the fixed corpus so a failure is reproducible (FUZZ_SEED to vary, FUZZ_N to run more).
 */
const FIXED: readonly string[] = [
  'nul\u0000inside',
  '\u0000',
  'tab\tnew\nline\rcr',
  'bell\u0007esc\u001b[31mred',
  'del\u007f c1\u0085\u009b',
  'lone \ud800 surrogate',
  'reversed \udc00\ud800 pair',
  '"',
  '"unbalanced',
  "'; DROP TABLE customer; --",
  "' OR '1'='1",
  '1; SELECT * FROM agent',
  'a AND b OR NOT c',
  'NEAR(a b, 2)',
  'a* -b +c ^d',
  '(((',
  ')',
  'col:value',
  '{a b}: c',
  '*',
  '-',
  '""""',
  '\\',
  '%_%',
  '\u202eRTL override\u202c',
  'zero\u200bwidth\u200d\ufeff',
  '😀 emoji 👩‍👩‍👧 family',
  'ｆｕｌｌｗｉｄｔｈ',
  'x'.repeat(10_000),
  ' '.repeat(300),
  'a '.repeat(150),
];

/** mulberry32: tiny, seeded, good enough to pick characters. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = [
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0085',
  '"',
  "'",
  '*',
  '-',
  '+',
  '^',
  '(',
  ')',
  ':',
  ';',
  '\\',
  '%',
  ' ',
  'AND',
  'OR',
  'NOT',
  'NEAR',
  '\ud800',
  '\udfff',
  '\u200b',
  '\u202e',
  '😀',
  'é',
  'a',
  'Z',
  '7',
];

function generated(seed: number, n: number): string[] {
  const next = random(seed);
  return Array.from({ length: n }, () => {
    const len = 1 + Math.floor(next() * 24);
    return Array.from({ length: len }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join('');
  });
}

const SEED = Number(process.env.FUZZ_SEED ?? 15);
const CORPUS = [...FIXED, ...generated(SEED, Number(process.env.FUZZ_N ?? 40))];

let t: TestHub;
let ann: AgentClient;
let admin: AgentClient;
let customerId: number;

beforeAll(async () => {
  // The corpus is sent as fast as the hub answers: the per-socket command limit is not what is under test.
  t = await startTestHub({ commandRate: { perSecond: 10_000, burst: 10_000 } });
  await seed(t, [{ username: 'ann' }]);
  customerId = await fileCustomer(t, 'Fuzz Target', [{ kind: 'email', value: 'fuzz@customer.example' }]);
  // A message of theirs, so the message search really runs its FTS query.
  await t.hub.center.ingest(
    chatEvent({ from: { kind: 'email', value: 'fuzz@customer.example', displayName: 'Fuzz Target' }, bodyText: 'hello fuzz world' }),
  );
  ann = await t.connect('ann', 'ann-password');
  admin = await t.admin();
});
afterAll(async () => {
  await t?.stop();
});

type Case = Readonly<{ name: HubCommandName; client: () => AgentClient; input: (text: string) => unknown }>;

/** The commands whose free-text input reaches a query (search, FTS) or is stored and read back by one. */
const CASES: readonly Case[] = [
  { name: 'customer/search', client: () => ann, input: (query) => ({ query }) },
  { name: 'customer/messageSearch', client: () => ann, input: (query) => ({ customerId, query }) },
  { name: 'customer/addNote', client: () => ann, input: (body) => ({ customerId, body }) },
  { name: 'customer/update', client: () => ann, input: (text) => ({ customerId, displayName: text, company: text }) },
  { name: 'customer/addIdentity', client: () => ann, input: (value) => ({ customerId, kind: 'external', value }) },
  { name: 'customer/addIdentity', client: () => ann, input: (value) => ({ customerId, kind: 'email', value }) },
  { name: 'customer/addIdentity', client: () => ann, input: (value) => ({ customerId, kind: 'phone', value }) },
  { name: 'presence/set', client: () => ann, input: (reason) => ({ presence: 'away', reason }) },
  {
    name: 'admin/agentUpsert',
    client: () => admin,
    input: (displayName) => ({ username: 'fuzzed', displayName, role: 'agent', skills: {} }),
  },
];

describe('hostile free text over a real socket', () => {
  it.each(CASES.map((c, i) => [`${c.name} #${i}`, c] as const))(
    '%s: every string is ok or invalid_input, never internal',
    async (_label, c) => {
      const bad: string[] = [];
      for (const text of CORPUS) {
        const reply = await c.client().command(c.name, c.input(text) as never);
        if (!reply.ok && reply.error.code !== 'invalid_input')
          bad.push(`${JSON.stringify(text.slice(0, 40))} -> ${reply.error.code}: ${reply.error.message}`);
      }
      expect(bad).toEqual([]);
      // Still serving, and search still finds what it should.
      expect((await ann.ok('customer/search', { query: 'fuzz@customer.example' })).hits.map((h) => h.customerId)).toContain(customerId);
    },
  );

  it('a control character in a search is refused with a clear invalid_input, quotes and operators are plain text', async () => {
    const nul = await ann.command('customer/search', { query: 'carol\u0000' });
    expect(nul).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(nul)).toContain('control character');
    await ann.ok('customer/update', { customerId, displayName: 'Ada "NEAR" Lovelace-Byron' });
    const hits = await ann.ok('customer/search', { query: '"NEAR" Lovelace-Byron' });
    expect(hits.hits.map((h) => h.customerId)).toContain(customerId);
    expect((await ann.ok('customer/messageSearch', { customerId, query: 'fuzz" (world* -' })).hits).toHaveLength(1);
  });
});
