/**
 * npm run bench:email — 10,000 messages APPENDed to a real dovecot, then the time until every one is
 * committed to SQLite and queued by the hub (catch-up path: the hub connects to a full mailbox).
 */
import { sql } from '../../services/store/sql';
import { customerMail } from '../support/emailHub';
import { seed, startTestHub } from '../support/testHub';
import { startBenchMailbox } from './benchMailbox';
import { record } from './report';

const N = Number(process.env.EMAIL_BENCH_N ?? 10_000);
const mailbox = await startBenchMailbox('bench:email');
const { imap } = mailbox;
const appendStart = Date.now();
// 200 customers so customer resolution, conversation creation and the thread map all do real work.
for (let i = 0; i < N; i += 1)
  await imap.append('INBOX', customerMail({ from: `customer${i % 200}@bench.example`, subject: `Bench ${i}` }));
console.log(`appended ${N} messages in ${((Date.now() - appendStart) / 1000).toFixed(1)} s`);

const t = await startTestHub({ email: mailbox.emailConfig({ idleDelayMs: 200 }) });
const start = Date.now();
await seed(t, []);
let queued: number;
for (;;) {
  const row = await t.hub.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM conversation WHERE state = 'queued'`);
  queued = row?.n ?? 0;
  // \Seen is set after the commit: the figure includes the acknowledgement to the server.
  if (queued >= N && ((await imap.status('INBOX', { unseen: true })) || { unseen: -1 }).unseen === 0) break;
  if (Date.now() - start > 300_000) break;
  await new Promise((r) => setTimeout(r, 100));
}
const seconds = (Date.now() - start) / 1000;
const waiting = t.hub.center.queueStats().find((s) => s.queueId === 'support')?.waiting ?? 0;
console.log(
  `email ingest: ${queued}/${N} committed and queued (router waiting: ${waiting}, all \\Seen) in ${seconds.toFixed(2)} s = ${Math.round(queued / seconds)} msg/s (target < 30 s)`,
);
record('Email ingest: IMAP catch-up into the queue', 'npm run bench:email', [
  `setup: ${N} messages APPENDed to a real dovecot (200 senders), then the hub connects and catches up`,
  `${queued}/${N} committed, queued and \\Seen in ${seconds.toFixed(2)} s = ${Math.round(queued / seconds)} msg/s (target < 30 s for 10,000: ${N >= 10_000 ? (seconds < 30 ? 'met' : 'NOT met') : 'n/a at this size'})`,
]);
await t.stop();
await mailbox.stop();
if (queued < N) process.exit(1);
