import { readFileSync } from 'node:fs';
import { DAY_MS } from '../../services/voc/repo';
import type { Store } from '../../services/store/store';
import { valuesLiteral, type LiteralValue } from '../../services/store/sql';

/** The labelled test corpus: realistic customer texts the benches vary (order numbers, names). */
export function corpusTexts(): string[] {
  const corpus = JSON.parse(readFileSync('tests/fixtures/voc/corpus.json', 'utf8')) as Array<{ text: string }>;
  return corpus.map((m) => m.text).filter((t) => t.length > 0);
}

/** A corpus text with its numbers changed, so a hundred thousand messages are not a hundred strings. */
export function variant(texts: readonly string[], i: number): string {
  const text = texts[i % texts.length]!;
  return text.replace(/\d{4,}/g, () => String(100_000 + ((i * 7919) % 900_000)));
}

export const QUEUES = ['support', 'sales', 'billing', 'returns', 'tech'] as const;
export const CHANNELS = ['sms', 'chat', 'email', 'voice'] as const;

async function insertRows(store: Store, table: string, columns: string, rows: LiteralValue[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    await store.write((tx) => tx.exec(`INSERT INTO ${table} (${columns}) VALUES ${valuesLiteral(chunk)}`));
  }
}

export async function ensureQueues(store: Store): Promise<void> {
  await insertRows(
    store,
    'queue',
    'id, name, channels, sla_seconds',
    QUEUES.map((q) => [q, q, JSON.stringify(CHANNELS), 60]),
  );
}

/**
 * `n` stored inbound customer messages (and their customers and conversations, three messages each) written
 * straight into the hub's tables in big batches, spread over `days` up to `now`. Returns the id range.
 */
export async function generateMessages(store: Store, n: number, days: number, now: number, texts: readonly string[]): Promise<void> {
  const batch = 10_000;
  for (let start = 0; start < n; start += batch) {
    const customers: LiteralValue[][] = [];
    const conversations: LiteralValue[][] = [];
    const messages: LiteralValue[][] = [];
    for (let i = start; i < Math.min(n, start + batch); i++) {
      const conv = Math.floor(i / 3) + 1;
      const at = now - Math.floor(((n - i) / n) * days * DAY_MS);
      if (i % 3 === 0) {
        customers.push([conv, `Customer ${conv}`, at]);
        conversations.push([conv, CHANNELS[conv % CHANNELS.length]!, conv, QUEUES[conv % QUEUES.length]!, 'closed', at]);
      }
      messages.push([i + 1, conv, 'in', variant(texts, i), `bench-${i}`, at]);
    }
    await insertRows(store, 'customer', 'id, display_name, created_at', customers);
    await insertRows(store, 'conversation', 'id, channel, customer_id, queue_id, state, created_at', conversations);
    await insertRows(store, 'message', 'id, conversation_id, direction, body_text, provider_id, created_at', messages);
  }
}

/**
 * The analysis results of `n` messages, written directly (not through the analyser: the board query is
 * what is measured): `topics` topics with a long tail (topic k is picked with weight 1/(k+1)), 1-2 topics
 * per message, the links, and the per-day counts exactly as the job keeps them. Message i is message id i+1.
 */
export async function generateAnalyses(store: Store, n: number, topics: number, days: number, now: number): Promise<void> {
  const topicRows: LiteralValue[][] = [];
  for (let k = 0; k < topics; k++) topicRows.push([k + 1, `topic key ${k}`, `topic ${k}`, now - days * DAY_MS]);
  await insertRows(store, 'voc_topic', 'id, key, label, first_seen', topicRows);
  // Zipf-like picking by inverse cumulative weights.
  const weights = Array.from({ length: topics }, (_, k) => 1 / (k + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((acc, w, k) => (cumulative[k] = acc + w / total), 0);
  let seed = 42;
  const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = (): number => {
    const r = random();
    let lo = 0;
    let hi = topics - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  const days_ = new Map<string, [number, string, string, number, number, number, number]>();
  const batch = 10_000;
  for (let start = 0; start < n; start += batch) {
    const vm: LiteralValue[][] = [];
    const links: LiteralValue[][] = [];
    for (let i = start; i < Math.min(n, start + batch); i++) {
      const conv = Math.floor(i / 3) + 1;
      const at = now - Math.floor(((n - i) / n) * days * DAY_MS);
      const day = Math.floor(at / DAY_MS);
      const queue = QUEUES[conv % QUEUES.length]!;
      const channel = CHANNELS[conv % CHANNELS.length]!;
      const sentiment = Math.round((random() * 2 - 1.2) * 100) / 100;
      vm.push([i + 1, conv, queue, channel, at, 'en', sentiment, '[]', 0]);
      const own = new Set([pick(), ...(random() < 0.5 ? [pick()] : [])]);
      for (const topic of own) {
        links.push([topic, i + 1, day, at, queue, channel, sentiment]);
        const key = `${day}|${queue}|${channel}|${topic}`;
        const d = days_.get(key) ?? [day, queue, channel, topic, 0, 0, 0];
        d[4] += 1;
        d[5] += sentiment;
        d[6] += 1;
        days_.set(key, d);
      }
    }
    await insertRows(
      store,
      'voc_message',
      'message_id, conversation_id, queue_id, channel, at, language, sentiment, phrases, truncated',
      vm,
    );
    await insertRows(store, 'voc_message_topic', 'topic_id, message_id, day, at, queue_id, channel, sentiment', links);
  }
  await insertRows(store, 'voc_topic_day', 'day, queue_id, channel, topic_id, n, sentiment_sum, sentiment_n', [...days_.values()]);
  const totals = new Map<string, [number, number, number, number, number]>();
  for (const [day, , , topic, n, s, sn] of days_.values()) {
    const t = totals.get(`${day}|${topic}`) ?? [day, topic, 0, 0, 0];
    t[2] += n;
    t[3] += s;
    t[4] += sn;
    totals.set(`${day}|${topic}`, t);
  }
  await insertRows(store, 'voc_topic_total_day', 'day, topic_id, n, sentiment_sum, sentiment_n', [...totals.values()]);
  await store.write((tx) => tx.exec(`UPDATE voc_state SET watermark = ${n} WHERE id = 1`));
}
