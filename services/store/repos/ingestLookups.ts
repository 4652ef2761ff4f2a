import type { Conversation, IdentityKind } from '../../contracts';
import type { Connection } from '../connection';
import { raw, sql, type SqlQuery } from '../sql';
import type { IdentityOwner } from './customers';
import { toConversation } from './conversations';
import type { RowIds } from './rowIds';

export type IngestLookupKeys = Readonly<{
  identities: ReadonlyArray<Readonly<{ kind: IdentityKind; value: string }>>;
  conversationIds: readonly number[];
  threadKeys: readonly string[];
  providerIds: readonly string[];
  queueIds: readonly string[];
}>;

export type IngestLookups = Readonly<{
  /** Keyed `${kind}|${value}`. */
  owners: ReadonlyMap<string, IdentityOwner>;
  byId: ReadonlyMap<number, Conversation>;
  /** The newest conversation of each thread key. */
  byKey: ReadonlyMap<string, Conversation>;
  storedProviderIds: ReadonlySet<string>;
  /** Which of the queue ids exist (a message for an unknown queue must fail alone, on the per-message path). */
  queues: ReadonlySet<string>;
  maxIds: RowIds;
}>;

const CONVERSATION_COLUMNS = raw(`json_array(c.id, c.channel, c.customer_id, c.queue_id, c.state, c.priority, c.subject, c.thread_key,
  c.assigned_agent_id, c.last_agent_id, c.created_at, c.enqueued_at, c.first_response_at, c.closed_at, c.disposition)`);

/**
 * Everything batch ingest must know before it writes, in one statement: who owns each sender identity, the
 * conversations named by id or thread key, which provider ids are already stored, which queues exist, and the highest ids.
 * One statement rather than five because each node-sqlite3 call wakes a thread-pool thread, and on a busy
 * hub that wake-up costs the main thread far more than the query itself. Rows come back tagged, the values
 * as a JSON array. (The statement is exported for its query-plan test.)
 */
export function ingestLookupsQuery(keys: IngestLookupKeys): SqlQuery {
  return sql`
    SELECT 'owner' AS tag, json_array(i.kind, i.value, i.customer_id, c.merged_into) AS row
      FROM json_each(${JSON.stringify(keys.identities.map((i) => [i.kind, i.value]))}) j
      JOIN identity i ON i.kind = j.value->>0 AND i.value = j.value->>1
      JOIN customer c ON c.id = i.customer_id
    UNION ALL
    SELECT 'id', ${CONVERSATION_COLUMNS}
      FROM json_each(${JSON.stringify(keys.conversationIds)}) j JOIN conversation c ON c.id = j.value
    UNION ALL
    SELECT 'key', ${CONVERSATION_COLUMNS}
      FROM json_each(${JSON.stringify(keys.threadKeys)}) j
      JOIN conversation c ON c.id = (
        SELECT id FROM conversation WHERE thread_key = j.value ORDER BY created_at DESC, id DESC LIMIT 1)
    UNION ALL
    SELECT 'stored', json_array(provider_id)
      FROM message WHERE provider_id IN (SELECT value FROM json_each(${JSON.stringify(keys.providerIds)}))
    UNION ALL
    SELECT 'queue', json_array(id) FROM queue WHERE id IN (SELECT value FROM json_each(${JSON.stringify(keys.queueIds)}))
    UNION ALL
    SELECT 'ids', json_array((SELECT MAX(id) FROM customer), (SELECT MAX(id) FROM conversation), (SELECT MAX(id) FROM message))`;
}

const PG_CONVERSATION_COLUMNS = raw(`json_build_array(c.id, c.channel, c.customer_id, c.queue_id, c.state, c.priority, c.subject,
  c.thread_key, c.assigned_agent_id, c.last_agent_id, c.created_at, c.enqueued_at, c.first_response_at, c.closed_at,
  c.disposition)::text`);

/**
 * The same look-ups in PostgreSQL's words: jsonb_array_elements for the key lists, arrays for IN. Each key
 * list drives index probes (`= ANY(ARRAY(…))`, a LATERAL … LIMIT 1 for the identity pairs): as joins, the
 * planner counts 100 rows per jsonb_array_elements and, on tables it last saw small, hashed the keys against
 * a sequential scan of identity, message and conversation, a cost that grew with the database (15 ms per
 * batch at 4,000 customers, under the writer lock every hub waits for; docs/benchmarks.md).
 */
export function ingestLookupsQueryPostgres(keys: IngestLookupKeys): SqlQuery {
  return sql`
    SELECT 'owner' AS tag, json_build_array(o.kind, o.value, o.customer_id, o.merged_into)::text AS row
      FROM jsonb_array_elements(${JSON.stringify(keys.identities.map((i) => [i.kind, i.value]))}::jsonb) j
      CROSS JOIN LATERAL (
        SELECT i.kind, i.value, i.customer_id, c.merged_into FROM identity i JOIN customer c ON c.id = i.customer_id
         WHERE i.kind = j.value->>0 AND i.value = j.value->>1 LIMIT 1) o
    UNION ALL
    SELECT 'id', ${PG_CONVERSATION_COLUMNS}
      FROM conversation c
     WHERE c.id = ANY(ARRAY(SELECT (value #>> '{}')::bigint FROM jsonb_array_elements(${JSON.stringify(keys.conversationIds)}::jsonb)))
    UNION ALL
    SELECT 'key', ${PG_CONVERSATION_COLUMNS}
      FROM conversation c
     WHERE c.id = ANY(ARRAY(
       SELECT (SELECT id FROM conversation WHERE thread_key = j.value ORDER BY created_at DESC, id DESC LIMIT 1)
         FROM jsonb_array_elements_text(${JSON.stringify(keys.threadKeys)}::jsonb) j))
    UNION ALL
    SELECT 'stored', json_build_array(provider_id)::text
      FROM message WHERE provider_id = ANY(ARRAY(SELECT value FROM jsonb_array_elements_text(${JSON.stringify(keys.providerIds)}::jsonb)))
    UNION ALL
    SELECT 'queue', json_build_array(id)::text
      FROM queue WHERE id = ANY(ARRAY(SELECT value FROM jsonb_array_elements_text(${JSON.stringify(keys.queueIds)}::jsonb)))
    UNION ALL
    SELECT 'ids', json_build_array((SELECT MAX(id) FROM customer), (SELECT MAX(id) FROM conversation), (SELECT MAX(id) FROM message))::text`;
}

/** Runs ingestLookupsQuery and sorts its tagged rows out. */
export async function ingestLookups(tx: Pick<Connection, 'all' | 'engine'>, keys: IngestLookupKeys): Promise<IngestLookups> {
  const query = tx.engine === 'postgres' ? ingestLookupsQueryPostgres(keys) : ingestLookupsQuery(keys);
  const rows = await tx.all<{ tag: 'owner' | 'id' | 'key' | 'stored' | 'queue' | 'ids'; row: string }>(query);

  const owners = new Map<string, IdentityOwner>();
  const byId = new Map<number, Conversation>();
  const byKey = new Map<string, Conversation>();
  const stored = new Set<string>();
  const queues = new Set<string>();
  let maxIds: RowIds = { customer: 0, conversation: 0, message: 0 };
  for (const { tag, row } of rows) {
    const values = JSON.parse(row) as unknown[];
    switch (tag) {
      case 'owner': {
        const [kind, value, customerId, mergedInto] = values as [string, string, number, number | null];
        owners.set(`${kind}|${value}`, { customerId, mergedInto });
        break;
      }
      case 'id':
      case 'key': {
        const conversation = conversationFrom(values);
        if (tag === 'id') byId.set(conversation.id, conversation);
        else byKey.set(conversation.threadKey ?? '', conversation);
        break;
      }
      case 'stored':
        stored.add(values[0] as string);
        break;
      case 'queue':
        queues.add(values[0] as string);
        break;
      case 'ids': {
        const [customer, conversation, message] = values as Array<number | null>;
        maxIds = { customer: customer ?? 0, conversation: conversation ?? 0, message: message ?? 0 };
        break;
      }
    }
  }
  return { owners, byId, byKey, storedProviderIds: stored, queues, maxIds };
}

function conversationFrom(v: readonly unknown[]): Conversation {
  const [
    id,
    channel,
    customerId,
    queueId,
    state,
    priority,
    subject,
    threadKey,
    assigned,
    last,
    created,
    enqueued,
    firstResponse,
    closed,
    disposition,
  ] = v;
  return toConversation({
    id,
    channel,
    customer_id: customerId,
    queue_id: queueId,
    state,
    priority,
    subject,
    thread_key: threadKey,
    assigned_agent_id: assigned,
    last_agent_id: last,
    created_at: created,
    enqueued_at: enqueued,
    first_response_at: firstResponse,
    closed_at: closed,
    disposition,
  } as Parameters<typeof toConversation>[0]);
}
