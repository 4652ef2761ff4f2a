// Signed inbound SMS webhooks over loopback into a real hub (SQLite file, group commit): throughput and
// latency per acknowledged (committed) message. Prints figures; asserts nothing about speed.
import { seed, startTestHub } from '../support/testHub';
import { record } from './report';
import { ACCOUNT_SID, SUPPORT_NUMBER, TwilioRestFake, postWebhook, sid, twilioConfig } from '../support/twilioFake';

const TOTAL = Number(process.env.BENCH_SMS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

const fake = await TwilioRestFake.start();
const t = await startTestHub({ twilio: twilioConfig(fake.url) });
await seed(t, []);
const latencies: number[] = [];
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < TOTAL) {
      const i = next++;
      const from = `+1555${String(10_000_000 + (i % 500)).slice(1)}`;
      const t0 = performance.now();
      const res = await postWebhook(t.hub.url, '/twilio/sms/inbound', {
        MessageSid: sid('SM'),
        AccountSid: ACCOUNT_SID,
        From: from,
        To: SUPPORT_NUMBER,
        Body: `message ${i}`,
      });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.text}`);
      latencies.push(performance.now() - t0);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
record('Twilio SMS webhooks (fetch per request, hub in process)', 'npm run bench:twilio', [
  `setup: ${TOTAL} signed inbound SMS webhooks from 500 numbers, concurrency ${CONCURRENCY}, fetch() client in the hub's process`,
  `${(TOTAL / seconds).toFixed(0)} msg/s; latency p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms`,
]);
await t.stop();
await fake.stop();
