import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Store } from '../../services/store/store';
import { Connection } from '../../services/store/connection';
import { ingestInbound, defaultIngestOptions } from '../../services/ingest/ingest';
import { sql } from '../../services/store/sql';

const counts = new Map<string, number>();
const times = new Map<string, number>();
for (const m of ['run', 'all', 'exec'] as const) {
  const orig = (Connection.prototype as any)[m];
  (Connection.prototype as any)[m] = async function (this: unknown, q: any) {
    const t0 = performance.now();
    const r = await orig.call(this, q);
    const k = `${m} ${typeof q === 'string' ? q : q.text.replace(/\s+/g, ' ').slice(0, 70)}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
    times.set(k, (times.get(k) ?? 0) + performance.now() - t0);
    return r;
  };
}
const dir = mkdtempSync(path.join(tmpdir(), 'exp-'));
const store = await Store.open({ file: path.join(dir, 'x.sqlite') });
await store.write(async (tx) => { await tx.run(sql`INSERT INTO queue (id, name, channels, skills, sla_seconds, priority) VALUES ('support','S','[]','{}',60,0)`); }).catch((e) => console.log('queue insert', e.message));
counts.clear(); times.clear();
const N = 2000;
const t0 = performance.now();
await Promise.all(Array.from({ length: N }, (_, i) => ingestInbound(store, { channel: 'sms', providerId: `p${i}`, from: { kind: 'phone', value: `+1${2000000000 + i}` }, queueId: 'support', threadKey: `sms:${i}`, bodyText: 'hello' }, defaultIngestOptions)));
const s = (performance.now() - t0) / 1000;
console.log(`${(N / s).toFixed(0)} ingests/s`);
for (const [k, c] of [...counts].sort((a, b) => (times.get(b[0]) ?? 0) - (times.get(a[0]) ?? 0))) console.log(String(c).padStart(6), (times.get(k)! / c * 1000).toFixed(0).padStart(6), 'us', k);
await store.close();
