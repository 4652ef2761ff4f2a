/**
 * npm run bench:customers — builds a hub database with 100k customers and 1M messages, then measures the
 * Customer 360 timeline (first page and a deep page, 50 items) for customers with 1,000 conversations,
 * side by side with the raw indexed SQL over the same index. Also times a 100k-row CSV import.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importCustomersCsv } from '../../services/customers/import/csvImport';
import { customerTimeline } from '../../services/customers/timeline';
import { join, sql } from '../../services/store/sql';
import { Store } from '../../services/store/store';
import { record } from './report';
import { allMigrations } from '../../services/server/migrations';

// Sizes are overridable for the smoke test (tests/integration/bench-smoke.test.ts).
const CUSTOMERS = Number(process.env.CUSTOMERS_N ?? 100_000);
const MESSAGES = Number(process.env.MESSAGES_N ?? 1_000_000);
const HOT = Number(process.env.HOT_CUSTOMERS ?? 20); // customers with HOT_CONVERSATIONS conversations each
const HOT_CONVERSATIONS = Number(process.env.HOT_CONVERSATIONS ?? 1_000);
const MESSAGES_PER_CONVERSATION = 4;
const ROWS_PER_INSERT = 500;
const ITERATIONS = Number(process.env.ITERATIONS ?? 2_000);
const IMPORT_ROWS = Number(process.env.IMPORT_ROWS ?? 100_000);
if (MESSAGES / MESSAGES_PER_CONVERSATION < HOT * HOT_CONVERSATIONS || CUSTOMERS <= HOT) {
  throw new Error('sizes: MESSAGES_N/4 must cover HOT_CUSTOMERS*HOT_CONVERSATIONS and CUSTOMERS_N must exceed HOT_CUSTOMERS');
}
/** Result lines for docs/benchmarks.md (record() at the end). */
const figures: string[] = [];

const channels = ['voice', 'sms', 'email', 'chat'] as const;
const states = ['closed', 'closed', 'closed', 'abandoned', 'active'] as const;
const words = 'order parcel refund invoice delivery courier account password upgrade cancel billing address late broken'.split(' ');

function pct(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function insertRows(store: Store, total: number, row: (i: number) => ReturnType<typeof sql>, into: string): Promise<void> {
  const perTransaction = 50_000;
  for (let start = 0; start < total; start += perTransaction) {
    await store.write(async (tx) => {
      for (let i = start; i < Math.min(start + perTransaction, total); i += ROWS_PER_INSERT) {
        const parts = [];
        for (let j = i; j < Math.min(i + ROWS_PER_INSERT, total, start + perTransaction); j += 1) parts.push(row(j));
        await tx.run({ text: `${into} VALUES ${join(parts).text}`, values: join(parts).values });
      }
    });
  }
}

async function build(store: Store): Promise<number[]> {
  const t0 = performance.now();
  await store.write(async (tx) => {
    await tx.run(
      sql`INSERT INTO queue (id, name, channels, sla_seconds) VALUES ('support', 'Support', '["voice","sms","email","chat"]', 60)`,
    );
    await tx.run(
      sql`INSERT INTO agent (id, username, display_name, role, capacity, created_at) VALUES (1, 'ann', 'Ann', 'agent', '{}', 0)`,
    );
  });
  await insertRows(
    store,
    CUSTOMERS,
    (i) => sql`(${i + 1}, ${`Customer ${i + 1}`}, ${0})`,
    'INSERT INTO customer (id, display_name, created_at)',
  );
  await insertRows(
    store,
    CUSTOMERS,
    (i) => sql`(${i + 1}, 'email', ${`c${i + 1}@example.com`}, ${0})`,
    'INSERT INTO identity (customer_id, kind, value, created_at)',
  );
  const t1 = performance.now();

  // Hot customers 1..HOT get 1,000 conversations each; the rest of the 1M messages spread over everyone else.
  const totalConversations = MESSAGES / MESSAGES_PER_CONVERSATION;
  const customerOf = (i: number) => (i < HOT * HOT_CONVERSATIONS ? (i % HOT) + 1 : HOT + 1 + ((i * 7919) % (CUSTOMERS - HOT)));
  await insertRows(
    store,
    totalConversations,
    (i) =>
      sql`(${i + 1}, ${channels[i % 4]}, ${customerOf(i)}, 'support', ${states[i % 5]}, ${1_600_000_000_000 + i * 1000}, ${i % 3 === 0 ? 1 : null}, ${i % 5 < 3 ? 'resolved' : null})`,
    'INSERT INTO conversation (id, channel, customer_id, queue_id, state, created_at, last_agent_id, disposition)',
  );
  const t2 = performance.now();
  await insertRows(
    store,
    MESSAGES,
    (i) => {
      const conversation = Math.floor(i / MESSAGES_PER_CONVERSATION) + 1;
      const k = i % MESSAGES_PER_CONVERSATION;
      const direction = k === 3 && conversation % 4 === 0 ? 'note' : k % 2 === 0 ? 'in' : 'out';
      return sql`(${conversation}, ${direction}, ${`${words[i % words.length]} ${words[(i * 7) % words.length]} number ${i}\nsecond line`}, ${1_600_000_000_000 + i * 250})`;
    },
    'INSERT INTO message (conversation_id, direction, body_text, created_at)',
  );
  const t3 = performance.now();
  console.log(
    `built: ${CUSTOMERS} customers + identities ${((t1 - t0) / 1000).toFixed(1)} s, ${totalConversations} conversations ${((t2 - t1) / 1000).toFixed(1)} s, ` +
      `${MESSAGES} messages (with FTS5 + first-line triggers) ${((t3 - t2) / 1000).toFixed(1)} s`,
  );
  return Array.from({ length: HOT }, (_, i) => i + 1);
}

async function measure(label: string, run: (customerId: number, i: number) => Promise<unknown>, hot: readonly number[]): Promise<number[]> {
  for (let i = 0; i < 100; i += 1) await run(hot[i % hot.length]!, i);
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i += 1) {
    const started = performance.now();
    await run(hot[i % hot.length]!, i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} p50 ${pct(times, 50).toFixed(3)} ms   p99 ${pct(times, 99).toFixed(3)} ms`);
  return times;
}

async function timelineBench(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-bench-customers-'));
  const store = await Store.open({ migrations: allMigrations, file: path.join(dir, 'hub.sqlite') });
  try {
    const hot = await build(store);
    const count = await store.get<{ n: number }>(sql`SELECT count(*) AS n FROM conversation WHERE customer_id = 1`);
    console.log(`hot customers: ${hot.length}, conversations each: ${count?.n}; page size 50; ${ITERATIONS} runs each`);
    // A cursor in the middle of a hot customer's history (the 500th newest conversation).
    const deep = new Map<number, string>();
    for (const c of hot) {
      const row = await store.get<{ created_at: number; id: number }>(
        sql`SELECT created_at, id FROM conversation WHERE customer_id = ${c} ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ${Math.min(500, Math.floor(HOT_CONVERSATIONS / 2))}`,
      );
      deep.set(c, `${row?.created_at}:${row?.id}`);
    }
    const raw = (c: number) =>
      store.all(sql`SELECT * FROM conversation WHERE customer_id = ${c} ORDER BY created_at DESC, id DESC LIMIT 50`);
    const rawDeep = (c: number) => {
      const [at, id] = (deep.get(c) ?? '0:0').split(':').map(Number);
      return store.all(
        sql`SELECT * FROM conversation WHERE customer_id = ${c} AND created_at <= ${at} AND (created_at < ${at} OR id < ${id}) ORDER BY created_at DESC, id DESC LIMIT 50`,
      );
    };
    const results: Array<[string, number[], number[]]> = [];
    for (let round = 0; round < 1; round += 1) {
      const r1 = await measure('raw SQL, first page', (c) => raw(c), hot);
      const t1 = await measure('customer/timeline, first page', (c) => customerTimeline(store, { customerId: c, limit: 50 }), hot);
      const r2 = await measure('raw SQL, page at item 500 (cursor)', (c) => rawDeep(c), hot);
      const t2 = await measure(
        'customer/timeline, page at item 500 (cursor)',
        (c) => customerTimeline(store, { customerId: c, limit: 50, cursor: deep.get(c) }),
        hot,
      );
      const t3 = await measure(
        'customer/timeline, sms only, first page',
        (c) => customerTimeline(store, { customerId: c, limit: 50, channels: ['sms'] }),
        hot,
      );
      results.push(['first page', r1, t1], ['deep page', r2, t2]);
      void t3;
    }
    for (const [name, r, t] of results) {
      const ratio = pct(t, 99) / pct(r, 99);
      figures.push(
        `${name}: timeline p99 ${pct(t, 99).toFixed(3)} ms vs raw indexed SQL p99 ${pct(r, 99).toFixed(3)} ms = ${ratio.toFixed(2)}x (target p99 < 10 ms and <= 2x: ${pct(t, 99) < 10 && ratio <= 2 ? 'met' : 'NOT met'})`,
      );
      console.log(
        `${name}: timeline p99 ${pct(t, 99).toFixed(3)} ms vs raw p99 ${pct(r, 99).toFixed(3)} ms = ${ratio.toFixed(2)}x  (target p99 < 10 ms and <= 2x): ${pct(t, 99) < 10 && ratio <= 2 ? 'MET' : 'NOT MET'}`,
      );
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function importBench(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-bench-import-'));
  const store = await Store.open({ migrations: allMigrations, file: path.join(dir, 'hub.sqlite') });
  try {
    const lines = ['name,email,phone,crm,company,tags'];
    for (let i = 0; i < IMPORT_ROWS; i += 1) {
      lines.push(
        `Person ${i},p${i}@example.com,+1415${String(10_000_000 + i).slice(1)},${i},Company ${i % 977},"legacy,${words[i % words.length]}"`,
      );
    }
    const csv = lines.join('\n');
    const mapping = { name: 'displayName', email: 'email', phone: 'phone', crm: 'external:crm', company: 'company', tags: 'tags' } as const;
    for (const dryRun of [true, false, false]) {
      const started = performance.now();
      const report = await importCustomersCsv(store, csv, { mapping, dryRun, byAgentId: null, now: Date.now });
      const label = dryRun ? 'dry run' : report.created > 0 ? 'real run' : 're-import (idempotent)';
      figures.push(
        `CSV import ${IMPORT_ROWS} rows, ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s (created ${report.created}, unchanged ${report.unchanged}, rejected ${report.rejected})`,
      );
      console.log(
        `import ${IMPORT_ROWS} rows (${(csv.length / 1e6).toFixed(1)} MB), ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s ` +
          `(created ${report.created}, merged ${report.merged}, unchanged ${report.unchanged}, rejected ${report.rejected}${report.rejectedRows[0] ? `, e.g. ${report.rejectedRows[0].reason}` : ''})`,
      );
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`bench:customers on node ${process.version}`);
if (!process.argv.includes('--import-only')) await timelineBench();
await importBench();
record('Customer 360: timeline and CSV import', 'npm run bench:customers', [
  `setup: ${CUSTOMERS} customers, ${MESSAGES} messages, ${HOT} hot customers with ${HOT_CONVERSATIONS} conversations each, ${ITERATIONS} runs per query`,
  ...figures,
]);
