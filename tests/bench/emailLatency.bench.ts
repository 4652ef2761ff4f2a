/**
 * npm run bench:email-latency — one mail at a time APPENDed to a real dovecot while the hub watches the
 * mailbox in IDLE; measured from the APPEND command's start to `offer/new` at a real agent socket. The
 * agent accepts and closes each offer, so every mail is new work offered to an available agent. Mails come
 * at random gaps (EMAIL_LATENCY_GAP_MS, default 100–1000 ms), as real mail does: some land while the
 * watcher is still finishing the previous one.
 * Knobs: EMAIL_LATENCY_N (mails per mode, default 100), EMAIL_LATENCY_GAP_MS ("min,max"), EMAIL_LATENCY_CHECKS
 * (newMailCheckMs values measured in turn, default "0,100": IDLE alone, then IDLE with a NOOP every 100 ms).
 */
import { readFileSync } from 'node:fs';
import { customerMail } from '../support/emailHub';
import { seed, startTestHub } from '../support/testHub';
import { startBenchMailbox } from './benchMailbox';
import { percentile, record } from './report';

const N = Number(process.env.EMAIL_LATENCY_N ?? 100);
/** newMailCheckMs values measured in turn (0 = IDLE notices only). */
const CHECKS = (process.env.EMAIL_LATENCY_CHECKS ?? '0,100').split(',').map(Number);
const [GAP_MIN, GAP_MAX] = (process.env.EMAIL_LATENCY_GAP_MS ?? '100,1000').split(',').map(Number) as [number, number];
const loadavg = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const mailbox = await startBenchMailbox('bench:email-latency');
const { imap } = mailbox;
let customer = 0;

/** One hub watching the mailbox with `newMailCheckMs`; returns the sorted latencies of N mails. */
async function measure(newMailCheckMs: number): Promise<Readonly<{ latencies: number[]; load: string }>> {
  // Otherwise the shipped IDLE settings: what a deployment gets.
  const t = await startTestHub({ email: mailbox.emailConfig({ newMailCheckMs }) });
  await seed(t, [{ username: 'ann' }]);
  const ann = await t.connect('ann', 'ann-password');
  await ann.ok('presence/set', { presence: 'available' });
  const loadBefore = loadavg();
  const latencies: number[] = [];
  // Two warm-up mails: the first runs the module's code paths cold.
  for (let i = -2; i < N; i += 1) {
    await sleep(GAP_MIN + Math.random() * (GAP_MAX - GAP_MIN));
    customer += 1;
    const subject = `Latency ${customer}`;
    const raw = customerMail({ from: `customer${customer}@latency.example`, subject });
    const offered = ann.waitFor('offer/new', (o) => o.subject === subject, 30_000);
    const started = performance.now();
    await imap.append('INBOX', raw);
    const offer = await offered;
    if (i >= 0) latencies.push(performance.now() - started);
    const conversation = await ann.ok('offer/accept', { offerId: offer.offerId });
    await ann.ok('conversation/close', { conversationId: conversation.id, disposition: 'resolved' });
  }
  const load = `${loadBefore} before, ${loadavg()} after`;
  ann.close();
  await t.stop();
  return { latencies: latencies.sort((a, b) => a - b), load };
}

const lines: string[] = [
  `setup: real dovecot, hub watching INBOX (default email settings but newMailCheckMs), one agent socket available; per mode ${N} mails one at a time, ${GAP_MIN}–${GAP_MAX} ms apart (random), each from a new customer; measured from the APPEND command's start to offer/new at the agent, who accepts and closes it`,
];
for (const check of CHECKS) {
  const { latencies, load } = await measure(check);
  const p99 = percentile(latencies, 99);
  lines.push(
    `${check === 0 ? 'IDLE only (newMailCheckMs 0, the default)' : `IDLE + NOOP check every ${check} ms (newMailCheckMs ${check})`}: APPEND -> offer/new p50 ${percentile(latencies, 50).toFixed(1)} ms, p90 ${percentile(latencies, 90).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(latencies.at(-1) ?? 0).toFixed(1)} ms (target p99 < 250 ms: ${p99 < 250 ? 'met' : 'NOT met'}); load average ${load}`,
  );
}
const knobs = ['EMAIL_LATENCY_N', 'EMAIL_LATENCY_GAP_MS', 'EMAIL_LATENCY_CHECKS'].flatMap((k) =>
  process.env[k] ? [`${k}=${process.env[k]}`] : [],
);
record('Email: IMAP APPEND to offer at the agent socket', [...knobs, 'npm run bench:email-latency'].join(' '), lines);
await mailbox.stop();
