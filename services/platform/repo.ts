import type {
  ApiKey,
  ApiScope,
  ChannelKind,
  Conversation,
  ConversationRow,
  DeliveryState,
  Message,
  MessageRow,
  RetentionPolicy,
  RetentionRun,
  WebhookDelivery,
  WebhookEventType,
  WebhookSubscription,
} from '../contracts';
import type { Connection } from '../store/store';
import { parseJson } from '../store/repos/json';
import { toConversation, type DbConversation } from '../store/repos/conversations';
import { toMessage } from '../store/repos/messages';
import type { EventRow } from '../store/repos/events';
import { toEventRow, type DbEvent } from '../store/repos/events';
import { join, sql, type SqlQuery } from '../store/sql';

type Reader = Pick<Connection, 'get' | 'all'>;
type Writer = Pick<Connection, 'get' | 'all' | 'run'>;

// --- API keys -------------------------------------------------------------------------------------------

type DbApiKey = {
  id: number;
  name: string;
  prefix: string;
  scopes: string;
  rate_per_minute: number;
  expires_at: number | null;
  created_at: number;
  created_by_agent_id: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
};

function toApiKey(r: DbApiKey): ApiKey {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: parseJson<ApiScope[]>(r.scopes, []),
    rateLimitPerMinute: r.rate_per_minute,
    expiresAt: r.expires_at,
    createdAt: r.created_at,
    createdByAgentId: r.created_by_agent_id,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  };
}

const apiKeyColumns = sql`id, name, prefix, scopes, rate_per_minute, expires_at, created_at, created_by_agent_id, revoked_at, last_used_at`;

export async function listApiKeys(db: Reader): Promise<ApiKey[]> {
  return (await db.all<DbApiKey>(sql`SELECT ${apiKeyColumns} FROM api_key ORDER BY revoked_at IS NOT NULL, id DESC`)).map(toApiKey);
}

export async function getApiKey(db: Reader, id: number): Promise<ApiKey | undefined> {
  const row = await db.get<DbApiKey>(sql`SELECT ${apiKeyColumns} FROM api_key WHERE id = ${id}`);
  return row && toApiKey(row);
}

export async function apiKeyByHash(db: Reader, secretHash: string): Promise<ApiKey | undefined> {
  const row = await db.get<DbApiKey>(sql`SELECT ${apiKeyColumns} FROM api_key WHERE secret_hash = ${secretHash}`);
  return row && toApiKey(row);
}

export async function nextApiKeyId(tx: Writer): Promise<number> {
  return ((await tx.get<{ id: number | null }>(sql`SELECT MAX(id) AS id FROM api_key`))?.id ?? 0) + 1;
}

export async function insertApiKey(
  tx: Writer,
  k: Readonly<{
    id: number;
    name: string;
    prefix: string;
    secretHash: string;
    scopes: readonly ApiScope[];
    ratePerMinute: number;
    expiresAt: number | null;
    at: number;
    byAgentId: number;
  }>,
): Promise<void> {
  await tx.run(sql`
    INSERT INTO api_key (id, name, prefix, secret_hash, scopes, rate_per_minute, expires_at, created_at, created_by_agent_id)
    VALUES (${k.id}, ${k.name}, ${k.prefix}, ${k.secretHash}, ${JSON.stringify(k.scopes)}, ${k.ratePerMinute}, ${k.expiresAt}, ${k.at}, ${k.byAgentId})`);
}

export async function revokeApiKey(tx: Writer, id: number, at: number): Promise<void> {
  await tx.run(sql`UPDATE api_key SET revoked_at = COALESCE(revoked_at, ${at}) WHERE id = ${id}`);
}

export async function touchApiKeys(tx: Writer, used: ReadonlyMap<number, number>): Promise<void> {
  for (const [id, at] of used) await tx.run(sql`UPDATE api_key SET last_used_at = MAX(COALESCE(last_used_at, 0), ${at}) WHERE id = ${id}`);
}

// --- webhook subscriptions ------------------------------------------------------------------------------

type DbSubscription = {
  id: number;
  url: string;
  events: string;
  description: string | null;
  active: number;
  created_at: number;
  pending: number;
  failed: number;
};

function toSubscription(r: DbSubscription): WebhookSubscription {
  return {
    id: r.id,
    url: r.url,
    events: parseJson<WebhookEventType[]>(r.events, []),
    description: r.description,
    active: r.active === 1,
    createdAt: r.created_at,
    pending: r.pending,
    failed: r.failed,
  };
}

const subscriptionSelect = sql`
  SELECT s.id, s.url, s.events, s.description, s.active, s.created_at,
    (SELECT count(*) FROM webhook_delivery d WHERE d.subscription_id = s.id AND d.state = 'pending') AS pending,
    (SELECT count(*) FROM webhook_delivery d WHERE d.subscription_id = s.id AND d.state = 'failed') AS failed
  FROM webhook_subscription s WHERE s.deleted_at IS NULL`;

export async function listSubscriptions(db: Reader): Promise<WebhookSubscription[]> {
  return (await db.all<DbSubscription>(sql`${subscriptionSelect} ORDER BY s.id`)).map(toSubscription);
}

export async function getSubscription(db: Reader, id: number): Promise<WebhookSubscription | undefined> {
  const row = await db.get<DbSubscription>(sql`${subscriptionSelect} AND s.id = ${id}`);
  return row && toSubscription(row);
}

export type SigningSubscription = Readonly<{ id: number; url: string; secret: string; events: readonly WebhookEventType[] }>;

/** Subscriptions not deleted: a paused one still gets its deliveries queued, sent when it is resumed. */
export async function liveSubscriptions(db: Reader): Promise<SigningSubscription[]> {
  const rows = await db.all<{ id: number; url: string; secret: string; events: string }>(
    sql`SELECT id, url, secret, events FROM webhook_subscription WHERE deleted_at IS NULL`,
  );
  return rows.map((r) => ({ id: r.id, url: r.url, secret: r.secret, events: parseJson<WebhookEventType[]>(r.events, []) }));
}

export async function insertSubscription(
  tx: Writer,
  s: Readonly<{
    url: string;
    events: readonly WebhookEventType[];
    description: string | null;
    secret: string;
    at: number;
    byAgentId: number;
  }>,
): Promise<number> {
  const r = await tx.run(sql`
    INSERT INTO webhook_subscription (url, events, description, secret, created_at, created_by_agent_id)
    VALUES (${s.url}, ${JSON.stringify(s.events)}, ${s.description}, ${s.secret}, ${s.at}, ${s.byAgentId})`);
  return r.lastID;
}

export async function setSubscriptionActive(tx: Writer, id: number, active: boolean): Promise<number> {
  return (await tx.run(sql`UPDATE webhook_subscription SET active = ${active ? 1 : 0} WHERE id = ${id} AND deleted_at IS NULL`)).changes;
}

/** Deleted subscriptions stop at once: their waiting deliveries are dropped (their history stays). */
export async function deleteSubscription(tx: Writer, id: number, at: number): Promise<number> {
  const changed = (
    await tx.run(sql`UPDATE webhook_subscription SET deleted_at = ${at}, active = 0 WHERE id = ${id} AND deleted_at IS NULL`)
  ).changes;
  await tx.run(
    sql`UPDATE webhook_delivery SET state = 'failed', next_attempt_at = NULL, last_error = 'subscription deleted' WHERE subscription_id = ${id} AND state = 'pending'`,
  );
  return changed;
}

// --- webhook deliveries ---------------------------------------------------------------------------------

type DbDelivery = {
  id: number;
  subscription_id: number;
  event_id: string;
  event_type: WebhookEventType;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: number | null;
  last_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: number | null;
  created_at: number;
};

function toDelivery(r: DbDelivery): WebhookDelivery {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    eventId: r.event_id,
    eventType: r.event_type,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastAttemptAt: r.last_attempt_at,
    lastStatus: r.last_status,
    lastError: r.last_error,
    deliveredAt: r.delivered_at,
    createdAt: r.created_at,
  };
}

const deliveryColumns = sql`id, subscription_id, event_id, event_type, state, attempts, next_attempt_at, last_attempt_at, last_status, last_error, delivered_at, created_at`;

export async function listDeliveries(db: Reader, subscriptionId: number, limit: number): Promise<WebhookDelivery[]> {
  const rows = await db.all<DbDelivery>(
    sql`SELECT ${deliveryColumns} FROM webhook_delivery WHERE subscription_id = ${subscriptionId} ORDER BY id DESC LIMIT ${limit}`,
  );
  return rows.map(toDelivery);
}

export async function getDelivery(db: Reader, id: number): Promise<WebhookDelivery | undefined> {
  const row = await db.get<DbDelivery>(sql`SELECT ${deliveryColumns} FROM webhook_delivery WHERE id = ${id}`);
  return row && toDelivery(row);
}

export type NewDelivery = Readonly<{ subscriptionId: number; eventId: string; eventType: WebhookEventType; payload: string }>;

export async function insertDeliveries(tx: Writer, rows: readonly NewDelivery[], at: number): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    const part = rows.slice(i, i + 200);
    await tx.run(sql`
      INSERT INTO webhook_delivery (subscription_id, event_id, event_type, payload, state, next_attempt_at, created_at)
      VALUES ${join(part.map((d) => sql`(${d.subscriptionId}, ${d.eventId}, ${d.eventType}, ${d.payload}, 'pending', ${at}, ${at})`))}
      ON CONFLICT (subscription_id, event_id) DO NOTHING`);
  }
}

export type DueDelivery = Readonly<{ id: number; subscriptionId: number; url: string; secret: string; payload: string; attempts: number }>;

export async function dueDeliveries(db: Reader, now: number, limit: number): Promise<DueDelivery[]> {
  const rows = await db.all<{ id: number; subscription_id: number; url: string; secret: string; payload: string; attempts: number }>(sql`
    SELECT d.id, d.subscription_id, s.url, s.secret, d.payload, d.attempts
    FROM webhook_delivery d JOIN webhook_subscription s ON s.id = d.subscription_id
    WHERE d.state = 'pending' AND d.next_attempt_at <= ${now} AND s.active = 1 AND s.deleted_at IS NULL
    ORDER BY d.next_attempt_at, d.id LIMIT ${limit}`);
  return rows.map((r) => ({
    id: r.id,
    subscriptionId: r.subscription_id,
    url: r.url,
    secret: r.secret,
    payload: r.payload,
    attempts: r.attempts,
  }));
}

export async function nextDueAt(db: Reader): Promise<number | null> {
  return (
    (await db.get<{ at: number | null }>(sql`SELECT MIN(next_attempt_at) AS at FROM webhook_delivery WHERE state = 'pending'`))?.at ?? null
  );
}

export async function recordAttempt(
  tx: Writer,
  a: Readonly<{ id: number; at: number; status: number | null; error: string | null; state: DeliveryState; nextAttemptAt: number | null }>,
): Promise<void> {
  await tx.run(sql`
    UPDATE webhook_delivery SET attempts = attempts + 1, last_attempt_at = ${a.at}, last_status = ${a.status}, last_error = ${a.error},
      state = ${a.state}, next_attempt_at = ${a.nextAttemptAt}, delivered_at = ${a.state === 'delivered' ? a.at : null}
    WHERE id = ${a.id}`);
}

export async function requeueDelivery(tx: Writer, id: number, at: number): Promise<number> {
  return (
    await tx.run(
      sql`UPDATE webhook_delivery SET state = 'pending', attempts = 0, next_attempt_at = ${at}, delivered_at = NULL WHERE id = ${id}`,
    )
  ).changes;
}

// --- the webhook feed's sources ---------------------------------------------------------------------------

export async function watermark(db: Reader, name: 'event' | 'merge'): Promise<number> {
  return (await db.get<{ value: number }>(sql`SELECT value FROM platform_watermark WHERE name = ${name}`))?.value ?? 0;
}

export async function setWatermark(tx: Writer, name: 'event' | 'merge', value: number): Promise<void> {
  await tx.run(sql`UPDATE platform_watermark SET value = ${value} WHERE name = ${name}`);
}

export async function eventsAfter(
  db: Reader,
  seq: number,
  types: readonly string[],
  limit: number,
): Promise<{ rows: EventRow[]; last: number }> {
  // The scan is bounded by seq (primary key); the type filter is applied to that range.
  const rows = await db.all<DbEvent>(sql`SELECT * FROM event WHERE seq > ${seq} ORDER BY seq LIMIT ${limit}`);
  const wanted = new Set(types);
  return { rows: rows.filter((r) => wanted.has(r.type)).map(toEventRow), last: rows.at(-1)?.seq ?? seq };
}

export type MergeFeedRow = Readonly<{ id: number; at: number; survivorId: number; mergedId: number; rule: string | null; undone: boolean }>;

export async function mergesAfter(db: Reader, id: number, limit: number): Promise<MergeFeedRow[]> {
  const rows = await db.all<{
    id: number;
    at: number;
    survivor_id: number;
    merged_id: number;
    rule: string | null;
    undone_at: number | null;
  }>(sql`SELECT id, at, survivor_id, merged_id, rule, undone_at FROM customer_merge WHERE id > ${id} ORDER BY id LIMIT ${limit}`);
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    survivorId: r.survivor_id,
    mergedId: r.merged_id,
    rule: r.rule,
    undone: r.undone_at !== null,
  }));
}

export type ConversationFacts = Readonly<{
  id: number;
  customerId: number;
  channel: ChannelKind;
  queueId: string;
  enqueuedAt: number | null;
  createdAt: number;
}>;

export async function conversationFacts(db: Reader, ids: readonly number[]): Promise<Map<number, ConversationFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await db.all<{
    id: number;
    customer_id: number;
    channel: ChannelKind;
    queue_id: string;
    enqueued_at: number | null;
    created_at: number;
  }>(
    sql`SELECT id, customer_id, channel, queue_id, enqueued_at, created_at FROM conversation WHERE id IN (${join(ids.map((i) => sql`${i}`))})`,
  );
  return new Map(
    rows.map((r) => [
      r.id,
      { id: r.id, customerId: r.customer_id, channel: r.channel, queueId: r.queue_id, enqueuedAt: r.enqueued_at, createdAt: r.created_at },
    ]),
  );
}

// --- public API reads ----------------------------------------------------------------------------------

/**
 * Customers by last change (updated_at, else created_at), then id: the sync order. Written as a range on the
 * expression (not a row-value comparison) so SQLite searches the customer_changed index instead of scanning it.
 */
export function customersChangedSql(after: Readonly<{ at: number; id: number }>, limit: number): SqlQuery {
  return sql`
    SELECT id, COALESCE(updated_at, created_at) AS changed_at FROM customer
    WHERE COALESCE(updated_at, created_at) >= ${after.at}
      AND (COALESCE(updated_at, created_at) > ${after.at} OR id > ${after.id})
    ORDER BY COALESCE(updated_at, created_at), id LIMIT ${limit}`;
}

export async function customersChangedAfter(
  db: Reader,
  after: Readonly<{ at: number; id: number }>,
  limit: number,
): Promise<Array<{ id: number; changed_at: number }>> {
  return db.all<{ id: number; changed_at: number }>(customersChangedSql(after, limit));
}

/** Event rows that touch a conversation, after a seq (the conversations change feed). */
export async function conversationChangesAfter(
  db: Reader,
  seq: number,
  limit: number,
): Promise<Array<{ seq: number; conversation_id: number }>> {
  return db.all<{ seq: number; conversation_id: number }>(
    sql`SELECT seq, conversation_id FROM event WHERE seq > ${seq} AND conversation_id IS NOT NULL ORDER BY seq LIMIT ${limit}`,
  );
}

export async function conversationsByIds(db: Reader, ids: readonly number[]): Promise<Conversation[]> {
  if (ids.length === 0) return [];
  const rows = await db.all<DbConversation>(sql`SELECT * FROM conversation WHERE id IN (${join(ids.map((i) => sql`${i}`))})`);
  return rows.map(toConversation);
}

type DbMessageRow = Parameters<typeof toMessage>[0];

export async function messagesOfConversationAfter(db: Reader, conversationId: number, afterId: number, limit: number): Promise<Message[]> {
  const rows = await db.all<DbMessageRow>(
    sql`SELECT * FROM message WHERE conversation_id = ${conversationId} AND id > ${afterId} ORDER BY id LIMIT ${limit}`,
  );
  return rows.map(toMessage);
}

export async function messagesAfter(db: Reader, afterId: number, limit: number): Promise<Message[]> {
  return (await db.all<DbMessageRow>(sql`SELECT * FROM message WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`)).map(toMessage);
}

// --- exports (keyset chunks: a stream never holds more than one chunk) --------------------------------

export async function conversationRowsChunk(
  db: Reader,
  from: number,
  to: number,
  afterId: number,
  limit: number,
): Promise<ConversationRow[]> {
  const rows = await db.all<{
    id: number;
    channel: ChannelKind;
    customer_id: number;
    queue_id: string;
    state: ConversationRow['state'];
    subject: string | null;
    assigned_agent_id: number | null;
    created_at: number;
    first_response_at: number | null;
    closed_at: number | null;
    disposition: string | null;
    message_count: number;
  }>(sql`
    SELECT id, channel, customer_id, queue_id, state, subject, assigned_agent_id, created_at, first_response_at, closed_at, disposition, message_count
    FROM conversation WHERE id > ${afterId} AND created_at >= ${from} AND created_at < ${to} ORDER BY id LIMIT ${limit}`);
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    customerId: r.customer_id,
    queueId: r.queue_id,
    state: r.state,
    subject: r.subject,
    assignedAgentId: r.assigned_agent_id,
    createdAt: r.created_at,
    firstResponseAt: r.first_response_at,
    closedAt: r.closed_at,
    disposition: r.disposition,
    messageCount: r.message_count,
  }));
}

export async function messageRowsChunk(db: Reader, from: number, to: number, afterId: number, limit: number): Promise<MessageRow[]> {
  const rows = await db.all<{
    id: number;
    conversation_id: number;
    channel: ChannelKind;
    customer_id: number;
    direction: MessageRow['direction'];
    author_agent_id: number | null;
    body_text: string;
    status: string | null;
    created_at: number;
  }>(sql`
    SELECT m.id, m.conversation_id, c.channel, c.customer_id, m.direction, m.author_agent_id, m.body_text, m.status, m.created_at
    FROM message m JOIN conversation c ON c.id = m.conversation_id
    WHERE m.id > ${afterId} AND m.created_at >= ${from} AND m.created_at < ${to} AND m.direction <> 'note'
    ORDER BY m.id LIMIT ${limit}`);
  return rows.map((r) => ({
    id: r.id,
    conversationId: r.conversation_id,
    channel: r.channel,
    customerId: r.customer_id,
    direction: r.direction,
    authorAgentId: r.author_agent_id,
    bodyText: r.body_text,
    status: r.status,
    createdAt: r.created_at,
  }));
}

// --- customer data rights --------------------------------------------------------------------------------

/** The customer and every record merged into it, at any depth (one person). */
export async function customerFamily(db: Reader, customerId: number): Promise<number[]> {
  const rows = await db.all<{ id: number }>(sql`
    WITH RECURSIVE family(id) AS (SELECT id FROM customer WHERE id = ${customerId}
      UNION SELECT c.id FROM customer c JOIN family f ON c.merged_into = f.id)
    SELECT id FROM family ORDER BY id`);
  return rows.map((r) => r.id);
}

export async function conversationIdsOf(db: Reader, customerIds: readonly number[]): Promise<number[]> {
  if (customerIds.length === 0) return [];
  const rows = await db.all<{ id: number }>(
    sql`SELECT id FROM conversation WHERE customer_id IN (${join(customerIds.map((i) => sql`${i}`))}) ORDER BY created_at, id`,
  );
  return rows.map((r) => r.id);
}

export type AttachmentRow = Readonly<{
  id: number;
  message_id: number;
  filename: string | null;
  content_type: string | null;
  size: number | null;
  url: string | null;
  sha256: string | null;
}>;

export async function attachmentsOfMessages(db: Reader, messageIds: readonly number[]): Promise<AttachmentRow[]> {
  if (messageIds.length === 0) return [];
  return db.all<AttachmentRow>(
    sql`SELECT id, message_id, filename, content_type, size, url, sha256 FROM attachment WHERE message_id IN (${join(messageIds.map((i) => sql`${i}`))})`,
  );
}

export async function messagesOfConversations(db: Reader, conversationIds: readonly number[]): Promise<Message[]> {
  if (conversationIds.length === 0) return [];
  const rows = await db.all<DbMessageRow>(
    sql`SELECT * FROM message WHERE conversation_id IN (${join(conversationIds.map((i) => sql`${i}`))}) ORDER BY conversation_id, id`,
  );
  return rows.map(toMessage);
}

/** Is a content-addressed attachment file still used by a message of someone else? */
export async function attachmentShaInUse(db: Reader, sha256: string): Promise<boolean> {
  return (await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM attachment WHERE sha256 = ${sha256}`))!.n > 0;
}

export async function insertErasure(
  tx: Writer,
  e: Readonly<{ at: number; byAgentId: number | null; byApiKeyId: number | null; reason: string; report: unknown }>,
): Promise<number> {
  return (
    await tx.run(sql`INSERT INTO customer_erasure (at, by_agent_id, by_api_key_id, reason, report)
      VALUES (${e.at}, ${e.byAgentId}, ${e.byApiKeyId}, ${e.reason}, ${JSON.stringify(e.report)})`)
  ).lastID;
}

// --- retention -------------------------------------------------------------------------------------------

export async function listRetentionPolicies(db: Reader): Promise<RetentionPolicy[]> {
  const rows = await db.all<{ channel: ChannelKind; days: number; updated_at: number }>(
    sql`SELECT channel, days, updated_at FROM retention_policy ORDER BY channel`,
  );
  return rows.map((r) => ({ channel: r.channel, days: r.days, updatedAt: r.updated_at }));
}

export async function setRetentionPolicy(tx: Writer, channel: ChannelKind, days: number | null, at: number): Promise<void> {
  if (days === null) await tx.run(sql`DELETE FROM retention_policy WHERE channel = ${channel}`);
  else
    await tx.run(sql`INSERT INTO retention_policy (channel, days, updated_at) VALUES (${channel}, ${days}, ${at})
      ON CONFLICT (channel) DO UPDATE SET days = excluded.days, updated_at = excluded.updated_at`);
}

/** Closed conversations of a channel that closed before `before` (oldest first, a bounded batch). */
export async function expiredConversations(db: Reader, channel: ChannelKind, before: number, limit: number): Promise<number[]> {
  const rows = await db.all<{ id: number }>(sql`
    SELECT id FROM conversation
    WHERE channel = ${channel} AND state IN ('closed', 'abandoned') AND COALESCE(closed_at, created_at) < ${before}
    ORDER BY id LIMIT ${limit}`);
  return rows.map((r) => r.id);
}

export async function insertRetentionRun(tx: Writer, r: Omit<RetentionRun, 'id'>): Promise<number> {
  return (
    await tx.run(sql`INSERT INTO retention_run (at, channel, days, conversations, messages)
      VALUES (${r.at}, ${r.channel}, ${r.days}, ${r.conversations}, ${r.messages})`)
  ).lastID;
}

export async function listRetentionRuns(db: Reader, limit: number): Promise<RetentionRun[]> {
  return db.all<RetentionRun>(
    sql`SELECT id, at, channel, days, conversations, messages FROM retention_run ORDER BY id DESC LIMIT ${limit}`,
  );
}

export async function messageBodies(
  db: Reader,
  ids: readonly number[],
): Promise<Map<number, { bodyText: string; authorAgentId: number | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.all<{ id: number; body_text: string; author_agent_id: number | null }>(
    sql`SELECT id, body_text, author_agent_id FROM message WHERE id IN (${join(ids.map((i) => sql`${i}`))})`,
  );
  return new Map(rows.map((r) => [r.id, { bodyText: r.body_text, authorAgentId: r.author_agent_id }]));
}

export async function queueSlaSeconds(db: Reader): Promise<Map<string, number>> {
  const rows = await db.all<{ id: string; sla_seconds: number }>(sql`SELECT id, sla_seconds FROM queue`);
  return new Map(rows.map((r) => [r.id, r.sla_seconds]));
}

/** Delivered deliveries older than `before` (their history has been visible long enough). */
export async function pruneDeliveries(tx: Writer, before: number): Promise<number> {
  return (await tx.run(sql`DELETE FROM webhook_delivery WHERE state = 'delivered' AND delivered_at < ${before}`)).changes;
}

/** Has the customer written in this conversation (an email answer is then a reply, else a first mail)? */
export async function hasInboundMessage(db: Reader, conversationId: number): Promise<boolean> {
  const row = await db.get<{ id: number }>(
    sql`SELECT id FROM message WHERE conversation_id = ${conversationId} AND direction = 'in' LIMIT 1`,
  );
  return row !== undefined;
}

/** Moves both watermarks to the newest rows (a first subscription starts from now, not from the log's beginning). */
export async function watermarksToNow(tx: Writer): Promise<void> {
  await tx.run(sql`UPDATE platform_watermark SET value = (SELECT COALESCE(MAX(seq), 0) FROM event) WHERE name = 'event'`);
  await tx.run(sql`UPDATE platform_watermark SET value = (SELECT COALESCE(MAX(id), 0) FROM customer_merge) WHERE name = 'merge'`);
}

export async function countLiveSubscriptions(db: Reader): Promise<number> {
  return (await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM webhook_subscription WHERE deleted_at IS NULL`))?.n ?? 0;
}
