/**
 * Diagnosis (not part of npm run bench): one hub on PostgreSQL under signed-webhook ingest, with the server's
 * own view: pg_stat_statements (calls, time per statement), transactions, and the CPU of the hub and of the
 * PostgreSQL processes per request. PROBE_N (3000), PROBE_CONCURRENCY (32).
 */
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { DEMO_TWILIO } from '../../services/simulator/twilioStandIn';
import { WebhookClient } from '../../services/simulator/webhookClient';
import { startPostgres } from '../support/postgres';
import { ingestLookupsQueryPostgres } from '../../services/store/repos/ingestLookups';
import { translate } from '../../services/store/postgres/dialect';
import { startChildHub, type ChildHub } from './childHub';
import { newCustomerSms } from './smsWebhook';

const N = Number(process.env.PROBE_N ?? 3000);
const HUBS = Number(process.env.PROBE_HUBS ?? 1);
const C = Number(process.env.PROBE_CONCURRENCY ?? 32);
const tick = 100; // USER_HZ

function pgCpuMs(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!comm.startsWith('postgres')) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += ((Number(f[11]) + Number(f[12])) * 1000) / tick;
    } catch {
      // gone
    }
  }
  return total;
}

async function load(url: string | readonly string[], total: number, offset: number): Promise<number> {
  const urls = typeof url === 'string' ? [url] : url;
  const clients = urls.map((u) => new WebhookClient(u, DEMO_TWILIO.publicUrl, DEMO_TWILIO.authToken, Math.ceil(C / urls.length)));
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: C }, async (_, worker) => {
      const client = clients[worker % clients.length]!;
      while (next < total) {
        const i = offset + next++;
        const answer = await client.post('/twilio/sms/inbound', newCustomerSms(i));
        if (answer.status !== 200) throw new Error(`HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
      }
    }),
  );
  for (const client of clients) client.close();
  return total / ((performance.now() - t0) / 1000);
}

type Cpu = { cpu: { processMs: number; mainThreadMs: number } };
const variants = (process.env.PROBE_VARIANTS ?? 'base:{}').split(';').map((v) => {
  const at = v.indexOf(':');
  return { name: v.slice(0, at), env: JSON.parse(v.slice(at + 1)) as Record<string, string> };
});
const rounds = Number(process.env.PROBE_ROUNDS ?? 1);
const server = await startPostgres({ shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' });
const load1 = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?';
try {
  const hubs: Array<{ name: string; admin: pg.Client; hub: ChildHub<object>; others: Array<ChildHub<object>>; rates: string[] }> = [];
  for (const v of variants) {
    const url = await server.createDatabase();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query('CREATE EXTENSION pg_stat_statements');
    const hub = await startChildHub<object>('hub', { BENCH_PG_URL: url, ...v.env });
    // PROBE_HUBS=3: team mode as bench:cluster runs it, requests round-robin over the hubs (stats: the first).
    const others = [];
    for (let i = 1; i < HUBS; i += 1) others.push(await startChildHub<object>('hub', { BENCH_PG_URL: url, ...v.env }));
    hubs.push({ ...v, admin, hub, others, rates: [] as string[] });
  }
  const urlsOf = (h: (typeof hubs)[number]): string[] => [h.hub, ...h.others].map((x) => x.ready.url);
  for (const h of hubs) await load(urlsOf(h), 1000, 0);
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? hubs : [...hubs].reverse();
    for (const h of order) {
      const { admin, hub } = h;
      await admin.query('SELECT pg_stat_statements_reset()');
      const h0 = await hub.stats<Cpu>();
      const p0 = pgCpuMs();
      const l0 = load1();
      const rate = await load(urlsOf(h), N, 100_000 * (round + 1));
      const p1 = pgCpuMs();
      const h1 = await hub.stats<Cpu>();
      h.rates.push(`${rate.toFixed(0)} (load ${l0})`);
      console.log(
        `[${h.name}] round ${round + 1}: ${N} requests, ${C} in flight: ${rate.toFixed(0)} req/s (load ${l0} -> ${load1()}); hub CPU ${(((h1.cpu.processMs - h0.cpu.processMs) * 1000) / N).toFixed(0)} us/req (main busy ${(((h1.cpu.mainThreadMs - h0.cpu.mainThreadMs) * 1000) / N).toFixed(0)} us); postgres CPU (all databases) ${(((p1 - p0) * 1000) / N).toFixed(0)} us/req`,
      );
      if (process.env.PROBE_STATEMENTS !== '1') continue;
      const rows = (
        await admin.query(
          `SELECT calls, round(total_exec_time::numeric, 1) AS ms, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 140) AS q
             FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND toplevel
             ORDER BY calls DESC LIMIT 30`,
        )
      ).rows as Array<{ calls: string; ms: string; rows: string; q: string }>;
      const calls = rows.reduce((n, r) => n + Number(r.calls), 0);
      const ms = rows.reduce((n, r) => n + Number(r.ms), 0);
      console.log(`  top-level statements: ${calls} calls = ${(calls / N).toFixed(2)}/req, exec ${((ms * 1000) / N).toFixed(0)} us/req`);
      for (const r of rows)
        console.log(`  ${String(r.calls).padStart(7)} ${String(r.ms).padStart(9)} ms ${String(r.rows).padStart(7)} rows  ${r.q}`);
    }
  }
  if (process.env.PROBE_EXPLAIN === '1') {
    const { admin } = hubs[0]!;
    const max = Number((await admin.query('SELECT MAX(id) AS m FROM message')).rows[0].m);
    const plans = [
      `SELECT m.*, c.queue_id AS c_queue_id, c.customer_id AS c_customer_id, c.state AS c_state, c.disposition AS c_disposition,
      NOT EXISTS (SELECT 1 FROM message p WHERE p.conversation_id = m.conversation_id AND p.id < m.id) AS first
    FROM message m JOIN conversation c ON c.id = m.conversation_id
    WHERE m.id > ${max - 30} AND m.direction = 'in' AND c.channel = 'sms'
    ORDER BY m.id LIMIT 100`,
    ];
    for (const q of plans) {
      const r = (await admin.query(`EXPLAIN (ANALYZE, BUFFERS) ${q}`)).rows as Array<Record<string, string>>;
      console.log(r.map((x) => Object.values(x)[0]).join('\n'));
    }
    const ids = Array.from({ length: 16 }, (_, i) => max - 100 - i * 7);
    const phones = Array.from({ length: 16 }, (_, i) => ['phone', `+1${2_000_100_000 + i * 13}`]);
    const lookups = ingestLookupsQueryPostgres({
      identities: phones.map(([kind, value]) => ({ kind: kind as 'phone', value: value! })),
      conversationIds: [],
      threadKeys: [],
      providerIds: phones.map((_, i) => `SMx${i}`),
      queueIds: ['support'],
    });
    const withParams: Array<[string, unknown[]]> = [
      [translate(lookups.text).text, [...lookups.values]],
      [
        `SELECT c.id, c.display_name, i.kind, i.value
          FROM customer c LEFT JOIN LATERAL (SELECT id, kind, value FROM identity WHERE customer_id = c.id OFFSET 0) i ON true
          WHERE c.id = ANY(ARRAY(SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb))) ORDER BY c.id, i.id`,
        [JSON.stringify(ids.slice(0, 1))],
      ],
    ];
    for (const [text, values] of withParams) {
      const r = (await admin.query(`EXPLAIN (ANALYZE) ${text}`, values)).rows as Array<Record<string, string>>;
      console.log(r.map((x) => Object.values(x)[0]).join('\n'));
    }
    console.log(
      (
        await admin.query(
          `SELECT relname, n_live_tup, last_autoanalyze FROM pg_stat_user_tables WHERE relname IN ('message','identity','customer','conversation','event')`,
        )
      ).rows,
    );
  }
  for (const h of hubs) {
    console.log(`[${h.name}] ${h.rates.join(', ')} req/s`);
    await h.admin.end();
    await h.hub.stop();
    for (const o of h.others) await o.stop();
  }
} finally {
  await server.destroy();
}
process.exit(0);
