import type { ChannelKind, VocPhrase } from '../contracts';
import type { Connection } from '../store/store';
import { join, raw, sql, valuesLiteral, type LiteralValue } from '../store/sql';

type Reader = Pick<Connection, 'get' | 'all'>;

export const DAY_MS = 86_400_000;
export const dayOf = (at: number): number => Math.floor(at / DAY_MS);

// --- the job's position --------------------------------------------------------------------------------

export type VocState = { watermark: number; reanalyseFrom: number | null; reanalyseTo: number | null; reanalyseStartedAt: number | null };

export async function readState(db: Reader): Promise<VocState> {
  const row = await db.get<{
    watermark: number;
    reanalyse_from: number | null;
    reanalyse_to: number | null;
    reanalyse_started_at: number | null;
  }>(sql`SELECT watermark, reanalyse_from, reanalyse_to, reanalyse_started_at FROM voc_state WHERE id = 1`);
  return {
    watermark: row?.watermark ?? 0,
    reanalyseFrom: row?.reanalyse_from ?? null,
    reanalyseTo: row?.reanalyse_to ?? null,
    reanalyseStartedAt: row?.reanalyse_started_at ?? null,
  };
}

export async function startReanalysis(tx: Connection, upTo: number, now: number): Promise<void> {
  await tx.run(
    sql`UPDATE voc_state SET reanalyse_from = 0, reanalyse_to = ${upTo}, reanalyse_started_at = ${now}, updated_at = ${now} WHERE id = 1`,
  );
}

export async function newestMessageId(db: Reader): Promise<number> {
  return (await db.get<{ id: number | null }>(sql`SELECT max(id) AS id FROM message`))?.id ?? 0;
}

/** Customer messages still to read above `after` (index range on the primary key). */
export async function inboundCountBetween(db: Reader, after: number, upTo: number): Promise<number> {
  return (
    (await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM message WHERE id > ${after} AND id <= ${upTo} AND direction = 'in'`))?.n ?? 0
  );
}

export type InboundRow = {
  id: number;
  conversation_id: number;
  customer_id: number;
  queue_id: string;
  channel: ChannelKind;
  body_text: string;
  body_html: string | null;
  meta: string;
  created_at: number;
};

/** The next committed customer messages after `after` (reader connection: only committed rows). */
export async function inboundAfter(db: Reader, after: number, upTo: number, limit: number): Promise<InboundRow[]> {
  return db.all<InboundRow>(sql`
    SELECT m.id, m.conversation_id, c.customer_id, c.queue_id, c.channel, m.body_text, m.body_html, m.meta, m.created_at
    FROM message m JOIN conversation c ON c.id = m.conversation_id
    WHERE m.id > ${after} AND m.id <= ${upTo} AND m.direction = 'in'
    ORDER BY m.id LIMIT ${limit}`);
}

/** The highest message id at or below `upTo` among the next `limit` messages after `after` (any direction). */
export async function scanEnd(db: Reader, after: number, upTo: number, limit: number): Promise<number> {
  const row = await db.get<{ id: number | null }>(
    sql`SELECT max(id) AS id FROM (SELECT id FROM message WHERE id > ${after} AND id <= ${upTo} ORDER BY id LIMIT ${limit}) AS next_batch`,
  );
  return row?.id ?? upTo;
}

// --- storing a batch -----------------------------------------------------------------------------------

export type AnalysedRow = Readonly<{
  messageId: number;
  conversationId: number;
  queueId: string;
  channel: ChannelKind;
  at: number;
  language: string;
  sentiment: number | null;
  phrases: readonly VocPhrase[];
  truncated: boolean;
  topics: ReadonlyArray<Readonly<{ key: string; label: string }>>;
}>;

export type StoreBatch = Readonly<{
  rows: readonly AnalysedRow[];
  /** The watermark after this batch (normal run), or the re-analysis position. */
  position: { watermark: number } | { reanalyseFrom: number; done: boolean };
  /** Re-analysis: the id range whose earlier results this batch replaces. */
  replace?: Readonly<{ after: number; upTo: number }>;
  now: number;
}>;

export type StoredTopics = Map<string, { id: number; label: string }>;

/**
 * One write unit for a batch: new topics, the message rows, their topic rows, the day counts and the job's
 * position, so a crash leaves either all of a batch or none of it (the restart reads it again).
 * Three round trips whatever the batch size: insert topics, read their ids, everything else in one exec.
 */
export async function storeBatch(tx: Connection, batch: StoreBatch): Promise<StoredTopics> {
  const keys = new Map<string, string>();
  for (const r of batch.rows)
    for (const t of r.topics) if (!keys.has(t.key) || keys.get(t.key)!.length < t.label.length) keys.set(t.key, t.label);
  const resolved: StoredTopics = new Map();
  const statements: string[] = [];
  if (keys.size > 0) {
    await tx.exec(
      `INSERT INTO voc_topic (key, label, first_seen) VALUES ${valuesLiteral([...keys].map(([k, l]) => [k, l, batch.now]))} ON CONFLICT(key) DO NOTHING`,
    );
    const found = await tx.all<{ id: number; key: string; label: string; custom_label: number; merged_into: number | null }>(
      sql`SELECT id, key, label, custom_label, merged_into FROM voc_topic WHERE key IN (SELECT value FROM json_each(${JSON.stringify([...keys.keys()])}))`,
    );
    const upgrades: LiteralValue[][] = [];
    for (const t of found) {
      resolved.set(t.key, { id: t.merged_into ?? t.id, label: t.label });
      // The fullest wording seen names the topic ("order arrived damaged" over "order damaged"), unless a supervisor named it.
      const seen = keys.get(t.key)!;
      if (t.custom_label === 0 && t.merged_into === null && seen.length > t.label.length) upgrades.push([t.id, seen]);
    }
    if (upgrades.length > 0) {
      statements.push(`WITH c(id, label) AS (VALUES ${valuesLiteral(upgrades)})
        UPDATE voc_topic SET label = (SELECT label FROM c WHERE c.id = voc_topic.id) WHERE id IN (SELECT id FROM c) AND custom_label = 0`);
    }
  }
  if (batch.replace) statements.push(...replaceSql(batch.replace.after, batch.replace.upTo));
  if (batch.rows.length > 0) {
    statements.push(
      `INSERT INTO voc_message (message_id, conversation_id, queue_id, channel, at, language, sentiment, phrases, truncated) VALUES ${valuesLiteral(
        batch.rows.map((r) => [
          r.messageId,
          r.conversationId,
          r.queueId,
          r.channel,
          r.at,
          r.language,
          r.sentiment,
          JSON.stringify(r.phrases),
          r.truncated,
        ]),
      )}`,
    );
  }
  const links: LiteralValue[][] = [];
  const days = new Map<string, { day: number; queue: string; channel: string; topic: number; n: number; s: number; sn: number }>();
  for (const r of batch.rows) {
    const day = dayOf(r.at);
    const topicIds = new Set(r.topics.map((t) => resolved.get(t.key)?.id).filter((id): id is number => id !== undefined));
    for (const topic of topicIds) {
      links.push([topic, r.messageId, day, r.at, r.queueId, r.channel, r.sentiment]);
      const k = `${day}|${r.queueId}|${r.channel}|${topic}`;
      const agg = days.get(k) ?? { day, queue: r.queueId, channel: r.channel, topic, n: 0, s: 0, sn: 0 };
      agg.n += 1;
      if (r.sentiment !== null) {
        agg.s += r.sentiment;
        agg.sn += 1;
      }
      days.set(k, agg);
    }
  }
  if (links.length > 0) {
    statements.push(
      `INSERT OR IGNORE INTO voc_message_topic (topic_id, message_id, day, at, queue_id, channel, sentiment) VALUES ${valuesLiteral(links)}`,
    );
    statements.push(`INSERT INTO voc_topic_day (day, queue_id, channel, topic_id, n, sentiment_sum, sentiment_n) VALUES ${valuesLiteral(
      [...days.values()].map((d) => [d.day, d.queue, d.channel, d.topic, d.n, d.s, d.sn]),
    )}
      ON CONFLICT(day, queue_id, channel, topic_id) DO UPDATE SET n = voc_topic_day.n + excluded.n,
        sentiment_sum = voc_topic_day.sentiment_sum + excluded.sentiment_sum, sentiment_n = voc_topic_day.sentiment_n + excluded.sentiment_n`);
    const totals = new Map<string, [number, number, number, number, number]>();
    for (const d of days.values()) {
      const k = `${d.day}|${d.topic}`;
      const t = totals.get(k) ?? [d.day, d.topic, 0, 0, 0];
      t[2] += d.n;
      t[3] += d.s;
      t[4] += d.sn;
      totals.set(k, t);
    }
    statements.push(`INSERT INTO voc_topic_total_day (day, topic_id, n, sentiment_sum, sentiment_n) VALUES ${valuesLiteral([...totals.values()])}
      ON CONFLICT(day, topic_id) DO UPDATE SET n = voc_topic_total_day.n + excluded.n,
        sentiment_sum = voc_topic_total_day.sentiment_sum + excluded.sentiment_sum,
        sentiment_n = voc_topic_total_day.sentiment_n + excluded.sentiment_n`);
  }
  const p = batch.position;
  statements.push(
    'watermark' in p
      ? `UPDATE voc_state SET watermark = max(watermark, ${Math.trunc(p.watermark)}), updated_at = ${Math.trunc(batch.now)} WHERE id = 1`
      : p.done
        ? `UPDATE voc_state SET reanalyse_from = NULL, reanalyse_to = NULL, reanalyse_started_at = NULL, updated_at = ${Math.trunc(batch.now)} WHERE id = 1`
        : `UPDATE voc_state SET reanalyse_from = ${Math.trunc(p.reanalyseFrom)}, updated_at = ${Math.trunc(batch.now)} WHERE id = 1`,
  );
  await tx.exec(statements.join(';\n'));
  return resolved;
}

/** Takes back what an earlier analysis of messages (after, upTo] counted, before they are read again. */
function replaceSql(after: number, upTo: number): string[] {
  const a = Math.trunc(after);
  const b = Math.trunc(upTo);
  return [
    `WITH old AS (SELECT day, queue_id, channel, topic_id, count(*) AS n, total(sentiment) AS s, count(sentiment) AS sn
       FROM voc_message_topic WHERE message_id > ${a} AND message_id <= ${b} GROUP BY day, queue_id, channel, topic_id)
     UPDATE voc_topic_day SET n = voc_topic_day.n - old.n, sentiment_sum = voc_topic_day.sentiment_sum - old.s,
       sentiment_n = voc_topic_day.sentiment_n - old.sn
     FROM old WHERE voc_topic_day.day = old.day AND voc_topic_day.queue_id = old.queue_id
       AND voc_topic_day.channel = old.channel AND voc_topic_day.topic_id = old.topic_id`,
    `DELETE FROM voc_topic_day WHERE n <= 0`,
    `WITH old AS (SELECT day, topic_id, count(*) AS n, total(sentiment) AS s, count(sentiment) AS sn
       FROM voc_message_topic WHERE message_id > ${a} AND message_id <= ${b} GROUP BY day, topic_id)
     UPDATE voc_topic_total_day SET n = voc_topic_total_day.n - old.n, sentiment_sum = voc_topic_total_day.sentiment_sum - old.s,
       sentiment_n = voc_topic_total_day.sentiment_n - old.sn
     FROM old WHERE voc_topic_total_day.day = old.day AND voc_topic_total_day.topic_id = old.topic_id`,
    `DELETE FROM voc_topic_total_day WHERE n <= 0`,
    `DELETE FROM voc_message_topic WHERE message_id > ${a} AND message_id <= ${b}`,
    `DELETE FROM voc_message WHERE message_id > ${a} AND message_id <= ${b}`,
  ];
}

// --- topics --------------------------------------------------------------------------------------------

export type TopicRow = {
  id: number;
  key: string;
  label: string;
  merged_into: number | null;
  hidden: number;
  pinned: number;
  last_spike_at: number | null;
};

export async function topicsByIds(db: Reader, ids: readonly number[]): Promise<TopicRow[]> {
  if (ids.length === 0) return [];
  return db.all<TopicRow>(
    sql`SELECT id, key, label, merged_into, hidden, pinned, last_spike_at FROM voc_topic WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
  );
}

export async function pinnedTopics(db: Reader): Promise<TopicRow[]> {
  return db.all<TopicRow>(
    sql`SELECT id, key, label, merged_into, hidden, pinned, last_spike_at FROM voc_topic WHERE pinned = 1 AND merged_into IS NULL`,
  );
}

export async function updateTopic(
  tx: Connection,
  id: number,
  change: Readonly<{ label?: string; hidden?: boolean; pinned?: boolean }>,
  by: number,
  now: number,
): Promise<void> {
  const sets = [sql`updated_by = ${by}`, sql`updated_at = ${now}`];
  if (change.label !== undefined) sets.push(sql`label = ${change.label}`, sql`custom_label = 1`);
  if (change.hidden !== undefined) sets.push(sql`hidden = ${change.hidden}`);
  if (change.pinned !== undefined) sets.push(sql`pinned = ${change.pinned}`);
  await tx.run(sql`UPDATE voc_topic SET ${join(sets)} WHERE id = ${id}`);
}

/**
 * Folds `sources` into `target`: their message links move (a message in both counts once), the day counts of
 * all of them are rebuilt from the links, and anything merged into a source before now points at the target.
 */
export async function mergeTopics(tx: Connection, target: number, sources: readonly number[], by: number, now: number): Promise<void> {
  const ids = JSON.stringify(sources);
  const all = JSON.stringify([target, ...sources]);
  await tx.run(sql`INSERT OR IGNORE INTO voc_message_topic (topic_id, message_id, day, at, queue_id, channel, sentiment)
    SELECT ${target}, message_id, day, at, queue_id, channel, sentiment FROM voc_message_topic WHERE topic_id IN (SELECT value FROM json_each(${ids}))`);
  await tx.run(sql`DELETE FROM voc_message_topic WHERE topic_id IN (SELECT value FROM json_each(${ids}))`);
  await tx.run(sql`DELETE FROM voc_topic_day WHERE topic_id IN (SELECT value FROM json_each(${all}))`);
  await tx.run(sql`INSERT INTO voc_topic_day (day, queue_id, channel, topic_id, n, sentiment_sum, sentiment_n)
    SELECT day, queue_id, channel, topic_id, count(*), total(sentiment), count(sentiment) FROM voc_message_topic WHERE topic_id = ${target}
    GROUP BY day, queue_id, channel, topic_id`);
  await tx.run(sql`DELETE FROM voc_topic_total_day WHERE topic_id IN (SELECT value FROM json_each(${all}))`);
  await tx.run(sql`INSERT INTO voc_topic_total_day (day, topic_id, n, sentiment_sum, sentiment_n)
    SELECT day, topic_id, count(*), total(sentiment), count(sentiment) FROM voc_message_topic WHERE topic_id = ${target}
    GROUP BY day, topic_id`);
  await tx.run(
    sql`UPDATE voc_topic SET merged_into = ${target}, pinned = 0, updated_by = ${by}, updated_at = ${now}
        WHERE id IN (SELECT value FROM json_each(${ids})) OR merged_into IN (SELECT value FROM json_each(${ids}))`,
  );
}

export async function markSpike(tx: Connection, topicId: number, at: number): Promise<void> {
  await tx.run(sql`UPDATE voc_topic SET last_spike_at = ${at} WHERE id = ${topicId}`);
}

// --- board ---------------------------------------------------------------------------------------------

export type Scope = Readonly<{ queueId?: string; channel?: ChannelKind }>;

function scopeSql(scope: Scope, alias: string) {
  const parts = [];
  if (scope.queueId !== undefined) parts.push(sql`AND ${raw(alias)}.queue_id = ${scope.queueId}`);
  if (scope.channel !== undefined) parts.push(sql`AND ${raw(alias)}.channel = ${scope.channel}`);
  return join(parts, ' ');
}

/** All queues and channels: the rollup without them; otherwise the per queue/channel counts. */
function dayTable(scope: Scope) {
  return raw(scope.queueId === undefined && scope.channel === undefined ? 'voc_topic_total_day' : 'voc_topic_day');
}

export type CountRow = { topic_id: number; cur: number; prev: number; s: number; sn: number };

/** Per topic: messages in days [curFrom, curTo] and in [prevFrom, curFrom), from the day counts. */
export async function topicCounts(
  db: Reader,
  days: Readonly<{ prevFrom: number; curFrom: number; curTo: number }>,
  scope: Scope,
): Promise<CountRow[]> {
  return db.all<CountRow>(sql`
    SELECT topic_id,
      total(CASE WHEN d.day >= ${days.curFrom} THEN n END) AS cur,
      total(CASE WHEN d.day < ${days.curFrom} THEN n END) AS prev,
      total(CASE WHEN d.day >= ${days.curFrom} THEN sentiment_sum END) AS s,
      total(CASE WHEN d.day >= ${days.curFrom} THEN sentiment_n END) AS sn
    FROM ${dayTable(scope)} d
    WHERE d.day >= ${days.prevFrom} AND d.day <= ${days.curTo} ${scopeSql(scope, 'd')}
    GROUP BY topic_id`);
}

/**
 * Messages per topic since `since` (the last hour), from the link rows' time index. INDEXED BY: left to
 * itself SQLite walks the whole table in topic order to skip a sort, 0.7 s at 1M messages (bench:voc).
 */
export async function recentCounts(
  db: Reader,
  since: number,
  scope: Scope,
): Promise<Array<{ topic_id: number; n: number; customers: number }>> {
  return db.all(sql`
    SELECT t.topic_id, count(*) AS n, count(DISTINCT c.customer_id) AS customers
    FROM voc_message_topic t INDEXED BY voc_message_topic_at
      JOIN voc_message v ON v.message_id = t.message_id JOIN conversation c ON c.id = v.conversation_id
    WHERE t.at >= ${since} ${scopeSql(scope, 't')} GROUP BY t.topic_id`);
}

/** Messages per day over [fromDay, toDay] for the given topics (a spike's baseline). */
export async function dayTotals(
  db: Reader,
  topicIds: readonly number[],
  fromDay: number,
  toDay: number,
  scope: Scope,
): Promise<Map<number, number>> {
  if (topicIds.length === 0) return new Map();
  const rows = await db.all<{ topic_id: number; n: number }>(sql`
    SELECT topic_id, total(n) AS n FROM ${dayTable(scope)} d
    WHERE topic_id IN (SELECT value FROM json_each(${JSON.stringify(topicIds)})) AND day >= ${fromDay} AND day <= ${toDay} ${scopeSql(scope, 'd')}
    GROUP BY topic_id`);
  return new Map(rows.map((r) => [r.topic_id, r.n]));
}

// --- the messages behind a figure ------------------------------------------------------------------------

export type VocMessageRow = {
  message_id: number;
  conversation_id: number;
  customer_id: number;
  customer_name: string;
  channel: ChannelKind;
  queue_id: string;
  at: number;
  body_text: string;
  language: string;
  sentiment: number | null;
  phrases: string;
};

const messageColumns = raw(`v.message_id, v.conversation_id, c.customer_id, cu.display_name AS customer_name, v.channel, v.queue_id, v.at,
  substr(m.body_text, 1, 2000) AS body_text, v.language, v.sentiment, v.phrases`);

export async function topicMessages(
  db: Reader,
  q: Readonly<{ topicId: number; since?: number; before?: number; limit: number } & Scope>,
): Promise<VocMessageRow[]> {
  return db.all<VocMessageRow>(sql`
    SELECT ${messageColumns}
    FROM voc_message_topic t JOIN voc_message v ON v.message_id = t.message_id JOIN message m ON m.id = v.message_id
      JOIN conversation c ON c.id = v.conversation_id JOIN customer cu ON cu.id = c.customer_id
    WHERE t.topic_id = ${q.topicId} AND t.message_id < ${q.before ?? Number.MAX_SAFE_INTEGER} AND t.at >= ${q.since ?? 0} ${scopeSql(q, 't')}
    ORDER BY t.message_id DESC LIMIT ${q.limit}`);
}

/** A customer's analysed messages, newest first (through their conversations: merges move those). */
export async function customerMessages(db: Reader, customerId: number, limit: number): Promise<VocMessageRow[]> {
  return db.all<VocMessageRow>(sql`
    SELECT ${messageColumns}
    FROM conversation c JOIN voc_message v ON v.conversation_id = c.id JOIN message m ON m.id = v.message_id
      JOIN customer cu ON cu.id = c.customer_id
    WHERE c.customer_id = ${customerId}
    ORDER BY v.message_id DESC LIMIT ${limit}`);
}

export async function conversationMessages(db: Reader, conversationId: number, limit: number): Promise<VocMessageRow[]> {
  return db.all<VocMessageRow>(sql`
    SELECT ${messageColumns}
    FROM voc_message v JOIN message m ON m.id = v.message_id JOIN conversation c ON c.id = v.conversation_id
      JOIN customer cu ON cu.id = c.customer_id
    WHERE v.conversation_id = ${conversationId}
    ORDER BY v.message_id DESC LIMIT ${limit}`);
}

/** Topic links of the given messages (visible topics only). */
export async function topicsOfMessages(
  db: Reader,
  messageIds: readonly number[],
): Promise<Array<{ message_id: number; topic_id: number; label: string; at: number; sentiment: number | null }>> {
  if (messageIds.length === 0) return [];
  return db.all(sql`
    SELECT t.message_id, t.topic_id, vt.label, t.at, t.sentiment
    FROM voc_message_topic t JOIN voc_topic vt ON vt.id = t.topic_id
    WHERE t.message_id IN (SELECT value FROM json_each(${JSON.stringify(messageIds)})) AND vt.hidden = 0`);
}

export async function customerOfConversation(db: Reader, conversationId: number): Promise<number | undefined> {
  return (await db.get<{ customer_id: number }>(sql`SELECT customer_id FROM conversation WHERE id = ${conversationId}`))?.customer_id;
}

/**
 * Erasure and retention: the analysis of deleted messages goes with them, and so does every topic no remaining
 * message speaks of (its key and label are the erased customer's own words). Counts of topics that other
 * customers share stay: they are anonymous figures.
 */
export async function forgetMessages(tx: Connection, messageIds: readonly number[]): Promise<void> {
  for (let i = 0; i < messageIds.length; i += 500) {
    const ids = join(messageIds.slice(i, i + 500).map((id) => sql`${id}`));
    const linked = await tx.all<{ topic_id: number }>(sql`SELECT DISTINCT topic_id FROM voc_message_topic WHERE message_id IN (${ids})`);
    await tx.run(sql`DELETE FROM voc_message_topic WHERE message_id IN (${ids})`);
    await tx.run(sql`DELETE FROM voc_message WHERE message_id IN (${ids})`);
    for (const { topic_id: topic } of linked) {
      if (await tx.get(sql`SELECT 1 FROM voc_message_topic WHERE topic_id = ${topic} LIMIT 1`)) continue;
      await tx.run(sql`UPDATE voc_topic SET merged_into = NULL WHERE merged_into = ${topic}`);
      await tx.run(sql`DELETE FROM voc_topic_day WHERE topic_id = ${topic}`);
      await tx.run(sql`DELETE FROM voc_topic_total_day WHERE topic_id = ${topic}`);
      await tx.run(sql`DELETE FROM voc_topic WHERE id = ${topic}`);
    }
  }
}
